using ConnMgr.Sim.Experiments;
using ConnMgr.Sim.Network.Sybils;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Tests;

/// <summary>What sybils do beyond flooding: sit in few autonomous systems, answer fast, lie in the DHT; and the slots they leave.</summary>
public class SybilBehaviourTests
{
    private const string Flood = """
        { "name": "sybils", "seed": 5, "duration": "00:04:00", "traceInterval": "00:00:15",
          "network": { "addressBook": 64, ADDRESSES "groups": [
              { "name": "victim", "count": 4, "engine": { "lowWater": 32, "highWater": 96, "gracePeriod": "00:00:20", "trimPolicy": "bitcoin" }, "dialTarget": 32 },
              { "name": "honest", "count": 300, "engine": { "lowWater": 32, "highWater": 96 }, "dialTarget": 16 },
              { "name": "attacker", "count": 600, "engine": { "lowWater": 100000, "highWater": 200000 }, "dialable": DIALABLE, "dialTarget": 0 } ],
            "attack": { "networkGroups": 64, "ips": 512, "start": "00:01:00", "connectionsPerSecond": 3 ATTACK } } }
        """;

    private static RunResult Run(string addresses = "", string attack = "", int dialable = 0) =>
        Runs.Create(ScenarioLoader.Load(Repo.WriteScenario(Flood
            .Replace("ADDRESSES", addresses, StringComparison.Ordinal)
            .Replace("ATTACK", attack, StringComparison.Ordinal)
            .Replace("DIALABLE", dialable.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)))).Run();

    [Test]
    public void HonestInboundSlotsLeft_AreTheHighWatermarkLessTheSybilsHeldInbound()
    {
        var run = Run();

        // Sybils are not dialable, so every sybil connection a victim holds is inbound.
        Assert.That(run.Metric("attacker_peers_mean"), Is.InRange(10.0, 96.0), "the flood holds slots, yet not more than there are");
        Assert.That(run.Metric("honest_inbound_slots_left") + run.Metric("attacker_peers_mean"), Is.EqualTo(96.0).Within(0.11));
    }

    [Test]
    public void GroupingByAutonomousSystem_GathersTheAttackersSlash16sIntoItsFewAses()
    {
        var bySlash16 = Run();
        var byAs = Run(addresses: """ "addresses": { "asns": 500 }, """, attack: """, "asns": 2""");

        Assert.That(bySlash16.Metric("attacker_peers_top_group"), Is.LessThan(6.0), "64 /16s: a few sybils each");
        Assert.That(byAs.Metric("attacker_peers_top_group"), Is.GreaterThanOrEqualTo(byAs.Metric("attacker_peers_mean") / 2),
            "2 ASes: the larger holds at least half the sybils");
    }

    [Test]
    public void FastSybils_WinLowestLatencyProtection_AndHoldMoreOfAVictimsSlots()
    {
        var slow = Run(dialable: 1);
        var fast = Run(attack: """, "latency": "00:00:00.005" """, dialable: 1);

        Assert.That(fast.Metric("attacker_peers_mean"), Is.GreaterThan(slow.Metric("attacker_peers_mean") + 2),
            "bitcoin eviction shields the 8 lowest-latency inbound peers: 5 ms sybils take those places from honest ones");
    }

    [Test]
    public void LyingSybil_AnswersWithTheOnlineSybilsNearestTheKey_NearestFirst_NeverItself()
    {
        const int first = 100, count = 300;
        var rng = new Random(9);
        var ids = Enumerable.Range(0, 1000).Select(_ => (ulong)rng.NextInt64() << 1).ToArray();
        bool Up(int node) => node % 7 != 0;
        var sybils = new SybilDht(first, count, lies: true, roundTripTicks: null, n => ids[n], Up);
        var target = ids[first + 10] ^ 0xFFFF;
        var answer = new int[20];

        var n = sybils.Nearest(target, except: first + 10, answer);

        var expected = Enumerable.Range(first, count).Where(x => Up(x) && x != first + 10).OrderBy(x => ids[x] ^ target).Take(20);
        Assert.That(n, Is.EqualTo(20));
        Assert.That(answer, Is.EqualTo(expected.ToArray()));
        Assert.That(sybils.IsSybil(first - 1) || sybils.IsSybil(first + count), Is.False);
    }

    [Test]
    public void RatesSoSmallTheyNeverFire_ScheduleNothing_InsteadOfOverflowingTheClock()
    {
        var path = Repo.WriteScenario("""
            { "name": "tiny", "seed": 1, "duration": "00:01:00",
              "network": { "groups": [ { "name": "victim", "count": 2 }, { "name": "attacker", "count": 2, "dialable": 1, "dialTarget": 0 } ],
                "dht": { "alpha": 3 }, "attack": { "connectionsPerSecond": 1e-300, "victimLookupsPerHour": 1e-300 } } }
            """);

        var run = Runs.Create(ScenarioLoader.Load(path)).Run();

        Assert.That(run.Metric("attack_attempts"), Is.Zero);
        Assert.That(double.IsNaN(run.Metric("lookups_for_victims_sybil_only")), Is.True, "no lookup for a victim ever started");
    }

    [Test]
    public void AsesWithoutAddressAses_LiesWithoutADht_AndVictimLookupsWithoutADht_AreBadInputsNamingTheirPaths()
    {
        var path = Repo.WriteScenario("""
            { "name": "bad", "duration": "00:01:00",
              "network": { "groups": [ { "name": "victim", "count": 2 }, { "name": "attacker", "count": 2 } ],
                "attack": { "asns": 1, "answerWithSybils": true, "victimLookupsPerHour": 10, "latency": "-00:00:01" } } }
            """);

        var errors = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(path))!.Errors;

        Assert.That(errors.Select(x => x.Path), Is.SupersetOf(new[]
        {
            "network.attack.asns", "network.attack.answerWithSybils", "network.attack.victimLookupsPerHour", "network.attack.latency",
        }));
        Assert.That(errors.Single(x => x.Path == "network.attack.asns").Message, Does.Contain("network.addresses.asns"));
    }
}
