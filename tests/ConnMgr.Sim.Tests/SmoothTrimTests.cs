using ConnMgr.Sim.Experiments;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Tests;

/// <summary>Smooth trimming in a network: the saw-tooth's fall per cycle is bounded by the step, and the count sits higher.</summary>
public class SmoothTrimTests
{
    private const string Crowded = """
        { "name": "smooth", "seed": 6, "duration": "00:03:00", "traceInterval": "00:00:30",
          "network": { "addressBook": 64, "groups": [
              { "name": "n", "count": 300, "profile": "go", "engine": { "lowWater": 8, "highWater": 16, "gracePeriod": "00:00:05", "silencePeriod": "00:00:05" STEP }, "dialTarget": 24, "dialInterval": "00:00:05" } ] } }
        """;

    private static RunResult Run(string step = "") =>
        Runs.Create(ScenarioLoader.Load(Repo.WriteScenario(Crowded.Replace("STEP", step, StringComparison.Ordinal)))).Run();

    [Test]
    public void ATrimStep_BoundsEveryCyclesFall_AndHoldsTheCountNearerHighWater()
    {
        var classic = Run();
        var smooth = Run(""", "trimStep": 3""");

        Assert.That(classic.Metric("trim_drop_max"), Is.GreaterThan(3.0), "a classic cycle cuts to LowWater");
        Assert.That(smooth.Metric("trim_drop_max"), Is.InRange(1.0, 3.0));
        Assert.That(smooth.Metric("trim_drop_mean"), Is.LessThanOrEqualTo(3.0));
        Assert.That(smooth.Metric("connections_mean"), Is.GreaterThan(classic.Metric("connections_mean")));
        Assert.That(smooth.Metric("protected_pruned"), Is.Zero);
    }
}
