using System.Globalization;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Traces;
using ScottPlot;

namespace ConnMgr.Sim.Plots;

/// <summary>
/// Figures of a gathered sweep, drawn from its points.csv: per headline metric, a line with its 95 % CI band over the
/// first factor (one line per level of the second), or bars with CI error bars when the first factor is not numeric,
/// and a heatmap of the mean over two numeric factors. Titles name the metric, its unit and the replications.
/// </summary>
internal static class SweepPlots
{
    private const int Width = 1000;
    private const int Height = 550;

    /// <summary>Writes the figures under <paramref name="root"/>/plots; returns their names.</summary>
    public static IReadOnlyList<string> Write(string root, string name, IReadOnlyList<string> factors)
    {
        var (header, rows) = CsvTables.Read(Path.Combine(root, "points.csv"));
        if (rows.Count == 0 || factors.Count == 0)
        {
            return [];
        }

        int C(string column) => Array.IndexOf(header, column);
        var n = rows.Select(r => r[C("n")]).Distinct().Count() == 1 ? $"{rows[0][C("n")]} replications" : "replications vary";
        var written = new List<string>();
        var dir = Path.Combine(root, "plots");
        var x = factors[0];
        var series = factors.Count > 1 ? factors[1] : null;
        var numericX = rows.All(r => double.TryParse(r[C(x)], NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        foreach (var (key, metric) in Metrics(header))
        {
            var means = rows.Select(r => CsvTables.Number(r[C($"{key}_mean")])).ToArray();
            if (means.All(double.IsNaN) || means.Distinct().Count() < 2)
            {
                continue; // nothing varies: no figure
            }

            var plot = new Plot();
            var groups = rows.GroupBy(r => series is null ? "" : r[C(series)]).ToArray();
            var i = 0;
            foreach (var g in groups)
            {
                var color = PlotWriter.Palette(i);
                var label = series is null ? key : $"{series} = {g.Key}";
                var ordered = numericX ? g.OrderBy(r => CsvTables.Number(r[C(x)])).ToArray() : [.. g];
                var ys = ordered.Select(r => CsvTables.Number(r[C($"{key}_mean")])).ToArray();
                var lows = ordered.Select(r => CsvTables.Number(r[C($"{key}_ci95_low")])).Select((v, k) => double.IsNaN(v) ? ys[k] : v).ToArray();
                var highs = ordered.Select(r => CsvTables.Number(r[C($"{key}_ci95_high")])).Select((v, k) => double.IsNaN(v) ? ys[k] : v).ToArray();
                if (numericX)
                {
                    var xs = ordered.Select(r => CsvTables.Number(r[C(x)])).ToArray();
                    var band = plot.Add.FillY(xs, lows, highs);
                    band.FillColor = color.WithAlpha(0.2);
                    band.LineWidth = 0;
                    var line = plot.Add.ScatterLine(xs, ys);
                    line.Color = color;
                    line.LineWidth = 2;
                    line.LegendText = $"{label} (mean, 95 % CI)";
                }
                else
                {
                    var width = 0.8 / groups.Length;
                    var positions = Enumerable.Range(0, ordered.Length).Select(k => k - 0.4 + (width * (i + 0.5))).ToArray();
                    var bars = plot.Add.Bars(positions, ys);
                    bars.LegendText = $"{label} (mean)";
                    foreach (var b in bars.Bars)
                    {
                        b.Size = width * 0.9;
                        b.FillColor = color;
                        b.LineWidth = 0;
                    }

                    var errors = plot.Add.ErrorBar(positions, ys, [.. ys.Select((_, k) => (highs[k] - lows[k]) / 2)]);
                    errors.Color = Colors.Black;
                    errors.LegendText = i == 0 ? "95 % CI" : "";
                    if (i == 0)
                    {
                        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, ordered.Length).Select(k => (double)k)], [.. ordered.Select(r => r[C(x)])]);
                    }
                }

                i++;
            }

            plot.Title($"{name}: {key} ({metric.Unit}) by {x}, {n}");
            plot.XLabel(x);
            plot.YLabel(metric.Unit);
            plot.ShowLegend(Edge.Right);
            written.AddRange(Save(plot, dir, $"{key}-by-{x}"));

            if (series is not null && numericX && rows.All(r => double.TryParse(r[C(series)], NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            {
                written.AddRange(Heatmap(rows, C, x, series, key, metric, name, n, dir));
            }
        }

        return written;
    }

    private static IEnumerable<string> Heatmap(List<string[]> rows, Func<string, int> c, string x, string y, string key, Column metric, string name, string n, string dir)
    {
        var xs = rows.Select(r => CsvTables.Number(r[c(x)])).Distinct().Order().ToArray();
        var ys = rows.Select(r => CsvTables.Number(r[c(y)])).Distinct().Order().ToArray();
        var data = new double[ys.Length, xs.Length];
        for (var a = 0; a < ys.Length; a++)
        {
            for (var b = 0; b < xs.Length; b++)
            {
                data[a, b] = double.NaN;
            }
        }

        foreach (var r in rows)
        {
            data[ys.Length - 1 - Array.IndexOf(ys, CsvTables.Number(r[c(y)])), Array.IndexOf(xs, CsvTables.Number(r[c(x)]))] = CsvTables.Number(r[c($"{key}_mean")]);
        }

        var plot = new Plot();
        var map = plot.Add.Heatmap(data);
        map.Colormap = new ScottPlot.Colormaps.Viridis();
        plot.Add.ColorBar(map);
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, xs.Length).Select(k => (double)k)], [.. xs.Select(v => v.ToString("G4", CultureInfo.InvariantCulture))]);
        plot.Axes.Left.SetTicks([.. Enumerable.Range(0, ys.Length).Select(k => (double)k)], [.. ys.Select(v => v.ToString("G4", CultureInfo.InvariantCulture))]);
        plot.Title($"{name}: mean {key} ({metric.Unit}) over {x} × {y}, {n}");
        plot.XLabel(x);
        plot.YLabel(y);
        return Save(plot, dir, $"{key}-heatmap");
    }

    /// <summary>The headline summary columns that points.csv has means for: the all row's, then each group's (<c>group.column</c>).</summary>
    private static IEnumerable<(string Key, Column Metric)> Metrics(string[] header)
    {
        var headline = MetricCatalog.ColumnGroups.SelectMany(g => g.Summary).Where(c => c.Headline).DistinctBy(c => c.Name).ToArray();
        var groups = header.Where(h => h.EndsWith("_mean", StringComparison.Ordinal) && h.Contains('.', StringComparison.Ordinal))
            .Select(h => h[..h.IndexOf('.', StringComparison.Ordinal)]).Distinct();
        return headline.Where(c => header.Contains($"{c.Name}_mean")).Select(c => (c.Name, c))
            .Concat(groups.SelectMany(g => headline.Where(c => header.Contains($"{g}.{c.Name}_mean")).Select(c => ($"{g}.{c.Name}", c))));
    }

    private static IEnumerable<string> Save(Plot plot, string dir, string name) => PlotWriter.Save(plot, dir, name, Width, Height);
}
