using ConnMgr.Sim.Kernel;
using ConnMgr.Sim.Network;
using ConnMgr.Sim.Network.Churn;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Tests;

/// <summary>
/// The profile's two-partition balance (issue 13 item 5, docs/design/two-partition-kernel.md): a window costs its
/// busier partition, events without an owner run alone, and the network's events name the right owners.
/// </summary>
public class PartitionBalanceTests
{
    private static readonly long Window = PartitionBalance.WindowLengths[1].Ticks;

    [Test]
    public void EvenAndOddNodesInOneWindow_RunSideBySide()
    {
        var balance = Balance((0, 2, 10), (1, 7, 10));
        Assert.That(balance.Bound(1), Is.EqualTo(2.0));
        Assert.That(balance.Bound(1, byEvents: true), Is.EqualTo(2.0));
    }

    [Test]
    public void OnePartitionAlone_OrOneEventPerWindow_GainsNothing()
    {
        Assert.That(Balance((0, 2, 10), (1, 4, 10)).Bound(1), Is.EqualTo(1.0), "both nodes are even");
        Assert.That(Balance((0, 2, 10), (Window, 3, 10)).Bound(1), Is.EqualTo(1.0), "the two events are in different windows");
    }

    [Test]
    public void TheBusierPartitionSetsTheWindow()
    {
        var balance = Balance((0, 0, 30), (1, 1, 10));
        Assert.That(balance.Bound(1), Is.EqualTo(40.0 / 30.0).Within(1e-12));
        Assert.That(balance.Bound(1, byEvents: true), Is.EqualTo(2.0), "by events the window is even");
    }

    [Test]
    public void AnEventWithoutOwner_RunsAlone_AndEndsTheWindow()
    {
        // Same window, but node 1's event comes after the lone event: it cannot pair with node 0's.
        Assert.That(Balance((0, 0, 10), (1, -1, 20), (2, 1, 10)).Bound(1), Is.EqualTo(1.0));
        Assert.That(Balance((0, 0, 10), (1, 1, 10), (2, -1, 20)).Bound(1), Is.EqualTo(40.0 / 30.0).Within(1e-12));
    }

    [Test]
    public void RunningAhead_GainsNothing_WhenEveryEventIsOnAWindowsFirstInstant()
    {
        // Partition 0 is busy in window 0, partition 1 in window 1, each event on its window's first instant: partition
        // 1 cannot start window 1 before partition 0 has run window 0's first instant, which is all of its window.
        var balance = Balance((0, 0, 30), (0, 1, 10), (Window, 0, 10), (Window, 1, 30));
        Assert.That(balance.Bound(1), Is.EqualTo(80.0 / 60.0).Within(1e-12));
        Assert.That(balance.RunAheadBound(1), Is.EqualTo(80.0 / 60.0).Within(1e-12));
    }

    [Test]
    public void RunningAhead_AbsorbsImbalance_OfEventsAfterTheFirstInstant()
    {
        // The same work a millisecond into each window: partition 1 starts window 1 while partition 0 is still in
        // window 0, so the two busy stretches overlap.
        var ms = TimeSpan.TicksPerMillisecond;
        var balance = Balance((ms, 0, 30), (ms, 1, 10), (Window + ms, 0, 10), (Window + ms, 1, 30));
        Assert.That(balance.Bound(1), Is.EqualTo(80.0 / 60.0).Within(1e-12), "with a barrier per window");
        Assert.That(balance.RunAheadBound(1), Is.EqualTo(2.0), "a window ahead");
    }

    [Test]
    public void RunningAhead_StillWaits_ForAnEventRunAlone()
    {
        var ms = TimeSpan.TicksPerMillisecond;
        var balance = Balance((ms, 0, 30), (ms, 1, 10), (2 * ms, -1, 20), (Window + ms, 0, 10), (Window + ms, 1, 30));
        Assert.That(balance.RunAheadBound(1), Is.EqualTo(100.0 / 80.0).Within(1e-12), "30, then 20 alone, then 30");
    }

    [Test]
    public void FinerShares_TakenInTurn_EvenOutAWindowTwoPartitionsCannot()
    {
        // Node 0 costs 30, nodes 1–3 cost 10 each. Even/odd: 40 against 20. In 8 shares the threads take node 0's
        // share, then the three others one after another on the free thread: 30 against 30.
        var balance = ByNode((0, 0, 30), (0, 1, 10), (0, 2, 10), (0, 3, 10));
        Assert.That(balance.Bound(1), Is.EqualTo(60.0 / 40.0).Within(1e-12));
        Assert.That(balance.SharedBound(1, 2), Is.EqualTo(balance.Bound(1)).Within(1e-12), "two shares are today's partitions");
        Assert.That(balance.SharedBound(1, 8), Is.EqualTo(2.0).Within(1e-12));
        Assert.That(balance.SharedBound(1, 32), Is.EqualTo(2.0).Within(1e-12));
        Assert.That(() => balance.SharedBound(1, 4), Throws.InstanceOf<ArgumentOutOfRangeException>(), "4 shares are not kept");
    }

