using ConnMgr.Sim.Results;

namespace ConnMgr.Sim.Network.Joining;

/// <summary>Columns of the join-time model (empty for groups without <c>joinTarget</c>).</summary>
internal static class JoinColumns
{
    private const string NoTarget = "no group sets joinTarget";

    public static readonly Column Measured = new("joins_measured", "nodes", "Nodes of the group that first came online after the start (new to the network) and reached joinTarget connections.", Format: "0");
    public static readonly Column P50 = new("join_time_p50_s", "seconds", "Median time from a new node's first start to holding joinTarget connections.", Across.Ratio, "0.#") { Headline = true };
    public static readonly Column P95 = new("join_time_p95_s", "seconds", "95th percentile of the time from a new node's first start to holding joinTarget connections.", Across.Ratio, "0.#");
    public static readonly Column Unfinished = new("joins_unfinished", "share of new nodes", "New nodes that had not reached joinTarget connections when their first session or the run ended, over all new nodes.", Across.Ratio, "0.####") { Headline = true };
    public static readonly Column NewcomersAdmitted = new("newcomers_admitted", "connections", "Inbound connections from peers not seen before that the group's engines admitted beyond a hard inbound limit (engine.newcomerSlots).", Format: "0");

    public static readonly IReadOnlyList<Column> Summary = [Measured, P50, P95, Unfinished, NewcomersAdmitted];

    public static readonly IReadOnlyList<Expectation> Expectations =
    [
        new("joinTimeP50", P50.Name, ExpectationKind.Range, RunMode.Network, "median join time of new nodes (s)") { WhenMissing = NoTarget },
        new("joinTimeP95", P95.Name, ExpectationKind.Range, RunMode.Network, "p95 join time of new nodes (s)") { WhenMissing = NoTarget },
        new("joinsUnfinished", Unfinished.Name, ExpectationKind.Range, RunMode.Network, "share of new nodes that never joined") { WhenMissing = NoTarget },
    ];
}
