namespace ConnMgr.Sim.Scenarios;

/// <summary>
/// IPv4 addresses for every node (<c>network.addresses</c>): each engine is told its peers' addresses before a
/// connection opens, so per-prefix inbound caps and the network groups of the diversity and bitcoin trim policies
/// see them. Honest nodes are spread uniformly over <see cref="Prefixes16"/> /16s; an attack's sybils sit in its own few.
/// </summary>
public sealed class AddressSpec
{
    /// <summary>
    /// /16s the honest nodes' addresses are drawn from, uniformly (a /24 and host inside each uniformly too). Default
    /// 4,096: **assumed**; IPFS peers were seen in more than 2,700 autonomous systems (Trautwein et al., SIGCOMM 2022).
    /// </summary>
    [RangeOf(1, 65_536)]
    public int Prefixes16 { get; set; } = 4096;
}

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
    /// like honest peers, earning mesh places and delivery tags, until start + this, then relay nothing. Default
    /// null: they never defect.
    /// </summary>
    public TimeSpan? DefectAfter { get; set; }
}
