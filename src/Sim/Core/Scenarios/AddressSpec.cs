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

    /// <summary>
    /// Autonomous systems: when set, every /16 belongs to one of this many ASes (drawn uniformly per /16) and the
    /// engines group peers by AS instead of by /16, as Bitcoin Core does with <c>-asmap</c> (Fiz Luis et al. 2020; a
    /// hosting provider announces many /16s from one AS). Default null: peers are grouped by /16.
    /// </summary>
    [RangeOf(1, 65_536)]
    public int? Asns { get; set; }
}
