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
/// <see cref="Ips"/> addresses in <see cref="NetworkGroups"/> /16s, and from <see cref="Start"/> they flood every node
/// of the <see cref="Victims"/> group with inbound connections they then hold (the attackers' own engine limits decide
/// how many they keep). Implies addresses for every node.
/// </summary>
public sealed class AttackSpec
{
    /// <summary>The group whose nodes are the sybil identities. Default <c>attacker</c>.</summary>
    public string Attackers { get; set; } = "attacker";

    /// <summary>The group whose nodes are attacked. Default <c>victim</c>.</summary>
    public string Victims { get; set; } = "victim";

    /// <summary>inboundFlood: connect to the victims at a rate and hold the connections.</summary>
    public AttackStrategy Strategy { get; set; } = AttackStrategy.InboundFlood;

    /// <summary>Distinct /16s the attackers' addresses sit in (Heilman et al. 2015 count attacker "groups" this way). Default 1.</summary>
    [RangeOf(1, 65_536)]
    public int NetworkGroups { get; set; } = 1;

    /// <summary>Distinct IPv4 addresses the sybils share, spread over the /16s (and /24s within them). Default 256.</summary>
    [RangeOf(1, 16_777_216)]
    public int Ips { get; set; } = 256;

    /// <summary>When the flood starts. Default 0.</summary>
    public TimeSpan Start { get; set; }

    /// <summary>New attacker connections attempted per second at each victim. Default 10.</summary>
    [RangeOf(0, 1_000_000)]
    public double ConnectionsPerSecond { get; set; } = 10;
}

/// <summary>What the attackers do.</summary>
public enum AttackStrategy
{
    /// <summary>Connect to each victim at a rate (victims in turn, a random sybil each time) and hold every connection accepted.</summary>
    InboundFlood,
}
