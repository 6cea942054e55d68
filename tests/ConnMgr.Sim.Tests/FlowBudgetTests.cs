using ConnMgr.Sim.Experiments;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Tests;

/// <summary>A flow budget in a network: the runner asks the engine before every dial, and the engine refuses at the budget.</summary>
public class FlowBudgetTests
{
    // Nodes dial 24 peers but keep 8–16: closes pile up at the routers, lingering a minute.
    private const string Crowded = """
        { "name": "flows", "seed": 8, "duration": "00:03:00", "traceInterval": "00:00:30",
          "network": { "addressBook": 64, "groups": [
              { "name": "n", "count": 200, "profile": "go", "engine": { "lowWater": 8, "highWater": 16, "gracePeriod": "00:00:05", "silencePeriod": "00:00:05" BUDGET },
                "dialTarget": 24, "dialInterval": "00:00:05", "router": { "natEntries": 4096, "linger": "00:01:00", "failedDialLinger": "00:01:00", "onFull": "drop" } } ] } }
        """;

    private static RunResult Run(string budget = "") =>
        Runs.Create(ScenarioLoader.Load(Repo.WriteScenario(Crowded.Replace("BUDGET", budget, StringComparison.Ordinal)))).Run();

    [Test]
    public void ABudget_RefusesDialsAtIt_AndHoldsTheNodesRouterEntriesLower()
    {
        var open = Run();
        var budgeted = Run(""", "flowBudget": { "flows": 40, "linger": "00:01:00" }""");

        Assert.That(open.Metric("rejected_flow_budget"), Is.Zero);
        Assert.That(budgeted.Metric("rejected_flow_budget"), Is.GreaterThan(100), "the budget binds");
        Assert.That(budgeted.Metric("dials"), Is.LessThan(open.Metric("dials")));
        Assert.That(budgeted.Metric("nat_entries_mean"), Is.LessThan(open.Metric("nat_entries_mean")));
    }

    [Test]
    public void ABudgetBelowOneFlow_IsABadInputNamingItsPath()
    {
        var path = Repo.WriteScenario(Crowded.Replace("BUDGET", """, "flowBudget": { "flows": 0 }""", StringComparison.Ordinal));

        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(path))!;

        Assert.That(e.Errors.Select(x => x.Path), Does.Contain("network.groups[0].engine.flowBudget.flows"));
    }
}
