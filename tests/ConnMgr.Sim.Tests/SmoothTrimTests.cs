namespace ConnMgr.Sim.Tests;

/// <summary>Smooth trimming in a network: the saw-tooth's fall per cycle is bounded by the step, and the count sits higher.</summary>
public class SmoothTrimTests
{
    [Test]
    public void ATrimStep_BoundsEveryCyclesFall_AndHoldsTheCountNearerHighWater()
    {
        var classic = CrowdedNetwork.Run(seed: 6);
        var smooth = CrowdedNetwork.Run(seed: 6, engine: """, "trimStep": 3""");

        Assert.That(classic.Metric("trim_drop_max"), Is.GreaterThan(3.0), "a classic cycle cuts to LowWater");
        Assert.That(smooth.Metric("trim_drop_max"), Is.InRange(1.0, 3.0));
        Assert.That(smooth.Metric("trim_drop_mean"), Is.LessThanOrEqualTo(3.0));
        Assert.That(smooth.Metric("connections_mean"), Is.GreaterThan(classic.Metric("connections_mean")));
        Assert.That(smooth.Metric("protected_pruned"), Is.Zero);
    }
}
