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

    public static readonly Column TableConnectedNow = new("routing_table_connected_mean", "peers", "Routing-table peers a DHT server of the group is connected to at the sample (mean over up to 1,000 online servers).", Across.MeanOfGroups, "0.#") { Plot = "routing-table" };
    public static readonly Column TableProtectedNow = new("routing_table_protected_mean", "peers", "Routing-table peers the engine protects with the kbucket tag (the first buckets; connected or not, per dht.protectDisconnected).", Across.MeanOfGroups, "0.#") { Plot = "routing-table", Style = SeriesStyle.Dashed };

    public static readonly Column Lookups = new("lookups", "lookups", "Lookups finished (lookups abandoned by a node going offline excluded).", Format: "0");
    public static readonly Column Success = new("lookup_success", "share of lookups", "Share of lookups that reached the closest online server to the key.", Across.Ratio) { Headline = true };
    public static readonly Column Hops = new("lookup_hops_mean", "hops", "Mean hops of successful lookups.", Across.Ratio, "0.####");
    public static readonly Column P50 = new("lookup_p50_ms", "ms", "Median lookup latency.", Across.Ratio, "0");
    public static readonly Column P99 = new("lookup_p99_ms", "ms", "99th percentile lookup latency.", Across.Ratio, "0") { Headline = true };
    public static readonly Column ConnectionsPerLookup = new("connections_per_lookup", "connections", "New connections opened per lookup.", Across.Ratio);
    public static readonly Column QueriesPerLookup = new("queries_per_lookup", "queries", "Queries sent per lookup.", Across.Ratio);
    public static readonly Column TableSize = new("routing_table_size_mean", "peers", "Peers in a DHT server's routing table (min(k, bucket members) over its non-empty buckets), mean over the group's servers (up to 10,000, evenly spaced).", Across.Ratio, "0.#");
    public static readonly Column TableConnected = new("routing_table_connected_mean", "peers", "Time mean (over trace samples) of the routing-table peers a DHT server is connected to.", Across.Ratio, "0.#");
    public static readonly Column TableProtected = new("routing_table_protected_mean", "peers", "Time mean (over trace samples) of the routing-table peers a DHT server's engine protects (connected or not).", Across.Ratio, "0.#");
    public static readonly Column DialsInFlightMax = new("lookup_dials_in_flight_max", "dials", "Most dials one node's lookups had in flight at once (all its concurrent lookups together).", Across.Max, "0");
    public static readonly Column ReusedPerLookup = new("reused_per_lookup", "queries", "Queries per lookup sent on a connection already open (they open nothing).", Across.Ratio);
    public static readonly Column DialsPerLookup = new("dials_per_lookup", "dials", "Queries per lookup that dialed the peer first (queries less reused ones): connections attempted, answered or not.", Across.Ratio);
    public static readonly Column UnansweredPerLookup = new("unanswered_per_lookup", "queries", "Queries per lookup no answer came back for: the peer was offline or unreachable, or the dial failed or timed out.", Across.Ratio);
    public static readonly Column Abandoned = new("lookups_abandoned", "lookups", "Lookups whose node went offline before they ended.", Format: "0");

    public static readonly Column HopCount = new("hops", "hops", "Hops of a successful lookup (key of lookup-hops.csv).", Format: "0");
    public static readonly Column HopLookups = new("lookups", "lookups", "Successful lookups with that many hops.", Format: "0");

    public static readonly IReadOnlyList<Column> Trace = [LookupsPerSecond, IntervalSuccess, IntervalHops, IntervalP50, IntervalP99, IntervalConnections, TableConnectedNow, TableProtectedNow];

    public static readonly IReadOnlyList<Column> Summary = [Lookups, Success, Hops, P50, P99, ConnectionsPerLookup, QueriesPerLookup, Abandoned, TableSize, TableConnected, TableProtected, DialsInFlightMax, ReusedPerLookup, UnansweredPerLookup, DialsPerLookup];

    public static readonly IReadOnlyList<Expectation> Expectations =
    [
        new("lookupSuccess", Success.Name, ExpectationKind.Range, RunMode.Network, "lookup success") { WhenMissing = "no DHT in this run" },
        new("lookupHops", Hops.Name, ExpectationKind.Range, RunMode.Network, "lookup hops (mean)") { WhenMissing = "no DHT in this run" },
        new("connectionsPerLookup", ConnectionsPerLookup.Name, ExpectationKind.Range, RunMode.Network, "connections opened per lookup") { WhenMissing = "no DHT in this run" },
        new("dialsPerLookup", DialsPerLookup.Name, ExpectationKind.Range, RunMode.Network, "dials per lookup (connections attempted)") { WhenMissing = "no DHT in this run" },
        new("routingTableSize", TableSize.Name, ExpectationKind.Range, RunMode.Network, "routing-table size per DHT server") { WhenMissing = "no DHT servers in this run" },
        new("routingTableConnected", TableConnected.Name, ExpectationKind.Range, RunMode.Network, "routing-table peers connected per DHT server") { WhenMissing = "no DHT servers in this run" },
        new("routingTableProtected", TableProtected.Name, ExpectationKind.Range, RunMode.Network, "protected routing-table peers per DHT server") { WhenMissing = "no DHT servers in this run" },
        new("lookupDialsInFlightMax", DialsInFlightMax.Name, ExpectationKind.AtMost, RunMode.Network, "lookup dials in flight at one node (max)") { WhenMissing = "no DHT in this run" },
    ];
}
