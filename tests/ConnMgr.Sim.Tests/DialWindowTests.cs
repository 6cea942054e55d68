namespace ConnMgr.Sim.Tests;

/// <summary>An adaptive dial window in a network: dials beyond it are refused (the loop and DHT queries ask again later).</summary>
public class DialWindowTests
{
    private const string Dht = """, "dht": { "k": 20, "alpha": 10, "lookupsPerNodePerHour": 60 }""";
    private const string Parallel = """, "parallelDials": 8""";

    [Test]
    public void AFixedWindow_HoldsTheDialsInFlight_AndLookupsStillEnd()
    {
        var open = CrowdedNetwork.Run(seed: 9, group: Parallel, network: Dht);
        var fixedWindow = CrowdedNetwork.Run(seed: 9, group: Parallel, network: Dht, engine: """, "dialWindow": { "initial": 2, "min": 2, "max": 2 }""");

        Assert.That(open.Metric("dials_in_flight_max"), Is.GreaterThan(2.0));
        Assert.That(fixedWindow.Metric("dials_in_flight_max"), Is.LessThanOrEqualTo(2.0));
        Assert.That(fixedWindow.Metric("rejected_pending_outbound_limit"), Is.GreaterThan(0));
        Assert.That(fixedWindow.Metric("lookups"), Is.GreaterThan(open.Metric("lookups") * 0.8), "refused queries wait and ask again; lookups still end");
    }

    [Test]
    public void AHugeFixedWindow_ChangesNothing()
    {
        var open = CrowdedNetwork.Run(seed: 9, group: Parallel, network: Dht);
        var huge = CrowdedNetwork.Run(seed: 9, group: Parallel, network: Dht, engine: """, "dialWindow": { "initial": 100000, "min": 100000, "max": 100000 }""");

        Assert.That(huge.Metric("dials"), Is.EqualTo(open.Metric("dials")));
        Assert.That(huge.Metric("lookup_p50_ms"), Is.EqualTo(open.Metric("lookup_p50_ms")));
        Assert.That(huge.Metric("connections_mean"), Is.EqualTo(open.Metric("connections_mean")));
    }
}
