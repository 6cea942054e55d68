using ConnMgr.Sim.Results;

namespace ConnMgr.Sim.Network.Dht;

/// <summary>Columns and expect keys of the DHT model (empty for groups that run no lookups).</summary>
internal static class DhtColumns
{
    public static readonly Column LookupsPerSecond = new("lookups_per_s", "lookups per second", "Lookups the group's nodes finished, per second of the interval.");
    public static readonly Column IntervalSuccess = new("lookup_success", "share of lookups", "Share of the interval's lookups that reached the closest online server to the key.", Across.Ratio) { Plot = "lookup-success" };
    public static readonly Column IntervalHops = new("lookup_hops_mean", "hops", "Mean hops of the interval's successful lookups.", Across.Ratio, "0.###");
    public static readonly Column IntervalP50 = new("lookup_p50_ms", "ms", "Median latency of the interval's lookups.", Across.Max, "0") { Plot = "lookup-latency" };
    public static readonly Column IntervalP99 = new("lookup_p99_ms", "ms", "99th percentile latency of the interval's lookups.", Across.Max, "0") { Plot = "lookup-latency", Style = SeriesStyle.Dashed };
    public static readonly Column IntervalConnections = new("connections_per_lookup", "connections", "New connections opened per lookup in the interval.", Across.Ratio, "0.###") { Plot = "lookup-connections" };

    public static readonly Column Lookups = new("lookups", "lookups", "Lookups finished (lookups abandoned by a node going offline excluded).", Format: "0");
    public static readonly Column Success = new("lookup_success", "share of lookups", "Share of lookups that reached the closest online server to the key.", Across.Ratio) { Headline = true };
    public static readonly Column Hops = new("lookup_hops_mean", "hops", "Mean hops of successful lookups.", Across.Ratio, "0.####");
    public static readonly Column P50 = new("lookup_p50_ms", "ms", "Median lookup latency.", Across.Ratio, "0");
    public static readonly Column P99 = new("lookup_p99_ms", "ms", "99th percentile lookup latency.", Across.Ratio, "0") { Headline = true };
    public static readonly Column ConnectionsPerLookup = new("connections_per_lookup", "connections", "New connections opened per lookup.", Across.Ratio);
    public static readonly Column QueriesPerLookup = new("queries_per_lookup", "queries", "Queries sent per lookup.", Across.Ratio);
    public static readonly Column Abandoned = new("lookups_abandoned", "lookups", "Lookups whose node went offline before they ended.", Format: "0");

    public static readonly Column HopCount = new("hops", "hops", "Hops of a successful lookup (key of lookup-hops.csv).", Format: "0");
    public static readonly Column HopLookups = new("lookups", "lookups", "Successful lookups with that many hops.", Format: "0");

    public static readonly IReadOnlyList<Column> Trace = [LookupsPerSecond, IntervalSuccess, IntervalHops, IntervalP50, IntervalP99, IntervalConnections];

    public static readonly IReadOnlyList<Column> Summary = [Lookups, Success, Hops, P50, P99, ConnectionsPerLookup, QueriesPerLookup, Abandoned];

    public static readonly IReadOnlyList<Expectation> Expectations =
    [
        new("lookupSuccess", Success.Name, ExpectationKind.Range, RunMode.Network, "lookup success") { WhenMissing = "no DHT in this run" },
        new("lookupHops", Hops.Name, ExpectationKind.Range, RunMode.Network, "lookup hops (mean)") { WhenMissing = "no DHT in this run" },
        new("connectionsPerLookup", ConnectionsPerLookup.Name, ExpectationKind.Range, RunMode.Network, "connections opened per lookup") { WhenMissing = "no DHT in this run" },
    ];
}
