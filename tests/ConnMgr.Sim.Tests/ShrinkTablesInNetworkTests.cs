using ConnMgr.Sim.Network;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Tests;

/// <summary>
/// <c>engine.shrinkTables</c> in a churning network: nodes that go offline give their tables back, and the network
/// is the same network (its order of events may differ, its measures barely).
/// </summary>
public class ShrinkTablesInNetworkTests
{
    [Test]
    public void ShrinkingEngines_HoldSmallerTablesOnOfflineNodes_InANetworkThatMeasuresTheSame()
    {
        var keeping = Networks.Create(Churning(shrink: false));
        var shrinking = Networks.Create(Churning(shrink: true));
        var a = keeping.Run();
        var b = shrinking.Run();

        var offline = Enumerable.Range(0, 300).Where(n => !shrinking.IsUp(n)).ToArray();
        Assert.That(offline, Has.Length.GreaterThan(30), "churn must leave nodes offline at the end");
        long Capacity(NetworkRunner r, IEnumerable<int> nodes) => nodes.Sum(n => (long)r.Engine(n).Capacity);
        var offlineKeeping = Enumerable.Range(0, 300).Where(n => !keeping.IsUp(n)).ToArray();
        foreach (var n in offline)
        {
            var e = shrinking.Engine(n);
            var packed = e.TrackedPeers == 0 ? e.Capacity == 0 : e.Capacity <= 8 || e.Capacity < 2 * e.TrackedPeers;
            Assert.That(packed, $"offline node {n} tracks {e.TrackedPeers} peers in a table of {e.Capacity}: more than half empty");
        }

        Assert.That(Capacity(shrinking, offline) * 2, Is.LessThan(Capacity(keeping, offlineKeeping)), "kept tables are more than twice as large (3.2x when written)");

        var all = Enumerable.Range(0, shrinking.Nodes).ToArray();
        Assert.That(Capacity(shrinking, all), Is.LessThan(Capacity(keeping, all)), "online and offline, shrinking engines hold less");
        foreach (var metric in new[] { "connections_mean", "dial_success" })
        {
            Assert.That(b.Metric(metric), Is.EqualTo(a.Metric(metric)).Within(5).Percent, metric);
        }

        Assert.That(b.Metric("protected_pruned"), Is.Zero);
    }

    private static Scenario Churning(bool shrink)
    {
        var churn = new ChurnSpec
        {
            Session = new DurationDistributionSpec { Kind = DistributionKind.Exponential, Mean = TimeSpan.FromMinutes(5) },
            OffTime = new DurationDistributionSpec { Kind = DistributionKind.Exponential, Mean = TimeSpan.FromMinutes(5) },
            InitiallyOnline = 0.7,
        };
        var scenario = NetworkTests.Small(seed: 4, churn: churn);
        scenario.Duration = TimeSpan.FromMinutes(30);
        foreach (var group in scenario.Network!.Groups)
        {
            group.Engine.ShrinkTables = shrink;
        }

        return scenario;
    }
}
