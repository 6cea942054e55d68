using ConnMgr.Sim.Results;
using ConnMgr.Sim.Traces;
using ScottPlot;

namespace ConnMgr.Sim.Plots;

/// <summary>
/// ScottPlot 5 figures (PNG and SVG, headless), drawn from a run's CSV files and the columns' declarations: one
/// figure per declared plot, a series per column and group, watermarks on the connections figure, the score
/// histogram of focal runs; for compare, one overlay per plot and group with a line per variant on shared axes.
/// A figure is written only when one of its series varies: a figure of empty, zero or constant series would show a
/// flat line on an invented axis (the values are in summary.csv). Run figures span the whole run on the x axis, so
/// the figures of variants line up.
/// </summary>
internal static class PlotWriter
{
    private const int Width = 1000;
    private const int Height = 500;

    static PlotWriter()
    {
        // ScottPlot otherwise picks DejaVu Serif here (shared/dotnet-stack.md).
        Fonts.Default = "DejaVu Sans";
    }

    /// <summary>Draws the plots of the run in <paramref name="dir"/> into dir/plots; returns the files written.</summary>
    public static IReadOnlyList<string> WriteRun(string dir)
    {
        var run = ResultFolder.Read(dir) ?? throw new InvalidOperationException($"{dir} holds no timeseries.csv and summary.csv");
        var written = new List<string>();
        var plots = Path.Combine(dir, "plots");
        foreach (var figure in run.PlottedColumns())
        {
            var plot = new Plot();
            var i = 0;
            var data = false;
            foreach (var group in run.Groups)
            {
                var color = Palette(i++);
                data |= AddSeries(plot, run, group, [.. figure], color, run.Groups.Count > 1 ? $"{group} " : "");
                if (figure.Key == "connections")
                {
                    AddWatermarks(plot, run, group, color);
                }
            }

            if (data)
            {
                Finish(plot, $"{run.Label}: {Title(figure.Key)}", figure.First().Unit);
                if (run.EndSeconds > 0)
                {
                    plot.Axes.SetLimitsX(0, run.EndSeconds);
                }

                written.AddRange(Save(plot, plots, figure.Key));
            }
        }

        if (run.Scores is { } scores && scores.Rows.Count > 0)
        {
            written.AddRange(Save(Scores(run.Label, scores), plots, "scores"));
        }

        return written;
    }

    /// <summary>One overlay per plot and group: a line per variant (its first plain series), shared axes.</summary>
    public static IReadOnlyList<string> WriteComparison(string dir, IReadOnlyList<(string Variant, ResultFolder Run)> runs)
    {
        var written = new List<string>();
        if (runs.Count == 0)
        {
            return written;
        }

        var first = runs[0].Run;
        foreach (var figure in first.PlottedColumns())
        {
            var column = figure.FirstOrDefault(c => c.Style == SeriesStyle.Line) ?? figure.First();
            foreach (var group in first.Groups)
            {
                var plot = new Plot();
                var data = false;
                for (var v = 0; v < runs.Count; v++)
                {
                    var (xs, ys) = runs[v].Run.Series(group, column.Name);
                    if (Varies(ys))
                    {
                        data = true;
                        var line = plot.Add.ScatterLine(xs, ys);
                        line.LegendText = runs[v].Variant;
                        line.LineWidth = 2;
                        line.Color = Palette(v);
                    }
                }

                if (data)
                {
                    var name = first.Groups.Count > 1 ? $"{figure.Key}-{group}" : figure.Key;
                    Finish(plot, $"{first.Label.Split('/')[0]}: {column.Name} ({group}) by variant", column.Unit);
                    written.AddRange(Save(plot, dir, name));
                }
            }
        }

        return written;
    }

