namespace ConnMgr.Sim.Scenarios;

/// <summary>
/// Network mode: every node runs its own engine and connections are edges seen at both ends. Used instead of
/// focal <see cref="Scenario.Nodes"/> when present.
/// </summary>
public sealed class NetworkSpec
{
    /// <summary>Node groups (residential, server, gateway, ...).</summary>
    public List<NetworkGroupSpec> Groups { get; set; } = [];

    /// <summary>Dial latency; default log-normal, median 100 ms, σ 0.6.</summary>
    public DurationDistributionSpec? DialLatency { get; set; }

    /// <summary>Probability that a dial to an online, dialable node fails anyway.</summary>
    [RangeOf(0, 1)]
    public double DialFailure { get; set; }

    /// <summary>Dials slower than this fail as timed out. Default 10 s.</summary>
    public TimeSpan DialTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// When the far end of a connection learns that it closed. instant: at once, as both engines are told in the same
    /// event (the model every shipped result uses). halfRoundTrip: a prune, a node going offline, a router dying or the
    /// dialer refusing closes the local end at once, and the other end half the connection's round trip later (its
    /// dial latency, drawn when it opens), delivered at the end of the 5-ms bucket that time falls in; dial latencies
    /// then have a 10 ms floor. This is step 2a of
    /// docs/design/two-partition-kernel.md, the lookahead a partitioned kernel needs. Default instant.
    /// </summary>
    public RemoteCloses RemoteCloses { get; set; } = RemoteCloses.Instant;

    /// <summary>
    /// How a dial reaches its listener. instant: both ends take the connection in one event, a dial latency after the
    /// dial (the model every shipped result uses). split: the SYN reaches the listener half the latency after the
    /// dial (its router admits it and its engine takes or refuses the connection there), and the answer reaches the
    /// dialer at the full latency; needs remoteCloses halfRoundTrip, since a refusal travels back as a close. This is
    /// step 2b of docs/design/two-partition-kernel.md. Default instant.
    /// </summary>
    public DialDelivery Dials { get; set; } = DialDelivery.Instant;

    /// <summary>Known peers per node, drawn from the dialable nodes (the ones that advertise addresses, as DHT servers do). Default 64.</summary>
    [RangeOf(1, 1_000_000)]
    public int AddressBook { get; set; } = 64;

    /// <summary>
    /// random: a uniform sample of the dialable nodes; neighbourhood: the dialable nodes closest to the node on a
    /// hashed id ring (as a Kademlia routing table favours its neighbourhood), so nodes share neighbours. Default random.
    /// </summary>
    public AddressBookKind AddressBookKind { get; set; } = AddressBookKind.Random;

    /// <summary>Write events.csv for this many nodes (the first of each group in id order, spread evenly); 0 = none. Default 0.</summary>
    [RangeOf(0, 1_000_000)]
    public int SampledEventLog { get; set; }

    /// <summary>Politeness window: a dial to a peer that pruned us less than this ago counts as a rude redial. Default 60 s.</summary>
    public TimeSpan RedialWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Scheduled bootstrap storms.</summary>
    public List<StormSpec> Storms { get; set; } = [];

    /// <summary>Crawler-style bursts: a node dials many peers within a second.</summary>
    public CrawlerSpec? Crawlers { get; set; }

    /// <summary>The dial latency, or <see cref="DefaultLatency"/> when absent.</summary>
    public DurationDistributionSpec DialLatencyOrDefault => DialLatency ?? DefaultLatency();

    /// <summary>Default network latency (dials, DHT round trips): log-normal, median 100 ms, σ 0.6.</summary>
    public static DurationDistributionSpec DefaultLatency() => new() { Kind = DistributionKind.Lognormal, Median = TimeSpan.FromMilliseconds(100), Sigma = 0.6 };

    /// <summary>Per group: true when its name is in <paramref name="names"/>, or for every group when the list is empty.</summary>
    public bool[] SelectGroups(List<string> names) => [.. Groups.Select(g => names.Count == 0 || names.Contains(g.Name))];

    /// <summary>Pubsub (gossipsub-like meshes) over the network; absent = none.</summary>
    public PubsubSpec? Pubsub { get; set; }

    /// <summary>Kademlia-like DHT lookups over the network; absent = none.</summary>
    public DhtSpec? Dht { get; set; }

    /// <summary>IPv4 addresses for the nodes (prefix caps and network groups see them); absent = none unless an attack is set.</summary>
    public AddressSpec? Addresses { get; set; }

    /// <summary>A sybil attack on a group of victims; absent = none.</summary>
    public AttackSpec? Attack { get; set; }
}

/// <summary>A group of network nodes.</summary>
public sealed class NetworkGroupSpec
{
    /// <summary>Group name.</summary>
    public string Name { get; set; } = "node";

    /// <summary>Nodes in the group.</summary>
    [RangeOf(0, 20_000_000)]
    public int Count { get; set; } = 1;

    /// <summary>Engine profile.</summary>
    public string Profile { get; set; } = "default";

    /// <summary>Engine overrides.</summary>
    public EngineSpec Engine { get; set; } = new();

