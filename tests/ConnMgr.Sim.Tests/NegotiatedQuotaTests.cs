using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Tests;

/// <summary>Negotiated quotas in a network: hard shares are reclaimed, lending keeps what others leave unused, a request that does not fit is counter-proposed.</summary>
public class NegotiatedQuotaTests
{
    private const string Dht = """, "dht": { "lookupsPerNodePerHour": 120 }""";

    [Test]
    public void AHardDhtShare_IsReclaimedAtTrims_AndLendingKeepsWhatAnIdleSubsystemLeaves()
    {
        const string quotas = """, "negotiate": [ { "subsystem": "dht", "max": 2 }, { "subsystem": "pubsub", "max": 6 } ]""";
        var hard = CrowdedNetwork.Run(seed: 9, engine: quotas, network: Dht);
        var lending = CrowdedNetwork.Run(seed: 9, engine: quotas + """, "lendUnusedQuota": true""", network: Dht);

        Assert.That(hard.Metric("quota_units_reclaimed"), Is.GreaterThan(0), "DHT queries attribute peers to dht beyond its share of 2");
        Assert.That(hard.Metric("quota_on_loan_mean"), Is.Zero, "no lending: nothing is held on loan");
        Assert.That(lending.Metric("quota_on_loan_mean"), Is.GreaterThan(0), "pubsub is idle here: its 6 are lent to dht");
        Assert.That(lending.Metric("quota_units_reclaimed"), Is.LessThan(hard.Metric("quota_units_reclaimed")));
        Assert.That(hard.Metric("quota_counter_proposals"), Is.Zero);
    }

    [Test]
    public void ARequestThatDoesNotFit_IsCounterProposedOnEveryNode()
    {
        var run = CrowdedNetwork.Run(seed: 9, nodes: 120, engine: """, "negotiate": [ { "subsystem": "pubsub", "min": 6 }, { "subsystem": "dht", "min": 6 } ]""", network: Dht);

        Assert.That(run.Metric("quota_counter_proposals"), Is.EqualTo(120), "LowWater 8 leaves dht 2 of the 6 it asks beside pubsub's 6");
    }

    [Test]
    public void AShareAboveOne_IsABadInputNamingItsPath()
    {
        var path = CrowdedNetwork.Write(seed: 9, engine: """, "negotiate": [ { "subsystem": "dht", "min": 0.1, "max": 1.5, "relative": true } ]""");

        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(path))!;

        Assert.That(e.Errors.Select(x => x.Path), Does.Contain("network.groups[0].engine.negotiate[0].max"));
        Assert.That(e.Errors.Single(x => x.Path.EndsWith("max", StringComparison.Ordinal)).Message, Does.Contain("fraction in [Min, 1]"));
    }
}
