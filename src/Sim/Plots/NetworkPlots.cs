using ConnMgr.Sim.Network;
using ConnMgr.Sim.Running;
using ScottPlot;

namespace ConnMgr.Sim.Plots;

/// <summary>Plots of a network run: connection-count distribution per group, pruning, dialing, routers.</summary>
internal static class NetworkPlots
{
    public static void Write(string dir, string name, IReadOnlyList<NetworkTraceRow> rows, IReadOnlyList<GroupSummary> groups, Action<Plot, string, string> save)
    {
        var byGroup = rows.GroupBy(r => r.Group).ToArray();
        var colors = new ScottPlot.Palettes.Category10();

        var counts = new Plot();
        var i = 0;
        foreach (var g in byGroup)
        {
            var xs = g.Select(r => r.TimeSeconds).ToArray();
            var color = colors.GetColor(i++);
            var band = counts.Add.FillY(xs, g.Select(r => (double)r.ConnectionsP5).ToArray(), g.Select(r => (double)r.ConnectionsP95).ToArray());
            band.FillColor = color.WithAlpha(0.2);
            band.LineWidth = 0;
            band.LegendText = $"{g.Key} p5–p95";
            var p50 = counts.Add.ScatterLine(xs, g.Select(r => (double)r.ConnectionsP50).ToArray());
            p50.Color = color;
            p50.LineWidth = 2;
            p50.LegendText = $"{g.Key} median";
            var max = counts.Add.ScatterLine(xs, g.Select(r => (double)r.ConnectionsMax).ToArray());
            max.Color = color;
            max.LinePattern = LinePattern.Dotted;
            max.LegendText = $"{g.Key} max";
            var summary = groups.First(s => s.Group == g.Key);
            var high = counts.Add.HorizontalLine(summary.HighWater);
            high.Color = color;
            high.LinePattern = LinePattern.Dashed;
            high.LegendText = $"{g.Key} HighWater {summary.HighWater}";
        }

        counts.Title($"{name}: connections per node");
        counts.XLabel("virtual time (s)");
        counts.YLabel("connections");
        counts.ShowLegend(Alignment.UpperRight);
        save(counts, dir, "connections");

        save(Lines(byGroup, r => r.PrunedPerSecond, $"{name}: peers pruned per second", "pruned/s"), dir, "pruned");
        save(Lines(byGroup, r => r.DialSuccess, $"{name}: dial success", "share of dials connected"), dir, "dial-success");
        save(Lines(byGroup, r => r.OpsPerNodePerMinute, $"{name}: connects + disconnects per node per minute", "ops/node/min"), dir, "churn-cost");

        var routers = new Plot();
        i = 0;
        foreach (var g in byGroup.Where(g => g.Any(r => r.NatOccupancyMax > 0)))
        {
            var xs = g.Select(r => r.TimeSeconds).ToArray();
            var color = colors.GetColor(i++);
            var mean = routers.Add.ScatterLine(xs, g.Select(r => r.NatOccupancyMean).ToArray());
            mean.Color = color;
            mean.LegendText = $"{g.Key} NAT occupancy mean";
            var max = routers.Add.ScatterLine(xs, g.Select(r => r.NatOccupancyMax).ToArray());
            max.Color = color;
            max.LinePattern = LinePattern.Dotted;
            max.LegendText = $"{g.Key} NAT occupancy max";
            var dead = routers.Add.ScatterLine(xs, g.Select(r => r.RoutersDead / (double)Math.Max(1, g.Max(x => x.Online))).ToArray());
            dead.Color = color;
            dead.LinePattern = LinePattern.Dashed;
            dead.LegendText = $"{g.Key} share of routers dead";
        }

        routers.Title($"{name}: residential routers");
        routers.XLabel("virtual time (s)");
        routers.YLabel("fraction");
        routers.ShowLegend(Alignment.UpperRight);
        save(routers, dir, "routers");

        var pubsub = byGroup.Where(g => g.Any(r => r.Pubsub is not null)).ToArray();
        if (pubsub.Length > 0)
        {
            save(Lines(pubsub, r => r.Pubsub?.MeshDegreeMean ?? 0, $"{name}: mean mesh degree", "peers in mesh"), dir, "mesh-degree");
            save(Lines(pubsub, r => r.Pubsub?.BelowDLoTime ?? 0, $"{name}: subscribed time with mesh below D_lo", "share of node-time"), dir, "mesh-below-d-lo");
            save(Latency(pubsub, r => r.Pubsub?.LatencyP50Ms ?? 0, r => r.Pubsub?.LatencyP99Ms ?? 0, $"{name}: message delivery latency"), dir, "delivery-latency");
        }

        var dht = byGroup.Where(g => g.Any(r => r.Dht is not null)).ToArray();
        if (dht.Length > 0)
        {
            save(Latency(dht, r => r.Dht?.LatencyP50Ms ?? 0, r => r.Dht?.LatencyP99Ms ?? 0, $"{name}: DHT lookup latency"), dir, "lookup-latency");
            save(Lines(dht, r => r.Dht?.ConnectionsPerLookup ?? 0, $"{name}: connections opened per lookup", "connections"), dir, "lookup-connections");
        }
    }

    private static Plot Latency(IGrouping<string, NetworkTraceRow>[] groups, Func<NetworkTraceRow, double> p50, Func<NetworkTraceRow, double> p99, string title)
    {
        var plot = new Plot();
        var colors = new ScottPlot.Palettes.Category10();
        var i = 0;
        foreach (var g in groups)
        {
            var xs = g.Select(r => r.TimeSeconds).ToArray();
            var color = colors.GetColor(i++);
            var median = plot.Add.ScatterLine(xs, g.Select(p50).ToArray());
            median.Color = color;
            median.LineWidth = 2;
            median.LegendText = $"{g.Key} p50";
            var tail = plot.Add.ScatterLine(xs, g.Select(p99).ToArray());
            tail.Color = color;
            tail.LinePattern = LinePattern.Dashed;
            tail.LegendText = $"{g.Key} p99";
        }

        plot.Title(title);
        plot.XLabel("virtual time (s)");
        plot.YLabel("milliseconds");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    private static Plot Lines(IGrouping<string, NetworkTraceRow>[] groups, Func<NetworkTraceRow, double> value, string title, string y)
    {
        var plot = new Plot();
        var colors = new ScottPlot.Palettes.Category10();
        var i = 0;
        foreach (var g in groups)
        {
            var line = plot.Add.ScatterLine(g.Select(r => r.TimeSeconds).ToArray(), g.Select(value).ToArray());
            line.Color = colors.GetColor(i++);
            line.LegendText = g.Key;
        }

        plot.Title(title);
        plot.XLabel("virtual time (s)");
        plot.YLabel(y);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }
}
