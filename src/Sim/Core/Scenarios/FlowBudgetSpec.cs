namespace ConnMgr.Sim.Scenarios;

/// <summary>A flow budget: what the node's router can give it.</summary>
public sealed class FlowBudgetSpec
{
    /// <summary>Flows the router can give this node (e.g. 700 of a 1,024-entry table).</summary>
    [RangeOf(1, 10_000_000)]
    public int Flows { get; set; } = 700;

    /// <summary>How long a closed connection or failed dial holds its entry. Default 120 s (Linux conntrack TIME_WAIT, SYN_SENT).</summary>
    public TimeSpan Linger { get; set; } = new Engine.Limits.FlowBudget(1).Linger; // the engine's default, one declaration
}
