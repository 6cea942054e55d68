namespace ConnMgr.Sim.Scenarios;

/// <summary>
/// A gossipsub-like pubsub layer over network mode. Defaults are go-libp2p-pubsub's (gossipsub.go: D 6, D_lo 5,
/// D_hi 12, heartbeat 1 s, prune backoff 1 min; tag_tracer.go: mesh tag 20, first-delivery tag bump 1 capped at 15,
/// decaying by 1 every 10 min).
/// </summary>
public sealed class PubsubSpec
{
    /// <summary>Groups whose nodes run pubsub (by name); empty = every group.</summary>
    public List<string> Groups { get; set; } = [];

    /// <summary>Topics in the network. Default 1.</summary>
    [RangeOf(0, 1_000_000)]
    public int Topics { get; set; } = 1;

    /// <summary>Topics each subscribing node joins (distinct, uniformly drawn). Default 1.</summary>
    [RangeOf(0, 1_000_000)]
    public int TopicsPerNode { get; set; } = 1;

    /// <summary>Fraction of the pubsub groups' nodes that subscribe at all. Default 1.</summary>
    [RangeOf(0, 1)]
    public double Subscribers { get; set; } = 1;

    /// <summary>Target mesh degree. Default 6.</summary>
    [RangeOf(0, 1_000)]
    public int D { get; set; } = 6;

    /// <summary>Below this a heartbeat grafts up to D. Default 5.</summary>
    [RangeOf(0, 1_000)]
    public int DLo { get; set; } = 5;

    /// <summary>Above this a heartbeat prunes down to D. Default 12.</summary>
    [RangeOf(0, 1_000)]
    public int DHi { get; set; } = 12;

