using ConnMgr.Sim.Network;
using ConnMgr.Sim.Network.Dht;
using ConnMgr.Sim.Scenarios;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Traces;

namespace ConnMgr.Sim.Tests;

public class SubsystemTests
{
    private static Scenario PubsubNetwork(int nodes = 600, int seed = 4) => new()
    {
        Name = "pubsub-test",
        Seed = seed,
        Duration = TimeSpan.FromMinutes(5),
        TraceInterval = TimeSpan.FromSeconds(10),
        Network = new NetworkSpec
        {
            AddressBook = 32,
            Groups =
            [
                new NetworkGroupSpec
                {
                    Name = "node", Count = nodes, Dialable = 1, DialTarget = 16, DialInterval = TimeSpan.FromSeconds(2),
                    Engine = new EngineSpec { LowWater = 40, HighWater = 60 },
                },
            ],
            Pubsub = new PubsubSpec { Topics = 2, TopicsPerNode = 1, MessagesPerSecond = 2 },
        },
    };

    private static (int Below, int Above, int Subscribed) MeshBounds(NetworkRunner runner, PubsubSpec spec)
    {
        int below = 0, above = 0, subscribed = 0;
        for (var node = 0; node < runner.Nodes; node++)
        {
            if (!runner.IsUp(node) || !runner.Pubsub()!.Subscribed(node))
            {
                continue;
            }

            subscribed++;
            var d = runner.Pubsub()!.Degree(node);
            below += d < spec.DLo ? 1 : 0;
            above += d > spec.DHi ? 1 : 0;
        }

        return (below, above, subscribed);
    }

    [Test]
    public void MeshDegree_ReturnsToDLoDHi_AfterChurn()
    {
        var scenario = PubsubNetwork();
        var spec = scenario.Network!.Pubsub!;
        var runner = Networks.Create(scenario);
        runner.Clock.RunFor(TimeSpan.FromSeconds(60));
        var settled = MeshBounds(runner, spec);
        Assert.That(settled.Below + settled.Above, Is.Zero, "meshes formed within [D_lo, D_hi]");

        // A third of the nodes leave at once: many meshes lose peers.
        for (var node = 0; node < runner.Nodes; node += 3)
        {
            runner.TakeOffline(node);
        }

        var hit = MeshBounds(runner, spec);
        Assert.That(hit.Below, Is.GreaterThan(hit.Subscribed / 4), "the churn pushed meshes below D_lo");

        runner.Clock.RunFor(TimeSpan.FromSeconds(15));
        var healed = MeshBounds(runner, spec);
        Assert.That(healed.Below, Is.Zero, "heartbeats graft (and discover) back to D_lo or more");
        Assert.That(healed.Above, Is.Zero);

        // They come back: their meshes start empty and must be grafted too.
        for (var node = 0; node < runner.Nodes; node += 3)
        {
            runner.BringOnline(node);
        }

        runner.Clock.RunFor(TimeSpan.FromSeconds(30));
        var rejoined = MeshBounds(runner, spec);
        Assert.That(rejoined.Below + rejoined.Above, Is.Zero, "returning nodes are back within [D_lo, D_hi]");
    }

    [Test]
    public void Messages_ReachEverySubscriber_WhenMeshesAreHealthy()
    {
        var result = Networks.Create(PubsubNetwork()).Run();
        Assert.That(result.Metric("messages_published"), Is.GreaterThan(400));
        Assert.That(result.Metric("delivery_ratio"), Is.GreaterThan(0.995));
        Assert.That(result.Metric("delivery_p50_ms"), Is.InRange(50, 1000), "a few hops of ~50 ms");
        Assert.That(result.Metric("delivery_p99_ms"), Is.GreaterThan(result.Metric("delivery_p50_ms")), "hop latencies vary: the tail is longer than the median");
    }

