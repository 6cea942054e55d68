using ConnMgr.Sim.Results;

namespace ConnMgr.Sim.Network.Pubsub;

/// <summary>Columns and expect keys of the pubsub model (empty for groups that run no pubsub).</summary>
internal static class PubsubColumns
{
    private const string NoPubsub = "no pubsub in this run";

    public static readonly Column MeshDegree = new("mesh_degree_mean", "peers", "Mean mesh degree over the group's online subscriptions at the sample.", Across.Ratio) { Plot = "mesh-degree" };
    public static readonly Column BelowNow = new("mesh_below_d_lo_now", "share of subscriptions", "Share of online subscriptions whose mesh is below D_lo at the sample.", Across.Ratio) { Plot = "mesh-below-d-lo", Style = SeriesStyle.Dotted };
    public static readonly Column BelowInterval = new("mesh_below_d_lo_time", "share of node-time", "Share of subscribed node-time in the interval spent with a mesh below D_lo (exact, not sampled).", Across.Ratio) { Plot = "mesh-below-d-lo" };
    public static readonly Column MessagesPerSecond = new("messages_per_s", "messages per second", "Messages published by the group's nodes, per second of the interval.");
    public static readonly Column IntervalRatio = new("delivery_ratio", "share of deliveries", "Deliveries to the group's online subscribers over those expected, in the interval.", Across.Ratio) { Plot = "delivery-ratio" };
    public static readonly Column IntervalP50 = new("delivery_p50_ms", "ms", "Median delivery latency in the interval.", Across.Max, "0") { Plot = "delivery-latency" };
    public static readonly Column IntervalP99 = new("delivery_p99_ms", "ms", "99th percentile delivery latency in the interval.", Across.Max, "0") { Plot = "delivery-latency", Style = SeriesStyle.Dashed };

    public static readonly Column BelowTime = new("mesh_below_d_lo_time", "share of node-time", "Share of subscribed node-time spent with a mesh below D_lo.", Across.Ratio, "0.######") { Headline = true };
    public static readonly Column Published = new("messages_published", "messages", "Messages published by the group's nodes.", Format: "0");
    public static readonly Column Ratio = new("delivery_ratio", "share of deliveries", "Deliveries over those expected (online subscribers at publication).", Across.Ratio, "0.######");
    public static readonly Column P50 = new("delivery_p50_ms", "ms", "Median delivery latency.", Across.Ratio, "0");
    public static readonly Column P99 = new("delivery_p99_ms", "ms", "99th percentile delivery latency.", Across.Ratio, "0") { Headline = true };
    public static readonly Column Grafts = new("grafts", "grafts", "Mesh links made by heartbeats.", Format: "0");
    public static readonly Column Prunes = new("mesh_prunes", "prunes", "Mesh links cut by heartbeats (mesh above D_hi).", Format: "0");
    public static readonly Column MeshPeersPruned = new("mesh_peers_pruned", "connections", "Mesh peers the group's engines pruned (any reason).", Format: "0") { Headline = true };
    public static readonly Column QuotaViolations = new("quota_violations", "trims", "Trims that left pubsub below its reserve while another subsystem stayed above its own (the engine guarantees 0).", Format: "0");

    public static readonly Column Degree = new("degree", "peers", "Mesh degree (key of mesh-degree.csv).", Format: "0");
    public static readonly Column DegreeShare = new("share_of_samples", "share", "Share of the group's subscription samples at that degree.", Format: "0.######");

    public static readonly IReadOnlyList<Column> Trace = [MeshDegree, BelowNow, BelowInterval, MessagesPerSecond, IntervalRatio, IntervalP50, IntervalP99];

    public static readonly IReadOnlyList<Column> Summary = [BelowTime, Published, Ratio, P50, P99, Grafts, Prunes, MeshPeersPruned, QuotaViolations];

    public static readonly IReadOnlyList<Expectation> Expectations =
    [
        new("meshBelowDLo", BelowTime.Name, ExpectationKind.Range, RunMode.Network, "subscribed time with mesh below D_lo") { WhenMissing = NoPubsub },
        new("deliveryRatio", Ratio.Name, ExpectationKind.Range, RunMode.Network, "message delivery ratio") { WhenMissing = NoPubsub },
        new("deliveryLatencyP50Ms", P50.Name, ExpectationKind.Range, RunMode.Network, "delivery latency p50 (ms)") { WhenMissing = NoPubsub },
        new("deliveryLatencyP99Ms", P99.Name, ExpectationKind.Range, RunMode.Network, "delivery latency p99 (ms)") { WhenMissing = NoPubsub },
        new("meshPeersPruned", MeshPeersPruned.Name, ExpectationKind.Range, RunMode.Network, "mesh peers pruned") { WhenMissing = NoPubsub },
        new("quotaViolations", QuotaViolations.Name, ExpectationKind.Range, RunMode.Network, "trims leaving pubsub below its reserve") { WhenMissing = NoPubsub },
    ];
}
