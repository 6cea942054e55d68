using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Tests;

/// <summary>A flow budget in a network: the runner asks the engine before every dial, and the engine refuses at the budget.</summary>
public class FlowBudgetTests
{
    // Closes pile up at the routers, lingering a minute.
    private const string Router = """, "router": { "natEntries": 4096, "linger": "00:01:00", "failedDialLinger": "00:01:00", "onFull": "drop" }""";

    [Test]
    public void ABudget_RefusesDialsAtIt_AndHoldsTheNodesRouterEntriesLower()
    {
        var open = CrowdedNetwork.Run(seed: 8, nodes: 200, group: Router);
        var budgeted = CrowdedNetwork.Run(seed: 8, nodes: 200, group: Router, engine: """, "flowBudget": { "flows": 40, "linger": "00:01:00" }""");

        Assert.That(open.Metric("rejected_flow_budget"), Is.Zero);
        Assert.That(budgeted.Metric("rejected_flow_budget"), Is.GreaterThan(100), "the budget binds");
        Assert.That(budgeted.Metric("dials"), Is.LessThan(open.Metric("dials")));
        Assert.That(budgeted.Metric("nat_entries_mean"), Is.LessThan(open.Metric("nat_entries_mean")));
    }

    [Test]
    public void ABudgetBelowOneFlow_IsABadInputNamingItsPath()
    {
        var path = CrowdedNetwork.Write(seed: 8, engine: """, "flowBudget": { "flows": 0 }""");

        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(path))!;

        Assert.That(e.Errors.Select(x => x.Path), Does.Contain("network.groups[0].engine.flowBudget.flows"));
    }
}
