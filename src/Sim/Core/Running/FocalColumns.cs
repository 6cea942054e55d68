using ConnMgr.Sim.Results;

namespace ConnMgr.Sim.Running;

/// <summary>The focal runner's columns (the shared ones come from <see cref="SharedColumns"/>).</summary>
internal static class FocalColumns
{
    public static readonly Column Nodes = new("nodes", "nodes", "Focal nodes in the group.", Format: "0");
    public static readonly Column TimeAverage = new("connections_time_avg", "connections", "Exact time average of the count over the interval, mean over the group's nodes.", Across.MeanOfGroups) { Plot = "connections", Style = SeriesStyle.Dotted };
    public static readonly Column Inbound = new("inbound_mean", "connections", "Open inbound connections at the sample, mean over the group's nodes.", Across.MeanOfGroups) { Plot = "directions" };
    public static readonly Column Outbound = new("outbound_mean", "connections", "Open outbound connections at the sample, mean over the group's nodes.", Across.MeanOfGroups) { Plot = "directions", Style = SeriesStyle.Dashed };
    public static readonly Column Subsystem = new("subsystem_", "connections", "Count attributed to the subsystem named after the prefix (other = unattributed), mean over the group's nodes.", Across.MeanOfGroups) { IsFamily = true, Plot = "subsystems" };
    public static readonly Column Protected = new("protected_mean", "peers", "Connected peers that are protected at the sample, mean over the group's nodes.", Across.MeanOfGroups);
    public static readonly Column TrimsPerSecond = new("trims_per_s", "trims per second", "Trim cycles of the group's engines, per second of the interval.") { Plot = "trims" };
    public static readonly Column ScoreMean = new("score_mean", "score", "Mean score of the group's connected peers at the sample.", Across.Ratio) { Plot = "mean-score" };
    public static readonly Column ScoreMin = new("score_min", "score", "Lowest score of a connected peer of the group at the sample.", Across.Min, "0");

    public static readonly Column MaxAfterTrim = new("connections_max_after_trim", "connections", "Largest count a trim with work to do ended with (empty when no trim had work to do).", Across.Max, "0");
    public static readonly Column ExcessAfterTrim = new("excess_after_trim_max", "connections", "Worst count above LowWater (Max in max mode) at the end of a trim with work to do; empty when no trim had work to do.", Across.Max, "0");
    public static readonly Column ScoreKept = new("score_kept_mean", "score", "Mean score of the peers connected at the end.", Across.Ratio) { Headline = true };
    public static readonly Column ScorePruned = new("score_pruned_mean", "score", "Mean score of pruned peers at their prune.", Across.Ratio) { Headline = true };

    public static readonly Column ScoreKey = new("score", "score", "Peer score (key of scores.csv).", Across.None, "0");
    public static readonly Column KeptPeers = new("kept", "peers", "Peers with that score connected at the end.", Format: "0");
    public static readonly Column PrunedPeers = new("pruned", "peers", "Peers pruned with that score.", Format: "0");

    /// <summary>Timeseries columns with the subsystem family expanded for a run's <paramref name="subsystems"/>.</summary>
    public static IReadOnlyList<Column> Trace(IReadOnlyList<string> subsystems) =>
    [
        Nodes, SharedColumns.ConnectionsNow, TimeAverage, Inbound, Outbound,
        .. subsystems.Select(s => Subsystem with { Name = Subsystem.Name + s, IsFamily = false }),
        Protected, SharedColumns.PrunedPerSecond, SharedColumns.RejectedPerSecond, SharedColumns.AdmissionAttemptsPerSecond, TrimsPerSecond, ScoreMean, ScoreMin, SharedColumns.AboveHighWater,
    ];

    /// <summary>The catalog's view of the timeseries (the family unexpanded).</summary>
    public static readonly IReadOnlyList<Column> TraceDeclared =
    [
        Nodes, SharedColumns.ConnectionsNow, TimeAverage, Inbound, Outbound, Subsystem, Protected, SharedColumns.PrunedPerSecond,
        SharedColumns.RejectedPerSecond, SharedColumns.AdmissionAttemptsPerSecond, TrimsPerSecond, ScoreMean, ScoreMin, SharedColumns.AboveHighWater,
    ];

    public static readonly IReadOnlyList<Column> Summary = [.. SharedColumns.Summary, MaxAfterTrim, ExcessAfterTrim, ScoreKept, ScorePruned];

    public static readonly IReadOnlyList<Expectation> Expectations =
    [
        new("countAfterTrimAtMostLowWater", ExcessAfterTrim.Name, ExpectationKind.Flag, RunMode.Focal, "count after trim <= LowWater") { WhenMissing = "no trim had work to do" },
        new("maxCountAfterTrim", MaxAfterTrim.Name, ExpectationKind.AtMost, RunMode.Focal, "max count after a trim") { WhenMissing = "no trim had work to do" },
    ];
}