    /// <summary>Fraction of the group that can be dialed (the rest is behind NAT and only dials out). Default 1.</summary>
    [RangeOf(0, 1)]
    public double Dialable { get; set; } = 1;

    /// <summary>Connections a node dials towards (it stops dialing at this count). Default 30.</summary>
    [RangeOf(0, 1_000_000)]
    public int DialTarget { get; set; } = 30;

    /// <summary>Wait between two dialing rounds of a node below its target. Default 5 s.</summary>
    public TimeSpan DialInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Dials started per round, at most the deficit to the target. Default 8.</summary>
    [RangeOf(0, 1_000_000)]
    public int ParallelDials { get; set; } = 8;

    /// <summary>Residential router; absent = none (a server).</summary>
    public RouterSpec? Router { get; set; }

    /// <summary>Churn; absent = always online.</summary>
    public ChurnSpec? Churn { get; set; }

    /// <summary>
    /// Connections at which a node of this group that first comes online after the start counts as joined: its join
    /// time is measured (join_time_p50_s). Absent = not measured.
    /// </summary>
    [RangeOf(1, 10_000_000)]
    public int? JoinTarget { get; set; }
}

/// <summary>A consumer router's NAT table.</summary>
public sealed class RouterSpec
{
    /// <summary>NAT entries; each open connection holds one. Default 1024 (kubo issue 3320's routers).</summary>
    [RangeOf(1, 100_000_000)]
    public int NatEntries { get; set; } = 1024;

    /// <summary>How long a closed connection keeps its entry (TCP TIME_WAIT / UDP timeout). Default 2 min.</summary>
    public TimeSpan Linger { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long an unanswered dial (SYN sent, no reply: the peer is offline, undialable or the dial failed) keeps an
    /// entry at the dialer's router. Linux and OpenWrt conntrack keep SYN_SENT entries 120 s
    /// (nf_conntrack_tcp_timeout_syn_sent, Documentation/networking/nf_conntrack-sysctl.rst). The entry is taken when
    /// the dial is known to have failed (after its latency, or the dial timeout), not when the SYN left: a timed-out
    /// dial holds it up to the dial timeout longer than conntrack would. Default 0: failed dials hold no entry (the
    /// model before this setting existed).
    /// </summary>
    public TimeSpan FailedDialLinger { get; set; }

    /// <summary>drop (refuse new connections), evictOldest, or die (drop everything for the reboot time).</summary>
    public RouterBehaviour OnFull { get; set; } = RouterBehaviour.Drop;

    /// <summary>Reboot time of a router that died. Default 1 min.</summary>
    public TimeSpan Reboot { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Session and off-time distributions.</summary>
public sealed class ChurnSpec
{
    /// <summary>Online session length.</summary>
    public DurationDistributionSpec Session { get; set; } = new();

    /// <summary>Offline time.</summary>
    public DurationDistributionSpec OffTime { get; set; } = new();

    /// <summary>Fraction online at the start. Default 1.</summary>
    [RangeOf(0, 1)]
    public double InitiallyOnline { get; set; } = 1;
}

/// <summary>A bootstrap storm: a fraction of all nodes (re)starts within a window.</summary>
public sealed class StormSpec
{
    /// <summary>When.</summary>
    public TimeSpan At { get; set; }

    /// <summary>Fraction of nodes that restart.</summary>
    [RangeOf(0, 1)]
    public double Fraction { get; set; }

    /// <summary>Window over which they come back.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Crawler bursts: at random times a random node dials <see cref="Peers"/> peers within one second.</summary>
public sealed class CrawlerSpec
{
    /// <summary>Bursts per hour over the whole network.</summary>
    [RangeOf(0, 1e9)]
    public double PerHour { get; set; }

    /// <summary>Peers dialed per burst.</summary>
    [RangeOf(0, 20_000_000)]
    public int Peers { get; set; } = 200;
}

/// <summary>How address books are filled.</summary>
public enum AddressBookKind
{
    /// <summary>A uniform sample of the dialable nodes.</summary>
    Random,

    /// <summary>The dialable nodes nearest the node on a hashed id ring.</summary>
    Neighbourhood,
}

/// <summary>When the far end of a connection learns that it closed (<see cref="NetworkSpec.RemoteCloses"/>).</summary>
public enum RemoteCloses
{
    /// <summary>In the same event: both engines drop the connection at once.</summary>
    Instant,

    /// <summary>Half the connection's round trip later, as a TCP FIN or QUIC CONNECTION_CLOSE travels.</summary>
    HalfRoundTrip,
}

/// <summary>How a dial reaches its listener (<see cref="NetworkSpec.Dials"/>).</summary>
public enum DialDelivery
{
    /// <summary>In one event: both engines take the connection when the dial's latency has passed.</summary>
    Instant,

    /// <summary>The SYN reaches the listener at half the latency, its answer the dialer at the full latency.</summary>
    Split,
}

/// <summary>What a router with a full NAT table does with a new connection.</summary>
public enum RouterBehaviour
{
    /// <summary>Refuses it.</summary>
    Drop,

    /// <summary>Reuses the oldest lingering entry (refuses when every entry is an open connection).</summary>
    EvictOldest,

    /// <summary>Dies: every connection closes, the node is down for the reboot time.</summary>
    Die,
}
