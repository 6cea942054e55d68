namespace ConnMgr.Engine.Limits;

/// <summary>
/// A flow budget (connection manager v2; kubo #3320, #5248, #10616): what a home router's NAT table really holds is
/// not the open connections alone but also the dials in flight and the flows that closed and still linger in the
/// table. The manager counts all three (<see cref="ConnectionManager{TPeer}.FlowsInUse"/>) and refuses new dials at
/// <see cref="Flows"/> (<see cref="RejectReason.FlowBudget"/>); the host dials again later.
/// </summary>
/// <param name="Flows">Flows the router can give this node, e.g. 700 of a 1,024-entry table (leaving room for the household).</param>
/// <param name="Linger">
/// How long a closed connection or a failed dial holds its entry: 120 s, Linux conntrack's TIME_WAIT and SYN_SENT
/// timeouts (nf_conntrack_tcp_timeout_time_wait, _syn_sent; kernel Documentation/networking/nf_conntrack-sysctl.rst).
/// </param>
public sealed record FlowBudget(int Flows, TimeSpan Linger)
{
    /// <summary>A budget of <paramref name="flows"/> with the 120 s conntrack linger.</summary>
    public FlowBudget(int flows)
        : this(flows, TimeSpan.FromSeconds(120))
    {
    }

    internal void Validate()
    {
        Guard.AtLeast(Flows, 1, "FlowBudget.Flows");
        Guard.NonNegative(Linger, "FlowBudget.Linger");
    }
}
