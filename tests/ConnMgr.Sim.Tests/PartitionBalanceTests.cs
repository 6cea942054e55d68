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
        var balance = new PartitionBalance();
        balance.Add(due: 0, owner: 2, ticks: 10);
        balance.Add(due: 1, owner: 7, ticks: 10);
        Assert.That(balance.Bound(1), Is.EqualTo(2.0));
        Assert.That(balance.Bound(1, byEvents: true), Is.EqualTo(2.0));
    }

    [Test]
    public void OnePartitionAlone_OrOneEventPerWindow_GainsNothing()
    {
        var samePartition = new PartitionBalance();
        samePartition.Add(due: 0, owner: 2, ticks: 10);
        samePartition.Add(due: 1, owner: 4, ticks: 10);
        Assert.That(samePartition.Bound(1), Is.EqualTo(1.0));

        var apart = new PartitionBalance();
        apart.Add(due: 0, owner: 2, ticks: 10);
        apart.Add(due: Window, owner: 3, ticks: 10);
        Assert.That(apart.Bound(1), Is.EqualTo(1.0), "the two events are in different windows");
    }

    [Test]
    public void TheBusierPartitionSetsTheWindow()
    {
        var balance = new PartitionBalance();
        balance.Add(due: 0, owner: 0, ticks: 30);
        balance.Add(due: 1, owner: 1, ticks: 10);
        Assert.That(balance.Bound(1), Is.EqualTo(40.0 / 30.0).Within(1e-12));
        Assert.That(balance.Bound(1, byEvents: true), Is.EqualTo(2.0), "by events the window is even");
    }

    [Test]
    public void AnEventWithoutOwner_RunsAlone_AndEndsTheWindow()
    {
        var balance = new PartitionBalance();
        balance.Add(due: 0, owner: 0, ticks: 10);
        balance.Add(due: 1, owner: -1, ticks: 20);
        balance.Add(due: 2, owner: 1, ticks: 10); // same window, but after the lone event: it cannot pair with node 0
        Assert.That(balance.Bound(1), Is.EqualTo(1.0));

        var paired = new PartitionBalance();
        paired.Add(due: 0, owner: 0, ticks: 10);
        paired.Add(due: 1, owner: 1, ticks: 10);
        paired.Add(due: 2, owner: -1, ticks: 20);
        Assert.That(paired.Bound(1), Is.EqualTo(40.0 / 30.0).Within(1e-12));
    }

    [Test]
    public void Report_OneLinePerWindowLength_NoneForARunWithoutOwners()
    {
        var singleNode = new PartitionBalance();
        singleNode.Add(due: 0, owner: -1, ticks: 10);
        using var empty = new StringWriter();
        singleNode.Write(empty);
        Assert.That(empty.ToString(), Is.Empty);

        var network = new PartitionBalance();
        network.Add(due: 0, owner: 0, ticks: 10);
        network.Add(due: 1, owner: 1, ticks: 10);
        using var report = new StringWriter();
        network.Write(report);
        var lines = report.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1 + PartitionBalance.WindowLengths.Length));
        Assert.That(lines[2], Does.Contain("speed-up bound 2.00x by handler time"));
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
}
