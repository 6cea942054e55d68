namespace ConnMgr.Sim.Results;

/// <summary>
/// Columns both runners write with the same meaning (focal and network names are aligned here), the key fields of
/// every table, and the expect keys on them.
/// </summary>
public static class SharedColumns
{
    /// <summary>Key of timeseries rows: the end of the trace interval.</summary>
    public static readonly Column Time = new("time_s", "s", "Virtual time at the end of the trace interval (key).", Across.None, "0.###");

    /// <summary>Key of every row: the node group, or "all" for the summary row over every group.</summary>
    public static readonly Column Group = new("group", "name", "Node group (key); the summary's last row, all, combines every group.", Across.None);

    /// <summary>Mean count over the group's (online) nodes at the sample.</summary>
    public static readonly Column ConnectionsNow = new("connections_mean", "connections", "Mean over the group's online nodes of the engine's count (peers or connections, as the engine counts) at the sample.", Across.MeanOfGroups) { Plot = "connections" };

    /// <summary>Pruned per second.</summary>
    public static readonly Column PrunedPerSecond = new("pruned_per_s", "connections per second", "Connections the group's engines pruned, per second of the interval.") { Plot = "pruned" };

    /// <summary>Rejected per second.</summary>
    public static readonly Column RejectedPerSecond = new("rejected_per_s", "connections per second", "Connections the group's engines rejected at admission, per second of the interval.") { Plot = "rejected" };

    /// <summary>Admission attempts per second.</summary>
    public static readonly Column AdmissionAttemptsPerSecond = new("admission_attempts_per_s", "connections per second", "Connections offered to the group's engines (accepted plus rejected), per second of the interval.") { Plot = "rejected", Style = SeriesStyle.Dashed };

    /// <summary>Share above HighWater.</summary>
    public static readonly Column AboveHighWater = new("above_high_water", "share of nodes", "Share of the group's (online) nodes whose count is above HighWater at the sample.", Across.MeanOfGroups) { Plot = "above-high-water" };

    /// <summary>Nodes of the group.</summary>
    public static readonly Column Nodes = new("nodes", "nodes", "Nodes in the group.", Format: "0");

    /// <summary>LowWater (Max in max mode).</summary>
    public static readonly Column LowWater = new("low_water", "connections", "The group's LowWater (its Max in max mode).", Across.None, "0");

    /// <summary>HighWater (Max in max mode).</summary>
    public static readonly Column HighWater = new("high_water", "connections", "The group's HighWater (its Max in max mode).", Across.None, "0");

    /// <summary>Time-averaged count.</summary>
    public static readonly Column ConnectionsMean = new("connections_mean", "connections", "Time-averaged count per node over the run (focal: exact time average; network: mean of the trace samples), averaged over the group's nodes; the all row averages the groups.", Across.MeanOfGroups) { Headline = true };

    /// <summary>Count at the end.</summary>
    public static readonly Column ConnectionsFinal = new("connections_final", "connections", "Count at the end of the run, mean over the group's (online) nodes; the all row averages the groups.", Across.MeanOfGroups);

    /// <summary>Largest count.</summary>
    public static readonly Column ConnectionsMax = new("connections_max", "connections", "Largest count any node of the group reached.", Across.Max, "0") { Headline = true };

    /// <summary>Pruned.</summary>
    public static readonly Column Pruned = new("pruned", "connections", "Connections the group's engines pruned.", Format: "0") { Headline = true };

    /// <summary>Protected peers pruned.</summary>
    public static readonly Column ProtectedPruned = new("protected_pruned", "connections", "Prunes of a peer that was protected at the time (the engine guarantees 0).", Format: "0");

    /// <summary>Rejected.</summary>
    public static readonly Column Rejected = new("rejected", "connections", "Connections the group's engines rejected at admission.", Format: "0");

    /// <summary>Admissions offered (accepted + rejected).</summary>
    public static readonly Column AdmissionAttempts = new("admission_attempts", "connections", "Connections offered to the group's engines, inbound and outbound: accepted plus rejected (rejected / admission_attempts is the rejection share).", Format: "0");

    /// <summary>The reasons an engine rejects a connection with, in <see cref="RejectedByReason"/>'s order.</summary>
    public static readonly IReadOnlyList<ConnMgr.Engine.RejectReason> RejectReasons = [.. Enum.GetValues<ConnMgr.Engine.RejectReason>().Where(r => r != ConnMgr.Engine.RejectReason.None)];

    /// <summary>Rejections per engine reason (rejected_deny_listed, rejected_rate_limited, rejected_max_connections, ...); they add up to rejected.</summary>
    public static readonly IReadOnlyList<Column> RejectedByReason =
    [
        .. RejectReasons.Select(r => new Column($"rejected_{SnakeCase(r.ToString())}", "connections", $"Connections the group's engines rejected with reason {r}.", Format: "0")),
    ];

    /// <summary>Trims.</summary>
    public static readonly Column Trims = new("trims", "trims", "Trim cycles the group's engines ran (including ones with nothing to do).", Format: "0");

    /// <summary>Worst time above HighWater.</summary>
    public static readonly Column TimeAboveHighWater = new("max_time_above_high_water_s", "s", "Longest total time any node of the group spent above its HighWater.", Across.Max, "0.###") { Headline = true };

    /// <summary>The summary columns both runners write first, in this order.</summary>
    public static readonly IReadOnlyList<Column> Summary = [Nodes, LowWater, HighWater, ConnectionsMean, ConnectionsFinal, ConnectionsMax, Pruned, ProtectedPruned, Rejected, Trims, TimeAboveHighWater, AdmissionAttempts, .. RejectedByReason];

    /// <summary>Expect keys on the shared columns (both modes).</summary>
    public static readonly IReadOnlyList<Expectation> Expectations =
    [
        new("protectedPruned", ProtectedPruned.Name, ExpectationKind.Exactly, RunMode.Both, "protected peers pruned"),
        new("pruned", Pruned.Name, ExpectationKind.Range, RunMode.Both, "peers pruned"),
        new("trims", Trims.Name, ExpectationKind.Range, RunMode.Both, "trim cycles"),
        new("rejected", Rejected.Name, ExpectationKind.Range, RunMode.Both, "rejected connections"),
        new("timeAboveHighWater", TimeAboveHighWater.Name, ExpectationKind.AtMost, RunMode.Both, "time above HighWater (s, worst node)"),
        new("maxCount", ConnectionsMax.Name, ExpectationKind.AtMost, RunMode.Both, "max count"),
        new("meanCount", ConnectionsMean.Name, ExpectationKind.Range, RunMode.Both, "time-averaged count"),
        new("finalCount", ConnectionsFinal.Name, ExpectationKind.Range, RunMode.Both, "final count"),
    ];

    /// <summary>The all row of <paramref name="rows"/> by each column's <see cref="Across"/> (Ratio and None give NaN: their producer fills them).</summary>
    public static double[] Aggregate(IReadOnlyList<Column> columns, IReadOnlyList<double[]> rows)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        var all = new double[columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            var values = rows.Select(r => r[c]).Where(v => !double.IsNaN(v)).ToArray();
            all[c] = values.Length == 0 ? double.NaN : columns[c].Across switch
            {
                Across.Sum => values.Sum(),
                Across.MeanOfGroups => values.Average(),
                Across.Max => values.Max(),
                Across.Min => values.Min(),
                _ => double.NaN,
            };
        }

        return all;
    }

    private static string SnakeCase(string name) =>
        string.Concat(name.Select((ch, i) => char.IsUpper(ch) && i > 0 ? "_" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));
}
