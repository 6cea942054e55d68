using ConnMgr.Engine.Limits;
using ConnMgr.Engine.Trimming;

namespace ConnMgr.Engine.Tests;

/// <summary>Smooth trimming: a cycle closes at most TrimStep, and the next step follows a SilencePeriod later while above HighWater.</summary>
public class SmoothTrimTests
{
    private static Harness Stepped(int step, string profile = "default")
    {
        var o = Profile.FromName(profile) with
        {
            Limits = new WatermarkPolicy(5, 10, TimeSpan.Zero, TimeSpan.FromSeconds(1)),
            TrimStep = step,
        };
        return new Harness(o);
    }

    [Test]
    public void ACycle_ClosesAtMostTheStep_AndStopsOnceAtOrBelowHighWater()
    {
        var h = Stepped(2);
        h.ConnectMany(0, 11);

        Assert.That(h.Events.Trims.Where(t => t.PeersClosed > 0).Select(t => t.PeersClosed), Is.EqualTo(new[] { 2 }));
        Assert.That(h.Manager.Count, Is.EqualTo(9), "shaved below HighWater, not cut to LowWater 5");
        h.AdvanceSeconds(10);
        Assert.That(h.Manager.Count, Is.EqualTo(9), "at or below HighWater no further step runs");
    }

    [Test]
    public void FarAboveHighWater_StepsFollowASilencePeriodApart_UntilAtOrBelowHighWater()
    {
        var h = Stepped(2);
        for (var p = 0; p < 16; p++)
        {
            h.Manager.Connected(p, Direction.Inbound); // 16 at once: the first trim ran at 11
        }

        var counts = new List<int> { h.Manager.Count };
        for (var s = 0; s < 5; s++)
        {
            h.AdvanceSeconds(1);
            counts.Add(h.Manager.Count);
        }

        Assert.That(counts, Is.EqualTo(new[] { 14, 12, 10, 10, 10, 10 }));
        Assert.That(h.Events.Trims.Max(t => t.PeersClosed), Is.EqualTo(2));
    }

    [Test]
    public void GosTicker_StepsOncePerTick()
    {
        var h = Stepped(3, "go");
        h.ConnectMany(0, 20);
        h.AdvanceSeconds(1);
        var afterOneTick = h.Manager.Count;
        h.AdvanceSeconds(10);

        Assert.That(afterOneTick, Is.EqualTo(17));
        Assert.That(h.Manager.Count, Is.LessThan(10), "the go ticker trims while at or above HighWater");
        Assert.That(h.Events.Trims.Max(t => t.PeersClosed), Is.EqualTo(3));
    }

    [Test]
    public void AManualTrim_IsNotBounded()
    {
        var h = Stepped(2);
        h.ConnectMany(0, 10);

        var report = h.Manager.TrimOpenConns();

        Assert.That(report.Cause, Is.EqualTo(TrimCause.Manual));
        Assert.That(h.Manager.Count, Is.EqualTo(5));
    }

    [Test]
    public void ProtectedPeers_AreNeverTakenByASteppedTrim()
    {
        var h = Stepped(4);
        for (var p = 0; p < 10; p++)
        {
            h.Manager.Protect(p, "keep");
        }

        h.ConnectMany(0, 14);
        h.AdvanceSeconds(5);

        Assert.That(h.ConnectedOf(Enumerable.Range(0, 10)), Has.Length.EqualTo(10));
        Assert.That(h.Manager.Count, Is.EqualTo(10));
    }

    [Test]
    public void ANegativeStep_IsRejectedNamingTheOption()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => (Harness.Watermarks(0, 10) with { TrimStep = -1 }).Validate())!;

        Assert.That(e.ParamName, Is.EqualTo("TrimStep"));
    }
}
