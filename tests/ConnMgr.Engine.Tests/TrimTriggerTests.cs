namespace ConnMgr.Engine.Tests;

public class TrimTriggerTests
{
    [Test]
    public void RisingAboveHighWater_TrimsDownToLowWater()
    {
        var h = new Harness(Harness.Watermarks(5, 10));
        h.ConnectMany(0, 11);
        Assert.That(h.Manager.Count, Is.EqualTo(5));
        Assert.That(h.Events.Trims, Has.Count.EqualTo(1));
        Assert.That(h.Events.Trims[0].Outcome, Is.EqualTo(TrimOutcome.ReachedTarget));
        Assert.That(h.Events.Trims[0].Before, Is.EqualTo(11));
    }

    [Test]
    public void AtHighWater_DoesNotTrim()
    {
        var h = new Harness(Harness.Watermarks(5, 10));
        h.ConnectMany(0, 10);
        Assert.That(h.Manager.Count, Is.EqualTo(10));
        Assert.That(h.Events.Trims, Is.Empty);
    }

    [Test]
    public void BurstInsideSilence_CoalescesIntoOneScheduledCycle()
    {
        var h = new Harness(Harness.Watermarks(5, 10, silenceMs: 1000));
        h.ConnectMany(0, 11); // first crossing trims at once
        h.Advance(100);
        h.ConnectMany(100, 50); // a burst inside the silence period
        Assert.That(h.Events.Trims, Has.Count.EqualTo(1));
        Assert.That(h.Manager.Count, Is.EqualTo(55));
        Assert.That(h.Manager.TrimPending, Is.True);

        h.Advance(899);
        Assert.That(h.Events.Trims, Has.Count.EqualTo(1), "no cycle before the silence period ends");
        h.Advance(1);
        Assert.That(h.Events.Trims, Has.Count.EqualTo(2));
        Assert.That(h.Manager.Count, Is.EqualTo(5));
    }

    [Test]
    public void GraceAndProtection_StopTheCycleAboveLowWater_AndReportIt()
    {
        var h = new Harness(Harness.Watermarks(2, 4, graceMs: 1000));
        h.Manager.Protect(0, "keep");
        h.Connect(0);
        h.Connect(1);
        h.Advance(2000);
        h.ConnectMany(10, 3); // 5 peers: 0 protected, 1 eligible, 10..12 in grace

        var report = h.Events.Trims.Single();
        Assert.That(report.Outcome, Is.EqualTo(TrimOutcome.StoppedAboveTarget));
        Assert.That(report.SkippedProtected, Is.EqualTo(1));
        Assert.That(report.SkippedGrace, Is.EqualTo(3));
        Assert.That(report.After, Is.EqualTo(4));
        Assert.That(h.Manager.IsConnected(1), Is.False);
    }

    [Test]
    public void CycleHeldUpByGrace_RetriesWhenGraceEnds()
    {
        var h = new Harness(Harness.Watermarks(2, 4, graceMs: 1000, silenceMs: 100));
        h.ConnectMany(0, 6);
        Assert.That(h.Manager.Count, Is.EqualTo(6), "everyone is in grace");
        h.Advance(1000);
        Assert.That(h.Manager.Count, Is.EqualTo(2), "the retry at the end of grace trims");
    }

    [Test]
    public void TrimOpenConns_RunsOnDemand_IgnoringHighWaterAndSilence()
    {
        var h = new Harness(Harness.Watermarks(2, 10, silenceMs: 60_000));
        h.ConnectMany(0, 6);
        var report = h.Manager.TrimOpenConns();
        Assert.That(report.Cause, Is.EqualTo(TrimCause.Manual));
        Assert.That(report.After, Is.EqualTo(2));
        Assert.That(h.Manager.TrimOpenConns().Outcome, Is.EqualTo(TrimOutcome.NothingToDo));
    }

    [Test]
    public void IdleManager_SchedulesNothing()
    {
        var h = new Harness(Harness.Watermarks(2, 10));
        h.ConnectMany(0, 5);
        h.Manager.TagPeerDecaying(1, "d", 100, TimeSpan.FromSeconds(1), DecayFunction.Linear(0.5));
        Assert.That(h.Clock.Pending, Is.Zero);
        h.AdvanceSeconds(3600);
        Assert.That(h.Clock.EventsProcessed, Is.Zero, "decay is lazy: an idle manager costs no events");
    }
}
