namespace ConnMgr.Sim.Scenarios;

/// <summary>
/// A sybil attack (<c>network.attack</c>): the nodes of the <see cref="Attackers"/> group are sybil identities on
/// <see cref="Ips"/> addresses in <see cref="NetworkGroups"/> /16s. Inbound flood: from <see cref="Start"/> they
/// connect to every node of the <see cref="Victims"/> group at <see cref="ConnectionsPerSecond"/> and hold what is
/// accepted (the attackers' own engine limits decide how many they keep). Outbound-slot capture: make the attacker
/// group dialable — sybils then advertise addresses and win address-book slots, so victims and honest nodes dial them.
/// Implies addresses for every node.
/// </summary>
public sealed class AttackSpec
{
    /// <summary>The group whose nodes are the sybil identities. Default <c>attacker</c>.</summary>
    public string Attackers { get; set; } = "attacker";

    /// <summary>The group whose nodes are attacked. Default <c>victim</c>.</summary>
    public string Victims { get; set; } = "victim";

    /// <summary>Distinct /16s the attackers' addresses sit in (Heilman et al. 2015 count attacker "groups" this way). Default 1.</summary>
    [RangeOf(1, 65_536)]
    public int NetworkGroups { get; set; } = 1;

    /// <summary>Distinct IPv4 addresses the sybils share, spread over the /16s (and /24s within them). Default 256.</summary>
    [RangeOf(1, 16_777_216)]
    public int Ips { get; set; } = 256;

    /// <summary>When the flood starts. Default 0.</summary>
    public TimeSpan Start { get; set; }

    /// <summary>New attacker connections attempted per second at each victim (a random sybil each time); 0 = no flood. Default 10.</summary>
    [RangeOf(0, 1_000_000)]
    public double ConnectionsPerSecond { get; set; } = 10;

    /// <summary>
    /// Routing-table poisoning: sybils take DHT ids sharing this many leading bits with a victim's (victims in turn),
    /// filling the victims' deep buckets (Prünster et al., USENIX Security 2022). Needs network.dht and dialable
    /// sybils in its groups (DHT servers). Default 0: sybils have hashed ids like everyone.
    /// </summary>
    [RangeOf(0, 48)]
    public int PoisonPrefixBits { get; set; }

    /// <summary>
    /// Behave-then-defect: sybils subscribed to pubsub (the attacker group in network.pubsub.groups) relay messages
    /// like honest peers, earning mesh places and delivery tags, and sybils in the DHT answer queries, until start +
    /// this; then they relay nothing and answer no query. Default null: they never defect.
    /// </summary>
    public TimeSpan? DefectAfter { get; set; }

    /// <summary>
    /// Autonomous systems the attackers' /16s are announced from (their own, none an honest node's), dealt round-robin.
    /// Needs network.addresses.asns. Default null: one AS per attacker /16.
    /// </summary>
    [RangeOf(1, 65_536)]
    public int? Asns { get; set; }

    /// <summary>
    /// Answer fast: the round-trip time every sybil shows (hosted next to the victims). When set, engines are told each
    /// peer's round trip at admission (honest peers: a draw from network.dialLatency per connection), so
    /// lowest-latency protection (diversity, bitcoin) favours the sybils, and sybils answer DHT queries after this
    /// delay. Default null: no round trips are reported and sybils answer as fast as anyone.
    /// </summary>
    public TimeSpan? Latency { get; set; }

    /// <summary>
    /// Malicious DHT answers: a sybil asked for a key answers with the sybils nearest that key (never an honest
    /// peer), steering lookups into the attacker's nodes. Needs network.dht with the attacker group in it. Default false.
    /// </summary>
    public bool AnswerWithSybils { get; set; }

    /// <summary>
    /// Lookups for the victims: from <see cref="Start"/>, honest DHT members (not victims, not sybils) look up a
    /// victim's id this many times per hour per victim, victims in turn, as peers resolving a victim's records would;
    /// the share whose result held sybils only is the DHT eclipse of Prünster et al. Needs network.dht. Default 0.
    /// </summary>
    [RangeOf(0, 1_000_000)]
    public double VictimLookupsPerHour { get; set; }
}
