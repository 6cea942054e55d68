using ConnMgr.Engine.Limits;

namespace ConnMgr.Engine.Tests;

/// <summary>A flow budget counts open connections, pending dials and lingering closed flows, and refuses dials at it.</summary>
public class FlowBudgetTests
{
    private static Harness Budget(int flows, double lingerSeconds = 120) =>
        new(Harness.Watermarks(0, 100) with { FlowBudget = new FlowBudget(flows, TimeSpan.FromSeconds(lingerSeconds)) });

    [Test]
    public void OpenConnectionsPendingDialsAndLingeringCloses_AllCount()
    {
        var h = Budget(10);
        h.ConnectMany(0, 3);
        Assert.That(h.Manager.TryBeginDial(50).Accepted, Is.True);
        h.Manager.Disconnected(0);
        h.Manager.ReportDialFailure(50);

        Assert.That(h.Manager.FlowsInUse, Is.EqualTo(2 + 0 + 2), "2 open, no dial pending, a close and a failed dial lingering");
    }

    [Test]
    public void AtTheBudget_ADialIsRefusedWithFlowBudget_UntilLingeringFlowsExpire()
    {
        var h = Budget(4, lingerSeconds: 120);
        h.ConnectMany(0, 4);
        for (var p = 0; p < 4; p++)
        {
            h.Manager.Disconnected(p);
        }

        var refused = h.Manager.TryBeginDial(9);
        Assert.That(refused.Accepted, Is.False);
        Assert.That(refused.Reason, Is.EqualTo(RejectReason.FlowBudget));
        Assert.That(h.Events.Rejections, Does.Contain(RejectReason.FlowBudget));

        h.AdvanceSeconds(119);
        Assert.That(h.Manager.TryBeginDial(9).Accepted, Is.False, "the closes still linger");
        h.AdvanceSeconds(1);
        Assert.That(h.Manager.TryBeginDial(9).Accepted, Is.True);
        Assert.That(h.Manager.FlowsInUse, Is.EqualTo(1), "the pending dial");
    }

    [Test]
    public void WithoutABudget_NothingLingers_AndDialsAreNotRefused()
    {
        var h = new Harness(Harness.Watermarks(0, 100));
        h.ConnectMany(0, 50);
        for (var p = 0; p < 50; p++)
        {
            h.Manager.Disconnected(p);
        }

        Assert.That(h.Manager.FlowsInUse, Is.Zero);
        Assert.That(h.Manager.TryBeginDial(9).Accepted, Is.True);
    }

    [Test]
    public void ABypassedPeer_IsDialedEvenAtTheBudget()
    {
        var h = Budget(1);
        h.Connect(0);
        h.Manager.BypassLimits(7);

        Assert.That(h.Manager.TryBeginDial(7).Accepted, Is.True);
    }

    [Test]
    public void ABudgetBelowOne_IsRejectedNamingIt()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => (Harness.Watermarks(0, 10) with { FlowBudget = new FlowBudget(0) }).Validate())!;

        Assert.That(e.ParamName, Is.EqualTo("FlowBudget.Flows"));
    }
}
