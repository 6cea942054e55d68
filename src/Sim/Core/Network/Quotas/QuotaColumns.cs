using ConnMgr.Sim.Results;

namespace ConnMgr.Sim.Network.Quotas;

/// <summary>Columns of the negotiated-quota model.</summary>
internal static class QuotaColumns
{
    public static readonly Column CounterProposals = new("quota_counter_proposals", "requests", "Negotiated quota requests the group's engines answered with other bounds (engine.negotiate); empty when no group negotiates.", Format: "0");

    public static readonly Column Reclaimed = new("quota_units_reclaimed", "peers", "Peers (as counted) regulation rounds pruned from subsystems above their negotiated maximum and not on loan, summed over the group's nodes.", Format: "0");

    public static readonly Column OnLoan = new("quota_on_loan_mean", "peers", "Peers a node's subsystems held above their negotiated maximums on loan (engine.lendUnusedQuota) after its last trim, mean over the group's nodes at the end.", Format: "0.00");

    public static readonly IReadOnlyList<Column> Summary = [CounterProposals, Reclaimed, OnLoan];
}