    [Test]
    public void MeshPeers_AreTaggedInTheEngine_AsGossipsubDoes()
    {
        var runner = Networks.Create(PubsubNetwork());
        runner.Clock.RunFor(TimeSpan.FromSeconds(60));
        var checkedPeers = 0;
        for (var node = 0; node < runner.Nodes && checkedPeers < 200; node++)
        {
            if (!runner.Pubsub()!.Subscribed(node))
            {
                continue;
            }

            var list = new List<(int Peer, long ConnectionId)>();
            runner.Engine(node).CopyConnections(list);
            foreach (var (peer, _) in list)
            {
                if (runner.Pubsub()!.InAnyMesh(node, peer))
                {
                    checkedPeers++;
                    var info = runner.Engine(node).GetTagInfo(peer)!;
                    Assert.That(info.Tags.Keys.Any(t => t.StartsWith("pubsub:topic-", StringComparison.Ordinal) && info.Tags[t] == 20), $"mesh peer {peer} of {node} carries the mesh tag 20");
                }
            }
        }

        Assert.That(checkedPeers, Is.GreaterThan(100));
    }

    [Test]
    public void RoutingTable_ClosestPeers_AreAllTableMembers_WithTheirIds_AtMostKPerBucket()
    {
        var space = new KademliaSpace(5000, i => i % 5 != 0, 42, 20);
        var rng = new Random(3);
        Span<int> into = stackalloc int[20];
        Span<ulong> ids = stackalloc ulong[20];
        for (var trial = 0; trial < 500; trial++)
        {
            var node = 1 + rng.Next(4999);
            var target = (ulong)rng.NextInt64() ^ ((ulong)rng.Next(2) << 63);
            var n = space.Closest(node, target, into, ids);
            Assert.That(n, Is.GreaterThan(0));
            for (var i = 0; i < n; i++)
            {
                Assert.That(space.IsServer(into[i]), Is.True, "only servers are in routing tables");
                Assert.That(space.InTable(node, into[i]), Is.True, $"{into[i]} returned by {node} is in its table");
                Assert.That(ids[i], Is.EqualTo(space.Id(into[i])), "each peer comes with its own id");
            }
        }

        // Bucket b of a node holds min(k, servers in that bucket's range) members.
        for (var node = 0; node < 50; node++)
        {
            var perBucket = new int[65];
            for (var peer = 0; peer < 5000; peer++)
            {
                if (space.InTable(node, peer))
                {
                    perBucket[space.BucketOf(node, peer)]++;
                }
            }

            for (var b = 0; b < 64; b++)
            {
                var (lo, hi) = space.Bucket(space.Id(node), b);
                Assert.That(perBucket[b], Is.EqualTo(Math.Min(20, hi - lo)), $"node {node} bucket {b}");
            }
        }
    }

    [TestCase(false)]
    [TestCase(true)]
    public void BucketBounds_HoldExactlyTheServersSharingThatPrefix_EvenWhenIdsCluster(bool clustered)
    {
        // Clustered: a fifth of the ids share their top 44 bits, as sybils placed beside one victim do.
        Func<int, Func<int, ulong>, ulong>? place = clustered ? (i, hashed) => i % 5 == 1 ? (hashed(1) & ~0xFFFFFUL) | (hashed(i) & 0xFFFFFUL) : hashed(i) : null;
        var space = new KademliaSpace(20_000, i => i % 3 != 0, 7, 20, place);
        var ids = Enumerable.Range(0, 20_000).Where(space.IsServer).Select(space.Id).ToArray();
        var rng = new Random(5);
        for (var trial = 0; trial < 300; trial++)
        {
            var id = trial % 2 == 0 ? space.Id(rng.Next(20_000)) : (ulong)rng.NextInt64() ^ ((ulong)rng.Next(2) << 63);
            var b = trial % 3 == 0 ? rng.Next(64) : rng.Next(24);
            var (lo, hi) = space.Bucket(id, b);
            var expected = ids.Count(x => x != id && KademliaSpace.CommonPrefix(x, id) == b);
            Assert.That(hi - lo, Is.EqualTo(expected), $"trial {trial}: id {id:x16}, bucket {b}");
        }
    }

