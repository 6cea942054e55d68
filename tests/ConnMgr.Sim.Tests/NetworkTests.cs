using ConnMgr.Sim.Network;
using ConnMgr.Sim.Scenarios;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Traces;

namespace ConnMgr.Sim.Tests;

public class NetworkTests
{
    internal static Scenario Small(int seed = 1, RouterSpec? router = null, ChurnSpec? churn = null, double dialable = 0.5, int dialTarget = 12, int high = 16) => new()
    {
        Name = "net-test",
        Seed = seed,
        Duration = TimeSpan.FromMinutes(20),
        TraceInterval = TimeSpan.FromMinutes(1),
        Network = new NetworkSpec
        {
            AddressBook = 32,
            DialFailure = 0.05,
            Groups =
            [
                new NetworkGroupSpec
                {
                    Name = "residential", Count = 300, Dialable = dialable, DialTarget = dialTarget, Router = router, Churn = churn,
                    Engine = new EngineSpec { LowWater = 8, HighWater = high, GracePeriod = TimeSpan.FromSeconds(5), SilencePeriod = TimeSpan.FromSeconds(5) },
                },
                new NetworkGroupSpec
                {
                    Name = "server", Count = 50, DialTarget = 10,
                    Engine = new EngineSpec { LowWater = 20, HighWater = 30, GracePeriod = TimeSpan.FromSeconds(5), SilencePeriod = TimeSpan.FromSeconds(5) },
                },
            ],
        },
    };

    [Test]
    public void EdgeClosedAtOneEnd_DisappearsAtTheOther()
    {
        var runner = Networks.Create(Small());
        long pruned = 0;
        for (var minute = 0; minute < 10; minute++)
        {
            runner.Clock.RunFor(TimeSpan.FromMinutes(1));
            var ends = 0;
            var list = new List<(int Peer, long ConnectionId)>();
            var other = new List<(int Peer, long ConnectionId)>();
            for (var node = 0; node < runner.Nodes; node++)
            {
                runner.Engine(node).CopyConnections(list);
                ends += list.Count;
                foreach (var (peer, edge) in list)
                {
                    runner.Engine(peer).CopyConnections(other);
                    Assert.That(other, Does.Contain((node, edge)), $"edge {edge} {node}->{peer} is missing at {peer}");
                }
            }

            Assert.That(ends, Is.EqualTo(2 * runner.OpenEdges), "every open edge has exactly its two ends");
        }

        pruned = (long)runner.Run().Metric("pruned");
        Assert.That(pruned, Is.GreaterThan(0), "the check ran while engines were pruning");
    }

    [Test]
    public void NonDialableNodes_NeverReceiveADirectInboundDial()
    {
        var runner = Networks.Create(Small(dialable: 0.3));
        runner.Run();
        var nonDialable = Enumerable.Range(0, runner.Nodes).Where(n => !runner.IsDialable(n)).ToArray();
        Assert.That(nonDialable, Is.Not.Empty);
        Assert.That(nonDialable.Select(runner.InboundAccepted), Is.All.EqualTo(0));
        Assert.That(nonDialable.Select(n => runner.Engine(n).InboundConnections), Is.All.EqualTo(0));
        Assert.That(Enumerable.Range(0, runner.Nodes).Where(runner.IsDialable).Sum(runner.InboundAccepted), Is.GreaterThan(0));
    }

    [Test]
    public void NonDialableNodes_ReserveTablesForTheirDialTarget_DialableOnesForTheHighMark()
    {
        var runner = Networks.Create(Small(dialable: 0.3, dialTarget: 12, high: 16));
        var residential = Enumerable.Range(0, 300).ToArray();
        Assert.That(residential.Where(n => !runner.IsDialable(n)).Select(n => runner.Engine(n).Options.ExpectedPeers), Is.Not.Empty.And.All.EqualTo(15), "dial target 12 plus a quarter");
        Assert.That(residential.Where(runner.IsDialable).Select(n => runner.Engine(n).Options.ExpectedPeers), Is.Not.Empty.And.All.EqualTo(20), "high mark 16 plus a quarter");
        Assert.That(Enumerable.Range(300, 50).Select(n => runner.Engine(n).Options.ExpectedPeers), Is.All.EqualTo(37), "servers are all dialable: high mark 30 plus a quarter");
    }

    [Test]
    public void ChurnedNodes_HoldNoConnectionsWhileAway()
    {
        var churn = new ChurnSpec
        {
            Session = new DurationDistributionSpec { Kind = DistributionKind.Exponential, Mean = TimeSpan.FromMinutes(3) },
            OffTime = new DurationDistributionSpec { Kind = DistributionKind.Exponential, Mean = TimeSpan.FromMinutes(2) },
            InitiallyOnline = 0.7,
        };
        var runner = Networks.Create(Small(churn: churn));
        var sawOffline = 0;
        for (var step = 0; step < 40; step++)
        {
            runner.Clock.RunFor(TimeSpan.FromSeconds(30));
            for (var node = 0; node < runner.Nodes; node++)
            {
                if (!runner.IsOnline(node))
                {
                    sawOffline++;
                    Assert.That(runner.Engine(node).Connections, Is.Zero, $"node {node} is away but holds connections");
                }
            }
        }

        Assert.That(sawOffline, Is.GreaterThan(1000));
    }

