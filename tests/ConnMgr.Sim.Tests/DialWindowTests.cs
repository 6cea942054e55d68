using ConnMgr.Sim.Experiments;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Tests;

/// <summary>An adaptive dial window in a network: dials beyond it are refused (the loop and DHT queries ask again later).</summary>
public class DialWindowTests
{
    private const string Crowded = """
        { "name": "window", "seed": 9, "duration": "00:03:00", "traceInterval": "00:00:30",
          "network": { "addressBook": 64, "groups": [
              { "name": "n", "count": 300, "profile": "go", "engine": { "lowWater": 8, "highWater": 16, "gracePeriod": "00:00:05", "silencePeriod": "00:00:05" WINDOW },
                "dialTarget": 24, "parallelDials": 8, "dialInterval": "00:00:05" } ],
            "dht": { "k": 20, "alpha": 10, "lookupsPerNodePerHour": 60 } } }
        """;

    private static RunResult Run(string window = "") =>
        Runs.Create(ScenarioLoader.Load(Repo.WriteScenario(Crowded.Replace("WINDOW", window, StringComparison.Ordinal)))).Run();

    [Test]
    public void AFixedWindow_HoldsTheDialsInFlight_AndLookupsStillEnd()
    {
        var open = Run();
        var fixedWindow = Run(""", "dialWindow": { "initial": 2, "min": 2, "max": 2 }""");

        Assert.That(open.Metric("dials_in_flight_max"), Is.GreaterThan(2.0));
        Assert.That(fixedWindow.Metric("dials_in_flight_max"), Is.LessThanOrEqualTo(2.0));
        Assert.That(fixedWindow.Metric("rejected_pending_outbound_limit"), Is.GreaterThan(0));
        Assert.That(fixedWindow.Metric("lookups"), Is.GreaterThan(open.Metric("lookups") * 0.8), "refused queries wait and ask again; lookups still end");
    }

    [Test]
    public void AHugeFixedWindow_ChangesNothing()
    {
        var open = Run();
        var huge = Run(""", "dialWindow": { "initial": 100000, "min": 100000, "max": 100000 }""");

        Assert.That(huge.Metric("dials"), Is.EqualTo(open.Metric("dials")));
        Assert.That(huge.Metric("lookup_p50_ms"), Is.EqualTo(open.Metric("lookup_p50_ms")));
        Assert.That(huge.Metric("connections_mean"), Is.EqualTo(open.Metric("connections_mean")));
    }
}
