using ConnMgr.Sim.Running;
using ConnMgr.Sim.Traces;
using ScottPlot;

namespace ConnMgr.Sim.Plots;

/// <summary>
/// ScottPlot 5 figures of a run (PNG and SVG, headless): connection count with LowWater/HighWater and trim marks,
/// pruned per interval, and the score distribution of kept vs pruned peers; for compare, one overlay per metric.
/// </summary>
internal static class PlotWriter
{
    private const int Width = 900;
    private const int Height = 500;

    static PlotWriter()
    {
        // ScottPlot otherwise picks DejaVu Serif here (shared/dotnet-stack.md).
        Fonts.Default = "DejaVu Sans";
    }

    public static void WriteRun(string dir, RunResult result)
    {
        Directory.CreateDirectory(dir);
        if (result.NetworkTrace is { } network)
        {
            NetworkPlots.Write(dir, result.Name, network, result.Groups, Save);
            return;
        }

        Save(Connections(result), dir, "connections");
        Save(Pruned(result), dir, "pruned");
        Save(Scores(result), dir, "scores");
    }

    public static void WriteComparison(string dir, IReadOnlyList<(string Name, RunResult Result)> results)
    {
        Directory.CreateDirectory(dir);
        if (results.Count > 0 && results[0].Result.NetworkTrace is not null)
        {
            WriteNetworkComparison(dir, results);
            return;
        }

        var metrics = new (string File, string Title, string Y, Func<TraceRow, double> Value)[]
        {
            ("connections", "Connections (first group, mean over nodes)", "connections", r => r.Connections),
            ("connections-time-avg", "Time-averaged connections per interval", "connections", r => r.ConnectionsTimeAvg),
            ("pruned", "Peers pruned per interval", "pruned", r => r.Pruned),
            ("mean-score", "Mean score of connected peers", "score", r => r.MeanScore),
            ("above-high-water", "Share of nodes above HighWater", "fraction", r => r.AboveHighWater),
        };
        Overlays(dir, results, metrics, FirstGroup, r => r.TimeSeconds);
    }

    private static void WriteNetworkComparison(string dir, IReadOnlyList<(string Name, RunResult Result)> results)
    {
        var metrics = new (string File, string Title, string Y, Func<Network.NetworkTraceRow, double> Value)[]
        {
            ("connections", "Mean connections per node (first group)", "connections", r => r.ConnectionsMean),
            ("connections-p95", "95th percentile of connections per node (first group)", "connections", r => r.ConnectionsP95),
            ("nat-occupancy", "Mean NAT table occupancy (first group)", "fraction of entries", r => r.NatOccupancyMean),
            ("routers-dead", "Routers down (first group)", "routers", r => r.RoutersDead),
            ("router-deaths", "Router deaths per interval (first group)", "deaths", r => r.RouterDeaths),
            ("pruned", "Peers pruned per second (first group)", "pruned/s", r => r.PrunedPerSecond),
        };
        if (results.Any(r => r.Result.NetworkTrace!.Any(x => x.Pubsub is not null)))
        {
            metrics =
            [
                .. metrics,
                ("mesh-degree", "Mean mesh degree (first group)", "peers in mesh", r => r.Pubsub?.MeshDegreeMean ?? double.NaN),
                ("mesh-below-d-lo", "Subscriptions with mesh below D_lo (first group, at each sample)", "share of subscriptions", r => r.Pubsub?.BelowDLoNow ?? double.NaN),
                ("delivery-latency-p99", "Message delivery latency p99 (first group)", "ms", r => r.Pubsub?.LatencyP99Ms ?? double.NaN),
                ("delivery-latency-p50", "Message delivery latency p50 (first group)", "ms", r => r.Pubsub?.LatencyP50Ms ?? double.NaN),
                ("delivery-ratio", "Message delivery ratio (first group)", "delivered / expected", r => r.Pubsub?.DeliveryRatio ?? double.NaN),
            ];
        }

        if (results.Any(r => r.Result.NetworkTrace!.Any(x => x.Dht is not null)))
        {
            metrics =
            [
                .. metrics,
                ("lookup-latency-p99", "DHT lookup latency p99 (first group)", "ms", r => r.Dht?.LatencyP99Ms ?? double.NaN),
                ("lookup-connections", "Connections opened per lookup (first group)", "connections", r => r.Dht?.ConnectionsPerLookup ?? double.NaN),
            ];
        }

        Overlays(dir, results, metrics, r => r.NetworkTrace!.Where(x => x.Group == r.Groups[0].Group).ToList(), r => r.TimeSeconds);
    }

    /// <summary>One plot per metric with one line per variant.</summary>
    private static void Overlays<TRow>(
        string dir,
        IReadOnlyList<(string Name, RunResult Result)> results,
        (string File, string Title, string Y, Func<TRow, double> Value)[] metrics,
        Func<RunResult, List<TRow>> rowsOf,
        Func<TRow, double> time)
    {
        foreach (var m in metrics)
        {
            var plot = new Plot();
            var i = 0;
            foreach (var (name, result) in results)
            {
                var rows = rowsOf(result);
                var line = plot.Add.ScatterLine(rows.Select(time).ToArray(), rows.Select(m.Value).ToArray());
                line.LegendText = name;
                line.LineWidth = 2;
                line.Color = Palette(i++);
            }

            plot.Title(m.Title);
            plot.XLabel("virtual time (s)");
            plot.YLabel(m.Y);
            plot.ShowLegend(Alignment.UpperRight);
            Save(plot, dir, m.File);
        }
    }