    [Test]
    public void FinerShares_KeepNodesThatShareLowBitsTogether_AndWaitForEventsRunAlone()
    {
        // Nodes 1 and 9 are one share of 8 but two of 32; the event run alone (20) is on the critical path either way.
        var balance = ByNode((0, 1, 10), (0, 9, 10), (1, -1, 20), (Window, 0, 10), (Window, 2, 10));
        Assert.That(balance.SharedBound(1, 8), Is.EqualTo(60.0 / (20 + 20 + 10)).Within(1e-12));
        Assert.That(balance.SharedBound(1, 32), Is.EqualTo(60.0 / (10 + 20 + 10)).Within(1e-12));
    }

    [Test]
    public void FinerShares_OfTwo_MatchTheTwoPartitionBound_OnARandomRun()
    {
        var random = new Random(5);
        var events = Enumerable.Range(0, 2_000).Select(i => ((long)i * Window / 37, random.Next(-1, 1_000), (long)random.Next(1, 100))).ToArray();
        var balance = ByNode(events);
        Assert.That(balance.SharedBound(1, 2), Is.EqualTo(balance.Bound(1)).Within(1e-12));
        Assert.That(balance.SharedBound(1, 32), Is.GreaterThanOrEqualTo(balance.SharedBound(1, 2) * 0.9));
    }

    [Test]
    public void Report_OneLinePerWindowLength_NoneForARunWithoutOwners()
    {
        var singleNode = Balance((0, -1, 10));
        using var empty = new StringWriter();
        singleNode.Write(empty);
        Assert.That(empty.ToString(), Is.Empty);

        var network = Balance((0, 0, 10), (1, 1, 10));
        using var report = new StringWriter();
        network.Write(report);
        var lines = report.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1 + PartitionBalance.WindowLengths.Length));
        Assert.That(lines[2], Does.Contain("speed-up bound 2.00x by handler time").And.Contain("2.00x by handler time running a window ahead")
            .And.Contain("nodes in 2 / 8 / 32 shares taken in turn by two threads: 2.00x / 2.00x / 2.00x"));
    }

    [Test]
    public void Report_OfAPartitionedRun_LeavesOutWindowsShorterThanTheRunsOwn()
    {
        // A partitioned run hands its events over partition by partition within each 5-ms window: node 0's at 0 and
        // 3 ms, then node 1's at 0 and 3 ms. The 5-ms window pairs them; a 1-ms window never could.
        var ms = TimeSpan.TicksPerMillisecond;
        var balance = Balance((0, 0, 10), (3 * ms, 0, 10), (0, 1, 10), (3 * ms, 1, 10));
        balance.RunWindowTicks = 5 * ms;
        using var report = new StringWriter();
        balance.Write(report);
        var lines = report.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[1], Does.Contain("window    1 ms: not measured in a partitioned run"));
        Assert.That(lines[2], Does.Contain("window    5 ms").And.Contain("speed-up bound 2.00x by handler time"));
    }

    [Test]
    public void NetworkEvents_BelongToTheirNode_ExceptSamplesAndStorms()
    {
        var scenario = ScenarioLoader.Load(Repo.Scenario("network-10k.json"));
        var runner = Networks.Create(scenario);
        IEventHandler net = runner;
        Assert.That(net.Owner(new SimEvent(0, 0, 0, Kind: 0, A: 42, B: 0)), Is.EqualTo(42), "a wake-up");
        Assert.That(net.Owner(new SimEvent(0, 0, 0, Kind: 2, A: 42, B: 7)), Is.EqualTo(42), "a dial's end belongs to the dialer");
        Assert.That(net.Owner(new SimEvent(0, 0, 0, Kind: TraceSampler.Kind, A: 0, B: 0)), Is.EqualTo(-1), "a trace sample reads every node");
        IEventHandler churn = runner.Models.OfType<ChurnModel>().Single();
        Assert.That(churn.Owner(new SimEvent(0, 0, 0, Kind: 0, A: 42, B: 0)), Is.EqualTo(42), "a node leaving");
        Assert.That(churn.Owner(new SimEvent(0, 0, 0, Kind: 2, A: 0, B: 0)), Is.EqualTo(-1), "a storm");
    }

    /// <summary>A balance fed with (due, test node or -1, handler ticks) events, in order.</summary>
    private static PartitionBalance Balance(params (long Due, int Owner, long Ticks)[] events)
    {
        var balance = new PartitionBalance();
        foreach (var (due, owner, ticks) in events)
        {
            balance.Add(due, PartitionOwners.Of(owner), ticks);
        }

        return balance;
    }

    /// <summary>A balance fed with (due, node or -1, handler ticks) events, in order: shares are by node number, so these tests name nodes, not test nodes.</summary>
    private static PartitionBalance ByNode(params (long Due, int Owner, long Ticks)[] events)
    {
        var balance = new PartitionBalance();
        foreach (var (due, owner, ticks) in events)
        {
            balance.Add(due, owner, ticks);
        }

        return balance;
    }
}