    [TestCase("drop")]
    [TestCase("evictOldest")]
    [TestCase("die")]
    public void RouterAtCapacity_BehavesAsConfigured(string onFull)
    {
        var router = new RouterSpec { NatEntries = 10, Linger = TimeSpan.FromMinutes(2), OnFull = Enum.Parse<RouterBehaviour>(onFull, ignoreCase: true), Reboot = TimeSpan.FromMinutes(1) };
        var runner = Networks.Create(Small(router: router, dialTarget: 20, high: 40));
        var overflow = 0;
        for (var minute = 0; minute < 20; minute++)
        {
            runner.Clock.RunFor(TimeSpan.FromMinutes(1));
            overflow += Enumerable.Range(0, 300).Count(n => runner.NatUsed(n) > 10);
            if (onFull == "drop")
            {
                Assert.That(Enumerable.Range(0, 300).Select(n => runner.Engine(n).Connections), Is.All.LessThanOrEqualTo(10), "open connections never exceed the NAT table");
            }
        }

        var totals = runner.Run();
        Assert.That(overflow, Is.Zero, "the table is never over capacity");
        switch (onFull)
        {
            case "drop":
                Assert.That(totals.Metric("router_drops"), Is.GreaterThan(0));
                Assert.That(totals.Metric("router_deaths"), Is.Zero);
                break;
            case "evictOldest":
                Assert.That(totals.Metric("router_evictions"), Is.GreaterThan(0));
                Assert.That(totals.Metric("router_deaths"), Is.Zero);
                break;
            default:
                Assert.That(totals.Metric("router_deaths"), Is.GreaterThan(0));
                break;
        }
    }

    [Test]
    public void Network10k_SameSeed_ByteIdenticalCsv()
    {
        string Write()
        {
            var scenario = ScenarioLoader.Load(Repo.Scenario("network-10k.json"), new Dictionary<string, string> { ["duration"] = "00:15:00" });
            var runner = Networks.Create(scenario);
            var dir = Repo.TempDir();
            OutputWriter.WriteAll(dir, runner.Run(), null, new ManifestInfo("network-10k.json", "-", new Dictionary<string, string>()));
            return dir;
        }

        var a = Write();
        var b = Write();
        Assert.That(File.ReadAllBytes(Path.Combine(b, "timeseries.csv")), Is.EqualTo(File.ReadAllBytes(Path.Combine(a, "timeseries.csv"))));
        Assert.That(File.ReadAllBytes(Path.Combine(b, "summary.csv")), Is.EqualTo(File.ReadAllBytes(Path.Combine(a, "summary.csv"))));
        Assert.That(File.ReadAllLines(Path.Combine(a, "timeseries.csv")), Has.Length.EqualTo(31));
    }

    [Test]
    public void SampledEventLog_RecordsOnlyTheSampledNodes()
    {
        var scenario = Small();
        scenario.Network!.SampledEventLog = 5;
        var runner = Networks.Create(scenario);
        runner.Run();
        var nodes = runner.EventRows!.Select(e => e.Node).Distinct().ToArray();
        Assert.That(nodes, Has.Length.InRange(1, 5));
        Assert.That(runner.EventRows!.Select(e => e.Event), Does.Contain("connected").And.Contain("pruned"));
    }

    [Test]
    public void NeighbourhoodAddressBooks_KnowOnlyDialableNodes_AndStillConnect()
    {
        var scenario = Small(dialable: 0.4);
        scenario.Network!.AddressBookKind = AddressBookKind.Neighbourhood;
        var runner = Networks.Create(scenario);
        var result = runner.Run();
        Assert.That(result.Metric("dial_success"), Is.GreaterThan(0.5));
        Assert.That(result.Metric("connections_mean", "residential"), Is.GreaterThan(6));
        var nonDialable = Enumerable.Range(0, runner.Nodes).Where(n => !runner.IsDialable(n));
        Assert.That(nonDialable.Select(runner.InboundAccepted), Is.All.EqualTo(0));
    }

    [Test]
    public void NetworkValidation_NamesPaths()
    {
        var path = Path.Combine(Repo.TempDir(), "n.json");
        File.WriteAllText(path, """{ "name": "n", "duration": "00:10:00", "network": { "groups": [ { "count": 10, "dialable": 1.5, "router": { "onFull": "explode" } } ] } }""");
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(path))!;
        Assert.That(e.Errors.Select(x => x.Path), Is.EquivalentTo(new[] { "network.groups[0].router.onFull", "network.groups[0].dialable" }));
        Assert.That(e.Errors.Single(x => x.Path.EndsWith("onFull", StringComparison.Ordinal)).Message, Does.Contain("drop, evictOldest, die"));
        Assert.That(e.Errors.Single(x => x.Path.EndsWith("dialable", StringComparison.Ordinal)).Message, Is.EqualTo("1.5 is out of range; allowed 0..1."));
    }
}