    private static bool AddSeries(Plot plot, ResultFolder run, string group, Column[] columns, Color color, string prefix)
    {
        var data = false;
        var upper = Array.FindIndex(columns, c => c.Style == SeriesStyle.BandHigh);
        for (var c = 0; c < columns.Length; c++)
        {
            var col = columns[c];
            var (xs, ys) = run.Series(group, col.Name);
            if (!Varies(ys) || (col.Style == SeriesStyle.BandHigh && c == upper))
            {
                continue;
            }

            data = true;
            if (col.Style == SeriesStyle.BandLow && upper > c)
            {
                // The band's edges need not be adjacent columns (p5 .. p95 around the median).
                var (_, high) = run.Series(group, columns[upper].Name);
                var band = plot.Add.FillY(xs, ys, high);
                band.FillColor = color.WithAlpha(0.2);
                band.LineWidth = 0;
                band.LegendText = $"{prefix}{col.Name}–{columns[upper].Name}";
                continue;
            }

            var line = plot.Add.ScatterLine(xs, ys);
            line.Color = color;
            line.LineWidth = col.Style == SeriesStyle.Line ? 2 : 1.5f;
            line.LinePattern = col.Style switch
            {
                SeriesStyle.Dotted => LinePattern.Dotted,
                SeriesStyle.Dashed => LinePattern.Dashed,
                _ => LinePattern.Solid,
            };
            line.LegendText = $"{prefix}{col.Name}";
        }

        return data;
    }

    private static void AddWatermarks(Plot plot, ResultFolder run, string group, Color color)
    {
        var low = run.Metric(group, SharedColumns.LowWater.Name);
        var high = run.Metric(group, SharedColumns.HighWater.Name);
        foreach (var (value, label) in new[] { (high, "HighWater"), (low, "LowWater") })
        {
            if (double.IsNaN(value) || (label == "LowWater" && value == high))
            {
                continue;
            }

            var line = plot.Add.HorizontalLine(value);
            line.Color = color.WithAlpha(0.7);
            line.LinePattern = LinePattern.Dashed;
            line.LegendText = $"{group} {label} {value}";
        }
    }

    private static Plot Scores(string label, (string[] Header, List<string[]> Rows) scores)
    {
        var plot = new Plot();
        var keys = scores.Rows.Select(r => CsvTables.Number(r[1])).ToArray();
        foreach (var (col, color, offset) in new[] { (2, Colors.SteelBlue, -0.2), (3, Colors.OrangeRed, 0.2) })
        {
            var counts = scores.Rows.Select(r => CsvTables.Number(r[col])).ToArray();
            var total = Math.Max(1, counts.Sum());
            var bars = plot.Add.Bars(keys.Select(k => k + offset).ToArray(), counts.Select(c => c / total).ToArray());
            bars.LegendText = col == 2 ? "kept (connected at the end)" : "pruned (score at prune)";
            foreach (var b in bars.Bars)
            {
                b.Size = 0.4;
                b.FillColor = color;
                b.LineWidth = 0;
            }
        }

        Finish(plot, $"{label}: score distribution, kept vs pruned", "share of peers");
        plot.XLabel("score");
        return plot;
    }

    private static void Finish(Plot plot, string title, string y)
    {
        plot.Title(title);
        plot.XLabel("virtual time (s)");
        plot.YLabel(y);
        plot.ShowLegend(Edge.Right);
    }

    /// <summary>True when a series takes at least two different values (empty fields are not values).</summary>
    internal static bool Varies(double[] ys) => ys.Where(y => !double.IsNaN(y)).Distinct().Skip(1).Any();

    private static string Title(string key) => key.Replace('-', ' ');

    /// <summary>The colour of series <paramref name="i"/> in every figure.</summary>
    internal static Color Palette(int i) => new ScottPlot.Palettes.Category10().GetColor(i);

    private static IEnumerable<string> Save(Plot plot, string dir, string name) => Save(plot, dir, name, Width, Height);

    /// <summary>Writes a figure as PNG and SVG (each through a temporary file); returns the two names.</summary>
    internal static IEnumerable<string> Save(Plot plot, string dir, string name, int width, int height)
    {
        Fonts.Default = "DejaVu Sans"; // ScottPlot otherwise picks DejaVu Serif here (shared/dotnet-stack.md)
        Directory.CreateDirectory(dir);
        AtomicFile.Write(Path.Combine(dir, $"{name}.png"), tmp => plot.SavePng(tmp, width, height));
        AtomicFile.Write(Path.Combine(dir, $"{name}.svg"), tmp => plot.SaveSvg(tmp, width, height));
        return [$"{name}.png", $"{name}.svg"];
    }
}
