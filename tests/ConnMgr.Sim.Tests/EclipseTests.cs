using ConnMgr.Sim.Results;
using ConnMgr.Sim.Experiments;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Tests;

/// <summary>The sybil attack and address models through the seam, and the engine defences they exercise.</summary>
public class EclipseTests
{
    private const string Flood = """
        { "name": "flood", "seed": 3, "duration": "00:04:00", "traceInterval": "00:00:15",
          "network": { "addressBook": 64, "groups": [
              { "name": "victim", "count": 4, "engine": { "lowWater": 32, "highWater": 96, "gracePeriod": "00:00:20", "trimPolicy": "POLICY" CAPS }, "dialTarget": 32 },
              { "name": "honest", "count": 300, "engine": { "lowWater": 32, "highWater": 96 }, "dialTarget": 16 },
              { "name": "attacker", "count": 600, "engine": { "lowWater": 100000, "highWater": 200000 }, "dialable": 0, "dialTarget": 0 } ],
            "attack": { "networkGroups": GROUPS, "ips": 512, "start": "00:01:00", "connectionsPerSecond": 3 } } }
        """;

    private static RunResult Run(string policy, int groups, string caps = "") =>
        Runs.Create(ScenarioLoader.Load(Repo.WriteScenario(Flood
            .Replace("POLICY", policy, StringComparison.Ordinal)
            .Replace("GROUPS", groups.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("CAPS", caps, StringComparison.Ordinal)))).Run();

    [Test]
    public void SybilsHoldConnectionsFromNoMoreSlash16sThanTheAttackHas()
    {
        var one = Run("score", groups: 1);
        var many = Run("score", groups: 64);

        Assert.That(one.Metric("attack_accepted"), Is.GreaterThan(100), "the flood got in");
        Assert.That(one.Metric("attacker_prefixes_held"), Is.EqualTo(1));
        Assert.That(many.Metric("attacker_prefixes_held"), Is.InRange(2.0, 64.0));
    }

    [Test]
    public void PerSlash16Cap_HoldsAFloodFromOneSlash16_ToTheCap()
    {
        var capped = Run("score", groups: 1, caps: """, "caps": { "maxInboundPerPrefix16": 3 }""");
        var open = Run("score", groups: 1);

        Assert.That(capped.Metric("attacker_peers_mean"), Is.LessThanOrEqualTo(3.0), "each victim admits at most 3 from the one attacker /16");
        Assert.That(open.Metric("attacker_peers_mean"), Is.GreaterThan(20.0));
        Assert.That(capped.Metric("honest_share"), Is.GreaterThan(open.Metric("honest_share")));
    }

    [Test]
    public void OldestFirstTrimming_IsEclipsed_WhileBitcoinEvictionKeepsHonestPeers_AgainstFewGroups()
    {
        var oldest = Run("oldest-first", groups: 4);
        var bitcoin = Run("bitcoin", groups: 4);

        Assert.That(oldest.Metric("eclipsed_share"), Is.EqualTo(1.0), "every victim loses its last honest peer");
        Assert.That(oldest.Metric("time_to_eclipse_s"), Is.GreaterThan(0.0));
        Assert.That(bitcoin.Metric("eclipsed_share"), Is.EqualTo(0.0));
        Assert.That(bitcoin.Metric("honest_peers_mean"), Is.GreaterThan(10.0));
    }

    [Test]
    public void AttackNamingAnUnknownGroup_OrMoreGroupsThanAddresses_IsABadInputNamingItsPath()
    {
        var path = Repo.WriteScenario("""
            { "name": "bad", "duration": "00:01:00",
              "network": { "groups": [ { "name": "victim", "count": 2 }, { "name": "sybil", "count": 2 } ],
                "attack": { "attackers": "attacker", "networkGroups": 8, "ips": 4 } } }
            """);
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(path))!;
        Assert.That(e.Errors.Select(x => x.Path), Is.SupersetOf(new[] { "network.attack.attackers", "network.attack.networkGroups" }));
        Assert.That(e.Errors.Single(x => x.Path == "network.attack.attackers").Message, Does.Contain("victim, sybil"));
    }

    [Test]
    public void PoisoningWithoutDhtServers_DefectionOutsidePubsubAndDht_AndAFilterWithoutAddresses_AreBadInputsNamingTheirPaths()
    {
        var poison = Repo.WriteScenario("""
            { "name": "bad", "duration": "00:01:00",
              "network": { "groups": [ { "name": "victim", "count": 2 }, { "name": "attacker", "count": 2, "dialable": 0 } ],
                "dht": { "alpha": 3, "groups": [ "victim" ] }, "attack": { "poisonPrefixBits": 16, "defectAfter": "00:01:00" } } }
            """);
        var filter = Repo.WriteScenario("""
            { "name": "bad", "duration": "00:01:00",
              "network": { "groups": [ { "name": "n", "count": 2 } ], "dht": { "alpha": 3, "diversityFilter": true } } }
            """);

        Assert.That(Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(poison))!.Errors.Select(x => x.Path),
            Is.SupersetOf(new[] { "network.attack.poisonPrefixBits", "network.attack.defectAfter" }));
        Assert.That(Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(filter))!.Errors.Select(x => x.Path), Does.Contain("network.dht.diversityFilter"));
    }
}