    [Test]
    public void DhtLookups_Converge_AndHopCountsGrowLikeLogN()
    {
        var hops = new List<double>();
        foreach (var n in new[] { 1_000, 8_000, 64_000 })
        {
            // About 3,000 lookups per size within the run.
            var result = Networks.Create(Networks.Dht(n, 3_000 * 3600.0 / 90 / n)).Run();
            Assert.That(result.Metric("lookups"), Is.GreaterThan(2_000), $"n={n}");
            Assert.That(result.Metric("lookup_success"), Is.GreaterThan(0.99), $"n={n}: lookups reach the closest node to the key");
            hops.Add(result.Metric("lookup_hops_mean"));
            TestContext.Out.WriteLine($"n={n}: hops {hops[^1]:0.000}, success {result.Metric("lookup_success"):0.0000}, queries/lookup {result.Metric("queries_per_lookup"):0.0}");
        }

        // Each size is 8× the previous (3 more bits): hops rise by about the same step each time, as a + b·log n does.
        Assert.That(hops[0], Is.LessThan(hops[1]));
        Assert.That(hops[1], Is.LessThan(hops[2]));
        var ratio = (hops[2] - hops[1]) / (hops[1] - hops[0]);
        Assert.That(ratio, Is.InRange(0.5, 2.0), $"hops {string.Join(", ", hops)} grow linearly in log n");
        Assert.That(hops[2], Is.LessThan(Math.Log2(64_000) / Math.Log2(20) + 2), "about log_k(n) + 1, not log2(n)");
    }

    private static Scenario Starvation(bool quotas)
    {
        var scenario = ScenarioLoader.Load(Repo.Scenario("starvation.json"));
        var g = scenario.Network!.Groups[0];
        g.Count = 600;
        scenario.Duration = TimeSpan.FromMinutes(3);
        scenario.Network.Dht!.Bursts[0].At = TimeSpan.FromSeconds(60);
        if (quotas)
        {
            g.Engine.Subsystems = [new QuotaSpec { Name = "pubsub", Reserved = 12 }, new QuotaSpec { Name = "dht", Max = 30 }];
        }

        return scenario;
    }

    [Test]
    public void Quotas_NeverLeavePubsubBelowItsReserve_WhileDhtIsAboveItsOwn()
    {
        var without = Networks.Create(Starvation(quotas: false)).Run();
        var with = Networks.Create(Starvation(quotas: true)).Run();
        Assert.That(without.Metric("mesh_peers_pruned"), Is.GreaterThan(100), "without quotas the burst's trims take mesh peers");
        Assert.That(with.Metric("quota_violations"), Is.Zero, "no trim left pubsub below its reserve while dht was above its own");
        Assert.That(with.Metric("mesh_peers_pruned"), Is.LessThan(without.Metric("mesh_peers_pruned") / 10), "the reserve keeps the mesh");
        Assert.That(with.Metric("mesh_below_d_lo_time"), Is.LessThan(without.Metric("mesh_below_d_lo_time")));
    }

    [Test]
    public void SubsystemRun_IsByteIdentical_ForTheSameSeed()
    {
        static string Csv(Scenario s)
        {
            var dir = Path.Combine(Path.GetTempPath(), "connmgr-sub-" + Guid.NewGuid().ToString("N"));
            try
            {
                var result = Networks.Create(s).Run();
                CsvTables.Write(Path.Combine(dir, "t.csv"), result.Timeseries, withTime: true);
                return File.ReadAllText(Path.Combine(dir, "t.csv"));
            }
            finally
            {
                if (Directory.Exists(dir))
                {
                    Directory.Delete(dir, recursive: true);
                }
            }
        }

        var a = PubsubNetwork(nodes: 300);
        a.Network!.Dht = new DhtSpec { LookupsPerNodePerHour = 60 };
        var b = PubsubNetwork(nodes: 300);
        b.Network!.Dht = new DhtSpec { LookupsPerNodePerHour = 60 };
        var first = Csv(a);
        Assert.That(first, Does.Contain("mesh_degree_mean").And.Contain("lookup_success"));
        Assert.That(Csv(b), Is.EqualTo(first));
    }
}
