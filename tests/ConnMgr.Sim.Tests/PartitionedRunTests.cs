using ConnMgr.Sim.Network;
using ConnMgr.Sim.Network.Models;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Tests;

/// <summary>Split dials run on the windowed kernel: two partitions of the nodes, 5-ms windows (docs/design/two-partition-kernel.md, step 3).</summary>
public class PartitionedRunTests
{
    private static readonly string[] Metrics = ["connections_mean", "pruned", "dials", "admission_attempts", "nat_entries_mean"];

    private static Scenario Split(int seed = 1, DialDelivery dials = DialDelivery.Split, RouterSpec? router = null)
    {
        var s = NetworkTests.Small(seed, router: router, churn: TeardownCounter.Churn(4, 1));
        s.Network!.RemoteCloses = RemoteCloses.HalfRoundTrip;
        s.Network.Dials = dials;
        return s;
    }

    [Test]
    public void SplitDials_RunInTwoPartitions_OnlyWhenEveryModelIsReady()
    {
        Assert.That(Networks.Create(Split()).Partitioned, Is.True, "split dials with ready models");
        Assert.That(Networks.Create(Split(dials: DialDelivery.Instant)).Partitioned, Is.False, "instant dials keep one queue");
        var notReady = Networks.CreateWith(Split(), "unready-test", _ => new UnreadyModel());
        Assert.That(notReady.Partitioned, Is.False, "a model that is not partition-ready keeps one queue");
    }

    [Test]
    public void APartitionedRun_WithRoutersAndChurn_IsTheSameRunForTheSameSeed()
    {
        var router = new RouterSpec { NatEntries = 24, Linger = TimeSpan.FromSeconds(30) };
        var first = Networks.Create(Split(seed: 5, router: router));
        Assert.That(first.Partitioned, Is.True);
        var a = first.Run();
        var b = Networks.Create(Split(seed: 5, router: router)).Run();
        Assert.That(a.Metric("dials"), Is.GreaterThan(1000), "the run dialed");
        Assert.That(a.Metric("nat_entries_mean"), Is.GreaterThan(0), "routers held entries");
        Assert.That(Metrics.Select(m => b.Metric(m)), Is.EqualTo(Metrics.Select(m => a.Metric(m))));
    }

    [TestCase(3)]
    [TestCase(5)]
    [TestCase(7)]
    public void APartitionedRun_SlicedIntoShortRuns_IsTheRunOfOneCall(int sliceMs)
    {
        var router = new RouterSpec { NatEntries = 24, Linger = TimeSpan.FromSeconds(30) };
        var whole = Networks.Create(Split(seed: 5, router: router)).Run();
        var sliced = Networks.Create(Split(seed: 5, router: router));
        const int end = 20 * 60 * 1000;
        for (var ms = 0; ms < end; ms += sliceMs)
        {
            sliced.Clock.RunFor(TimeSpan.FromMilliseconds(Math.Min(sliceMs, end - ms))); // most slices end inside a window: it stays open
        }

        var result = sliced.Run();
        Assert.That(whole.Metric("dials"), Is.GreaterThan(1000), "the run dialed");
        Assert.That(Metrics.Select(m => result.Metric(m)), Is.EqualTo(Metrics.Select(m => whole.Metric(m))));
    }

    [Test]
    public void APartitionedRun_GivesTheSameResults_WhicheverPartitionRunsFirstInAWindow()
    {
        var router = new RouterSpec { NatEntries = 24, Linger = TimeSpan.FromSeconds(30) };
        var scenario = Split(seed: 5, router: router);
        scenario.Network!.SampledEventLog = 40;
        var evenFirstRunner = Networks.Create(scenario);
        var evenFirst = evenFirstRunner.Run();
        var oddFirstRunner = Networks.Create(scenario);
        oddFirstRunner.Clock.OddPartitionFirst = true;
        var oddFirst = oddFirstRunner.Run();
        Assert.That(evenFirstRunner.EventRows!.Select(r => r.Node).Distinct().Count(), Is.GreaterThan(30), "events of both partitions' nodes were logged");
        Assert.That(oddFirstRunner.EventRows, Is.EqualTo(evenFirstRunner.EventRows), "events.csv rows, in the same order");
        Assert.That(evenFirst.Metric("dials"), Is.GreaterThan(1000), "the run dialed");
        Assert.That(ResultValues.Of(oddFirst.Summary), Is.EqualTo(ResultValues.Of(evenFirst.Summary)), "summary: no state shared between the partitions inside a window");
        Assert.That(ResultValues.Of(oddFirst.Timeseries), Is.EqualTo(ResultValues.Of(evenFirst.Timeseries)), "timeseries");
    }

    [Test]
    public void APartitionedRun_DiffersFromOneQueue_OnlyInOrder_NotInKind()
    {
        var partitioned = Networks.Create(Split(seed: 2)).Run();
        var oneQueue = Networks.CreateWith(Split(seed: 2), "unready-test", _ => new UnreadyModel()).Run();
        Assert.That(partitioned.Metric("connections_mean"), Is.EqualTo(oneQueue.Metric("connections_mean")).Within(5).Percent);
        Assert.That(partitioned.Metric("dials"), Is.EqualTo(oneQueue.Metric("dials")).Within(5).Percent);
    }

    /// <summary>A model that keeps the default: not partition-ready.</summary>
    private sealed class UnreadyModel : NetworkModel
    {
    }
}