    private static Plot Connections(RunResult result)
    {
        var plot = new Plot();
        var g = result.Groups[0];
        var rows = FirstGroup(result);
        var xs = rows.Select(r => r.TimeSeconds).ToArray();
        var line = plot.Add.ScatterLine(xs, rows.Select(r => r.Connections).ToArray());
        line.LegendText = $"{g.Group}: connections";
        line.LineWidth = 2;
        var avg = plot.Add.ScatterLine(xs, rows.Select(r => r.ConnectionsTimeAvg).ToArray());
        avg.LegendText = "time-averaged per interval";
        avg.LinePattern = LinePattern.Dotted;
        var low = plot.Add.HorizontalLine(g.LowWater);
        low.LegendText = $"LowWater {g.LowWater}";
        low.LinePattern = LinePattern.Dashed;
        low.Color = Colors.Green;
        if (g.HighWater != g.LowWater)
        {
            var high = plot.Add.HorizontalLine(g.HighWater);
            high.LegendText = $"HighWater {g.HighWater}";
            high.LinePattern = LinePattern.Dashed;
            high.Color = Colors.Red;
        }

        if (result.TrimTimes.Count > 0)
        {
            var marks = plot.Add.ScatterPoints(result.TrimTimes.ToArray(), result.TrimTimes.Select(_ => (double)g.HighWater).ToArray());
            marks.LegendText = "trims";
            marks.MarkerShape = MarkerShape.FilledTriangleDown;
            marks.MarkerSize = 7;
            marks.Color = Colors.OrangeRed;
        }

        plot.Title($"{result.Name}: connection count");
        plot.XLabel("virtual time (s)");
        plot.YLabel(g.HighWater == g.LowWater ? "count (Max dashed)" : "count");
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    private static Plot Pruned(RunResult result)
    {
        var plot = new Plot();
        var rows = FirstGroup(result);
        var bars = plot.Add.Bars(rows.Select(r => r.TimeSeconds).ToArray(), rows.Select(r => (double)r.Pruned).ToArray());
        var width = rows.Count > 1 ? (rows[1].TimeSeconds - rows[0].TimeSeconds) * 0.8 : 1;
        foreach (var b in bars.Bars)
        {
            b.Size = width;
            b.LineWidth = 0;
        }

        plot.Title($"{result.Name}: peers pruned per interval");
        plot.XLabel("virtual time (s)");
        plot.YLabel("pruned");
        return plot;
    }

    private static Plot Scores(RunResult result)
    {
        var plot = new Plot();
        var all = result.KeptScores.Concat(result.PrunedScores).ToArray();
        if (all.Length == 0)
        {
            plot.Title($"{result.Name}: no scores to show");
            return plot;
        }

        double min = all.Min(), max = all.Max();
        const int bins = 30;
        var width = Math.Max(1, (max - min + 1) / bins);
        AddHistogram(plot, result.KeptScores, min, width, bins, "kept (connected at the end)", Colors.SteelBlue, 0);
        AddHistogram(plot, result.PrunedScores, min, width, bins, "pruned (score at prune)", Colors.OrangeRed, 1);
        plot.Title($"{result.Name}: score distribution, kept vs pruned");
        plot.XLabel("score");
        plot.YLabel("share of peers");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    private static void AddHistogram(Plot plot, IReadOnlyList<int> values, double min, double width, int bins, string label, Color color, int series)
    {
        if (values.Count == 0)
        {
            return;
        }

        var counts = new double[bins];
        foreach (var v in values)
        {
            counts[Math.Clamp((int)((v - min) / width), 0, bins - 1)]++;
        }

        var positions = Enumerable.Range(0, bins).Select(i => min + ((i + 0.25 + (0.5 * series)) * width)).ToArray();
        var bars = plot.Add.Bars(positions, counts.Select(c => c / values.Count).ToArray());
        bars.LegendText = label;
        foreach (var b in bars.Bars)
        {
            b.Size = width * 0.45;
            b.FillColor = color;
            b.LineWidth = 0;
        }
    }

    private static List<TraceRow> FirstGroup(RunResult result) =>
        result.Trace.Where(r => r.Group == result.Groups[0].Group).ToList();

    private static Color Palette(int i) => new ScottPlot.Palettes.Category10().GetColor(i);

    internal static void Save(Plot plot, string dir, string name)
    {
        AtomicFile.Write(Path.Combine(dir, $"{name}.png"), tmp => plot.SavePng(tmp, Width, Height));
        AtomicFile.Write(Path.Combine(dir, $"{name}.svg"), tmp => plot.SaveSvg(tmp, Width, Height));
    }
}
