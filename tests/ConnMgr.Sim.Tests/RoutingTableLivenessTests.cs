using ConnMgr.Sim.Experiments;
using ConnMgr.Sim.Network.Dht;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Tests;

/// <summary>Routing tables that follow churn (dht.evictAfter) and protection held while disconnected (dht.protectDisconnected).</summary>
public class RoutingTableLivenessTests
{
    private const int Nodes = 4000;

    private static bool Server(int i) => i % 4 != 0;

    [Test]
    public void WithEveryServerPresent_TheEvictingTableIsTheStaticTable()
    {
        var fixedTable = new KademliaSpace(Nodes, Server, seed: 9, k: 20);
        var evicting = new KademliaSpace(Nodes, Server, seed: 9, k: 20) { Present = _ => true };
        for (var node = 0; node < 40; node++)
        {
            Assert.That(evicting.TableSize(node), Is.EqualTo(fixedTable.TableSize(node)), $"node {node}");
            for (var peer = 0; peer < Nodes; peer++)
            {
                Assert.That(evicting.InTable(node, peer), Is.EqualTo(fixedTable.InTable(node, peer)), $"node {node}, peer {peer}");
            }
        }
    }

    [Test]
    public void ADepartedServer_LeavesEveryTable_AndOnlyItsOwnSlotChanges()
    {
        var absent = new HashSet<int>(Enumerable.Range(0, Nodes).Where(i => i % 7 == 1 || i % 11 == 2));
        var fixedTable = new KademliaSpace(Nodes, Server, seed: 9, k: 20);
        var evicting = new KademliaSpace(Nodes, Server, seed: 9, k: 20) { Present = p => !absent.Contains(p) };
        Span<int> bucket = stackalloc int[20];
        int lostSlots = 0, refilled = 0;
        for (var node = 0; node < 60; node++)
        {
            var members = Enumerable.Range(0, Nodes).Where(peer => evicting.InTable(node, peer)).ToList();
            Assert.That(members.Where(absent.Contains), Is.Empty, "no departed server stays");
            Assert.That(evicting.TableSize(node), Is.EqualTo(members.Count), $"node {node}: size counts the members");
            var kept = Enumerable.Range(0, Nodes).Where(peer => fixedTable.InTable(node, peer) && !absent.Contains(peer));
            Assert.That(kept.All(members.Contains), Is.True, $"node {node}: a present member keeps its slot");

            for (var b = 0; b < 12; b++)
            {
                var n = evicting.TableBucket(node, b, bucket);
                var inBucket = members.Where(p => evicting.BucketOf(node, p) == b).Order().ToArray();
                Assert.That(bucket[..n].ToArray().Order(), Is.EqualTo(inBucket), $"node {node}, bucket {b}: enumeration = membership");
                var (lo, hi) = evicting.Bucket(evicting.Id(node), b);
                var lost = Enumerable.Range(0, Nodes).Count(p => fixedTable.InTable(node, p) && absent.Contains(p) && fixedTable.BucketOf(node, p) == b);
                if (hi - lo >= 40)
                {
                    Assert.That(n, Is.InRange(20 - lost, 20), $"node {node}, bucket {b}");
                    lostSlots += lost;
                    refilled += n - (20 - lost);
                }
            }
        }

        // A slot of a bucket with ≥ 2k members has a stretch of two or more, so most departures find a live neighbour.
        Assert.That(lostSlots, Is.GreaterThan(100), "the test departs enough table members to see refills");
        Assert.That(refilled, Is.GreaterThan(0.7 * lostSlots), $"{refilled} of {lostSlots} departed slots refilled");
    }

    private const string Churning = """
        { "name": "liveness", "seed": 12, "duration": "00:25:00", "traceInterval": "00:01:00",
          "network": { "groups": [ { "name": "n", "count": 3000, "dialTarget": 12,
              "engine": { "lowWater": 20, "highWater": 40, "gracePeriod": "00:00:20" },
              "churn": { "session": { "kind": "exponential", "mean": "00:20:00" }, "offTime": { "kind": "exponential", "mean": "00:20:00" }, "initiallyOnline": 0.5 } } ],
            "dht": { "alpha": 10, "lookupsPerNodePerHour": 30, "refreshInterval": "00:10:00" OPTIONS } } }
        """;

    private static RunResult Run(string options) =>
        Runs.Create(ScenarioLoader.Load(Repo.WriteScenario(Churning.Replace("OPTIONS", options, StringComparison.Ordinal)))).Run();

    [Test]
    public void EvictingTables_QueryFewerDepartedServers_AndProtectionHeldWhileDisconnected_CoversTheFirstTwoBuckets()
    {
        var fixedTables = Run("");
        var live = Run(""", "evictAfter": "00:05:00", "protectDisconnected": true""");

        Assert.That(live.Metric("unanswered_per_lookup"), Is.LessThan(0.5 * fixedTables.Metric("unanswered_per_lookup")),
            "half the servers are offline: a table that never evicts keeps sending queries to them");
        Assert.That(live.Metric("routing_table_protected_mean"), Is.InRange(36.0, 40.0), "2 buckets × k 20, connected or not");
        Assert.That(fixedTables.Metric("routing_table_protected_mean"), Is.LessThan(20.0), "only connected table peers are protected");
        Assert.That(live.Metric("dials_per_lookup"), Is.EqualTo(live.Metric("queries_per_lookup") - live.Metric("reused_per_lookup")).Within(1e-9));
    }

    [Test]
    public void ProtectionHeldForMoreTablePeersThanAnArrayHolds_IsABadInputNamingItsPath()
    {
        var path = Repo.WriteScenario("""
            { "name": "huge", "duration": "00:01:00",
              "network": { "groups": [ { "name": "n", "count": 600000 } ],
                "dht": { "k": 64, "alpha": 3, "protectedBuckets": 64, "protectDisconnected": true } } }
            """);
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(path))!;
        Assert.That(e.Errors.Select(x => x.Path), Does.Contain("network.dht.protectDisconnected"));
    }
}
