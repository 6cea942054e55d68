using ConnMgr.Sim.Results;

namespace ConnMgr.Sim.Network;

/// <summary>The network runner's own columns (nodes, connections and dials); models add theirs after these.</summary>
internal static class NetworkColumns
{
    public static readonly Column Online = new("online", "nodes", "Nodes of the group online at the sample.", Format: "0");
    public static readonly Column P5 = new("connections_p5", "connections", "5th percentile of the count over the group's online nodes at the sample.", Across.Min, "0") { Plot = "connections", Style = SeriesStyle.BandLow };
    public static readonly Column P50 = new("connections_p50", "connections", "Median count over the group's online nodes at the sample.", Across.None, "0") { Plot = "connections" };
    public static readonly Column P95 = new("connections_p95", "connections", "95th percentile of the count over the group's online nodes at the sample.", Across.Max, "0") { Plot = "connections", Style = SeriesStyle.BandHigh };
    public static readonly Column Max = new("connections_max", "connections", "Largest count of the group's online nodes at the sample.", Across.Max, "0") { Plot = "connections", Style = SeriesStyle.Dotted };
    public static readonly Column DialsPerSecond = new("dials_per_s", "dials per second", "Dials the group's nodes finished (connected, failed or timed out), per second of the interval.") { Plot = "dials" };
    public static readonly Column IntervalDialSuccess = new("dial_success", "share of dials", "Share of the interval's dials that connected.", Across.Ratio) { Plot = "dial-success" };
    public static readonly Column Ops = new("ops_per_node_per_min", "operations per node per minute", "Connects plus disconnects per online node per minute in the interval (what the churn costs the node).", Across.Ratio) { Plot = "churn-cost" };

    public static readonly Column DialsInFlightP95 = new("dials_in_flight_p95", "dials", "95th percentile over the group's online nodes of the runner's dials in flight at the sample (a DHT lookup's dials are the DHT's columns).", Across.Max, "0") { Plot = "dials-in-flight" };
    public static readonly Column DialsInFlightMaxNow = new("dials_in_flight_max", "dials", "Most dials in flight at any online node of the group at the sample.", Across.Max, "0") { Plot = "dials-in-flight", Style = SeriesStyle.Dotted };

    public static readonly Column Dials = new("dials", "dials", "Dials the group's nodes finished (connected, failed or timed out).", Format: "0");
    public static readonly Column DialSuccess = new("dial_success", "share of dials", "Share of the group's dials that connected.", Across.Ratio) { Headline = true };
    public static readonly Column OpenConnections = new("open_connections", "connections", "Connections open at the end (all row only: a connection has two ends).", Across.Ratio, "0");
    public static readonly Column DialsInFlightMax = new("dials_in_flight_max", "dials", "Most dials any node of the group had in flight at once during the run.", Across.Max, "0");
    public static readonly Column TrimDropMean = new("trim_drop_mean", "connections", "How far a trim cycle that closed anything took the count down, mean over those cycles: the saw-tooth's amplitude (engine.trimStep bounds it).", Across.Ratio, "0.##");
    public static readonly Column TrimDropMax = new("trim_drop_max", "connections", "The largest fall of the count in one trim cycle at any node of the group.", Across.Max, "0");

    public static readonly IReadOnlyList<Column> Trace =
    [
        Online, SharedColumns.ConnectionsNow, P5, P50, P95, Max, SharedColumns.AboveHighWater, SharedColumns.PrunedPerSecond,
        DialsPerSecond, IntervalDialSuccess, Ops, SharedColumns.RejectedPerSecond, SharedColumns.AdmissionAttemptsPerSecond,
        DialsInFlightP95, DialsInFlightMaxNow,
    ];

    public static readonly IReadOnlyList<Column> Summary = [.. SharedColumns.Summary, Dials, DialSuccess, OpenConnections, DialsInFlightMax, TrimDropMean, TrimDropMax];

    /// <summary>Position of <paramref name="column"/> in <see cref="Summary"/>.</summary>
    public static int SummaryIndex(Column column) => Summary.Select((c, i) => (c, i)).First(x => x.c == column).i;

    public static readonly IReadOnlyList<Expectation> Expectations =
    [
        new("dialSuccess", DialSuccess.Name, ExpectationKind.Range, RunMode.Network, "dial success"),
        new("dialsInFlightMax", DialsInFlightMax.Name, ExpectationKind.AtMost, RunMode.Network, "dials in flight at one node (max)"),
    ];
}
