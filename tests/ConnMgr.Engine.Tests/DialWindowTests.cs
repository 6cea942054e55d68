using ConnMgr.Engine.Dialing;

namespace ConnMgr.Engine.Tests;

/// <summary>The adaptive (AIMD) dial window: ⌊window⌋ dials pending at most; +1/window per connect, ×Decrease per timeout.</summary>
public class DialWindowTests
{
    private static Harness Windowed(double initial = 4, double min = 1, double max = 8) =>
        new(Harness.Watermarks(0, 100) with { DialWindow = new DialWindow(initial, min, max) });

    [Test]
    public void AtMostTheWindowIsPending_TheNextDialIsRefusedAsAPendingLimit()
    {
        var h = Windowed(initial: 3);
        for (var p = 0; p < 3; p++)
        {
            Assert.That(h.Manager.TryBeginDial(p).Accepted, Is.True);
        }

        var refused = h.Manager.TryBeginDial(3);

        Assert.That(refused.Reason, Is.EqualTo(RejectReason.PendingOutboundLimit));
        Assert.That(h.Manager.DialWindowSize, Is.EqualTo(3.0));
    }

    [Test]
    public void ConnectsGrowTheWindowByOneOverItsSize_UpToMax()
    {
        var h = Windowed(initial: 4, max: 5);
        for (var p = 0; p < 4; p++)
        {
            h.Manager.TryBeginDial(p);
            h.Connect(p, Direction.Outbound);
        }

        Assert.That(h.Manager.DialWindowSize, Is.EqualTo(5.0).Within(0.1), "four connects at ~1/4 each: about one more");
        for (var p = 10; p < 40; p++)
        {
            h.Connect(p, Direction.Outbound);
        }

        Assert.That(h.Manager.DialWindowSize, Is.EqualTo(5.0), "capped at Max");
    }

    [Test]
    public void TimeoutsHalveTheWindow_DownToMin_ButRefusalsDoNotMoveIt()
    {
        var h = Windowed(initial: 8, min: 2);
        h.Manager.TryBeginDial(1);
        h.Manager.ReportDialFailure(1);
        Assert.That(h.Manager.DialWindowSize, Is.EqualTo(8.0), "a refused dial is not congestion");

        h.Manager.TryBeginDial(1);
        h.Manager.ReportDialTimeout(1);
        Assert.That(h.Manager.DialWindowSize, Is.EqualTo(4.0));
        Assert.That(h.Manager.PendingOutbound, Is.Zero, "the timed-out dial ended");
        h.Manager.ReportDialTimeout(2);
        h.Manager.ReportDialTimeout(3);
        Assert.That(h.Manager.DialWindowSize, Is.EqualTo(2.0), "not below Min");
    }

    [Test]
    public void WithoutAWindow_DialsAreNotLimited_AndTheSizeIsInfinite()
    {
        var h = new Harness(Harness.Watermarks(0, 100));
        for (var p = 0; p < 500; p++)
        {
            Assert.That(h.Manager.TryBeginDial(p).Accepted, Is.True);
        }

        Assert.That(h.Manager.DialWindowSize, Is.EqualTo(double.PositiveInfinity));
    }

    [Test]
    public void AWindowOutOfOrder_IsRejectedNamingIt()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => (Harness.Watermarks(0, 10) with { DialWindow = new DialWindow(Initial: 2, Min: 4) }).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => (Harness.Watermarks(0, 10) with { DialWindow = new DialWindow(Decrease: 1) }).Validate());
    }
}