    /// <summary>Heartbeat period (one sweep over the meshes out of bounds). Default 1 s.</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A pruned mesh peer is not re-grafted for this long (both sides). Default 1 min.</summary>
    public TimeSpan PruneBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A mesh below D_lo with no connected topic peer to graft dials this many topic peers per heartbeat (peer
    /// exchange / discovery), at most once per <see cref="DiscoveryInterval"/>. Default 2.
    /// </summary>
    [RangeOf(0, 10_000)]
    public int DiscoveryDials { get; set; } = 2;

    /// <summary>Least time between two discovery rounds of one mesh. Default 5 s.</summary>
    public TimeSpan DiscoveryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Messages published per second per topic, network-wide (Poisson). Default 0.2.</summary>
    [RangeOf(0, 1e9)]
    public double MessagesPerSecond { get; set; } = 0.2;

    /// <summary>Latency of one mesh hop (transmission + validation). Default log-normal, median 50 ms, σ 0.5.</summary>
    public DurationDistributionSpec? HopLatency { get; set; }

    /// <summary>Tag value of a mesh peer, per topic ("pubsub:&lt;topic&gt;"). Default 20.</summary>
    public int MeshTagValue { get; set; } = 20;

    /// <summary>Bump of the decaying first-delivery tag ("pubsub-deliveries:&lt;topic&gt;"). Default 1; 0 disables the tag.</summary>
    public int DeliveryTagBump { get; set; } = 1;

    /// <summary>Cap of the first-delivery tag. Default 15.</summary>
    public int DeliveryTagCap { get; set; } = 15;

    /// <summary>The first-delivery tag loses 1 every this long. Default 10 min.</summary>
    public TimeSpan DeliveryTagDecay { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>
/// A Kademlia-like DHT over network mode: 64-bit ids, k-buckets, iterative lookups with α parallel queries. Servers
/// are the dialable nodes (undialable nodes are DHT clients). k 20, the "kbucket" tag 5 and protection of the first 2
/// buckets are go-libp2p-kad-dht's (dht.go); α defaults to the Kademlia paper's 3 (Maymounkov &amp; Mazières 2002),
/// while go-libp2p-kad-dht queries with concurrency 10 (internal/config/config.go; scenarios/ipfs.json sets it).
/// </summary>
public sealed class DhtSpec
{
    /// <summary>Groups whose nodes run lookups (by name); empty = every group. Every dialable node answers.</summary>
    public List<string> Groups { get; set; } = [];

    /// <summary>Bucket size. Default 20.</summary>
    [RangeOf(1, 64)]
    public int K { get; set; } = 20;

    /// <summary>Parallel queries per lookup. Default 3.</summary>
    [RangeOf(1, 64)]
    public int Alpha { get; set; } = 3;

    /// <summary>Background lookups per online node per hour (refreshes, provides, finds). Default 6.</summary>
    [RangeOf(0, 1e9)]
    public double LookupsPerNodePerHour { get; set; } = 6;

    /// <summary>
    /// Which process starts the background lookups. Network (default): one Poisson process at the rate of all members
    /// picks a uniformly drawn member each time, from a shared stream. PerNode: each member runs its own Poisson
    /// process at <see cref="LookupsPerNodePerHour"/> from its own stream. Both skip a member that is down, so they are
    /// equal in law (a superposition of independent Poisson processes with equal rates is the network's); PerNode is
    /// the one a partitioned run can own node by node (docs/design/dht-hour.md), and it holds one pending event per
    /// member.
    /// </summary>
    public LookupArrivals LookupArrivals { get; set; }

    /// <summary>
    /// Routing-table refresh: every interval each DHT node looks up one random key per non-empty bucket (common prefix
    /// 0 .. 15 with its own id) plus its own id, as go-libp2p-kad-dht's refresh manager does every 10 min
    /// (rtrefresh/rt_refresh_manager.go; go-libp2p-kbucket's maxCplForRefresh 15). Default 0: no refresh.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; }

    /// <summary>Round trip of one query on an open connection. Default log-normal, median 100 ms, σ 0.6.</summary>
    public DurationDistributionSpec? RpcLatency { get; set; }

    /// <summary>Mark connections a lookup opens as transient in the dialer's engine. Default true.</summary>
    public bool TransientQueries { get; set; } = true;

    /// <summary>Tag value of a routing-table peer ("kbucket"). Default 5.</summary>
    public int KbucketTagValue { get; set; } = 5;

    /// <summary>Routing-table peers whose common prefix with the node is below this are protected. Default 2; 0 = none.</summary>
    [RangeOf(0, 256)]
    public int ProtectedBuckets { get; set; } = 2;

    /// <summary>
    /// How long a departed server stays in other nodes' routing tables; then its slot passes to the next live member
    /// of the slot's stretch of the bucket. go-libp2p-kad-dht drops a peer at its first failed dial or query (query.go,
    /// queryPeer → peerStoppedDHT) and refills buckets from the peers its queries find; a refresh round queries α of
    /// each bucket's members, so a departed peer leaves most tables within about one refresh interval. Default null:
    /// tables never evict (a departed server stays in them and answers nothing).
    /// </summary>
    public TimeSpan? EvictAfter { get; set; }

    /// <summary>
    /// Protect the routing-table members of the first <see cref="ProtectedBuckets"/> buckets whether connected or not,
    /// as go-libp2p-kad-dht's PeerAdded callback does (dht.go); the model re-reads those members when a node comes up
    /// and at each of its refresh rounds. Default false: a table peer is protected only while connected, which trims
    /// the same (protection only matters to a connected peer) and spares a million engines ~40 entries each.
    /// </summary>
    public bool ProtectDisconnected { get; set; }

    /// <summary>Lookup bursts: a reprovide sweep, a crawler.</summary>
    public List<LookupBurstSpec> Bursts { get; set; } = [];

    /// <summary>
    /// The routing-table diversity filter (go-libp2p-kad-dht rt_diversity_filter.go, the answer to the IPFS eclipse):
    /// at most <see cref="DiversityPerBucket"/> servers of one /16 per bucket and <see cref="DiversityPerTable"/> per
    /// table; needs node addresses (network.addresses or network.attack). Default false.
    /// </summary>
    public bool DiversityFilter { get; set; }

    /// <summary>The filter's most servers of one /16 per bucket. Default 2 (go-libp2p-kad-dht's tests, Prünster et al. 2022).</summary>
    [RangeOf(1, 1000)]
    public int DiversityPerBucket { get; set; } = 2;

    /// <summary>The filter's most servers of one /16 in a whole table. Default 3.</summary>
    [RangeOf(1, 1_000_000)]
    public int DiversityPerTable { get; set; } = 3;
}

/// <summary>Which process starts a DHT's background lookups (<see cref="DhtSpec.LookupArrivals"/>).</summary>
public enum LookupArrivals
{
    /// <summary>One process for the network, drawing which member looks up next.</summary>
    Network,

    /// <summary>A process per member, drawing from the member's own stream.</summary>
    PerNode,
}

/// <summary>A lookup burst: at <see cref="At"/> a fraction of a group's nodes each start <see cref="Lookups"/> lookups within <see cref="Window"/>.</summary>
public sealed class LookupBurstSpec
{
    /// <summary>When the burst starts.</summary>
    public TimeSpan At { get; set; }

    /// <summary>Group (by name) whose nodes burst; empty = the DHT groups.</summary>
    public string Group { get; set; } = "";

    /// <summary>Fraction of that group's nodes that take part. Default 1.</summary>
    [RangeOf(0, 1)]
    public double Fraction { get; set; } = 1;

    /// <summary>Lookups per participating node. Default 20.</summary>
    [RangeOf(0, 1_000_000_000)]
    public int Lookups { get; set; } = 20;

    /// <summary>The lookups start uniformly within this window. Default 30 s.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(30);
}
