using System.Globalization;
using ScottPlot;

namespace ConnMgr.Sim.Cli;

/// <summary>
/// The scale runner's log-log plot: wall time and peak memory against nodes, from the
/// <c>nodes=... wall_s=... rss_kb=...</c> lines benchmarks/scale-runner.sh prints.
/// </summary>
internal static class ScalePlot
{
    public static int Write(FileInfo table, FileInfo output)
    {
        var rows = File.ReadAllLines(table.FullName)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(kv => kv.Split('=')).Where(kv => kv.Length == 2).ToDictionary(kv => kv[0], kv => kv[1]))
            .Where(d => d.ContainsKey("nodes") && d.ContainsKey("wall_s") && d.ContainsKey("rss_kb"))
            .ToArray();
        if (rows.Length == 0)
        {
            Console.Error.WriteLine($"{table.Name}: no 'nodes=... wall_s=... rss_kb=...' lines.");
            return ExitCodes.BadInput;
        }

        Fonts.Default = "DejaVu Sans";
        double Num(Dictionary<string, string> d, string k) => double.Parse(d[k], CultureInfo.InvariantCulture);
        var nodes = rows.Select(r => Math.Log10(Num(r, "nodes"))).ToArray();
        var plot = new Plot();
        var wall = plot.Add.Scatter(nodes, rows.Select(r => Math.Log10(Num(r, "wall_s"))).ToArray());
        wall.LegendText = "wall time (s)";
        var rss = plot.Add.Scatter(nodes, rows.Select(r => Math.Log10(Num(r, "rss_kb") / 1024 / 1024)).ToArray());
        rss.LegendText = "peak RSS (GiB)";
        var ticks = new ScottPlot.TickGenerators.LogMinorTickGenerator();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { MinorTickGenerator = ticks, IntegerTicksOnly = true, LabelFormatter = y => $"{Math.Pow(10, y):N0}" };
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { MinorTickGenerator = ticks, IntegerTicksOnly = true, LabelFormatter = y => $"{Math.Pow(10, y):G3}" };
        plot.Title("network mode: cost against size (one virtual hour, log-log)");
        plot.XLabel("nodes");
        plot.YLabel("wall s / GiB");
        plot.ShowLegend(Alignment.UpperLeft);
        Traces.AtomicFile.Write(output.FullName, tmp => plot.SavePng(tmp, 800, 500));
        return ExitCodes.Ok;
    }
}
