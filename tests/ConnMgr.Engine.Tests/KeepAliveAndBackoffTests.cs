using ConnMgr.Engine.Dialing;

namespace ConnMgr.Engine.Tests;

public class KeepAliveAndBackoffTests
{
    private static readonly BackoffPolicy NoJitter = new(TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(16), 0, 4);

    [Test]
    public void KeepAlive_ProtectsThePeer()
    {
        var h = new Harness(Harness.Watermarks(0, 100));
        h.Connect(1);
        h.Manager.AddKeepAlive(1);
        Assert.That(h.Manager.IsProtected(1, "keep-alive"), Is.True);
        h.Manager.TrimOpenConns();
        Assert.That(h.Manager.IsConnected(1), Is.True);
    }

    [Test]
    public void KeepAlive_Disconnect_RequestsRedialsWithExponentialBackoff_ThenGivesUp()
    {
        var h = new Harness(Profile.Default with { KeepAliveBackoff = NoJitter });
        h.Connect(1);
        h.Manager.AddKeepAlive(1);
        var t0 = h.Clock.NowTicks;
        h.Manager.Disconnected(1);
        h.AdvanceSeconds(60);

        var times = h.Events.Redials.Select(r => (r.Attempt, Seconds: (r.AtTicks - t0) / (double)TimeSpan.TicksPerSecond)).ToArray();
        Assert.That(times, Is.EqualTo(new[] { (1, 0.0), (2, 1.0), (3, 3.0), (4, 7.0) }));
        Assert.That(h.Events.KeepAliveFailures, Is.EqualTo(new[] { 1 }));
        Assert.That(h.Manager.IsProtected(1), Is.False, "keep-alive removed after the last retry");
    }

    [Test]
    public void KeepAlive_ReconnectStopsRedials()
    {
        var h = new Harness(Profile.Default with { KeepAliveBackoff = NoJitter });
        h.Connect(1);
        h.Manager.AddKeepAlive(1);
        h.Manager.Disconnected(1);
        h.Advance(500);
        h.Connect(1);
        h.AdvanceSeconds(60);
        Assert.That(h.Events.Redials, Has.Count.EqualTo(1));
        Assert.That(h.Clock.Pending, Is.Zero, "nothing left scheduled");
    }

    [Test]
    public void KeepAlive_Jitter_SpreadsWaitsWithinBounds()
    {
        var jittered = new BackoffPolicy(TimeSpan.FromSeconds(10), 2, TimeSpan.FromMinutes(10), 0.2, 3);
        var rng = new Random(3);
        for (var i = 0; i < 100; i++)
        {
            var d = jittered.Delay(2, rng);
            Assert.That(d.TotalSeconds, Is.InRange(16.0, 24.0));
        }
    }

    [Test]
    public void PrunedPeer_CannotBeDialedUntilItsBackoffEnds_AndBackoffGrows()
    {
        var h = new Harness(Harness.Watermarks(0, 100) with { PruneBackoff = new BackoffPolicy(TimeSpan.FromSeconds(60), 2, TimeSpan.FromMinutes(10)) });
        h.Connect(1);
        h.Manager.TrimOpenConns();
        Assert.That(h.Manager.CanDial(1), Is.False);
        Assert.That(h.Manager.NextDialTime(1), Is.EqualTo(h.Clock.GetUtcNow().AddSeconds(60)));
        h.AdvanceSeconds(60);
        Assert.That(h.Manager.CanDial(1), Is.True);

        h.Connect(1);
        h.Manager.TrimOpenConns();
        Assert.That(h.Manager.NextDialTime(1), Is.EqualTo(h.Clock.GetUtcNow().AddSeconds(120)), "a second prune doubles the backoff");
    }

    [Test]
    public void HostDisconnect_DoesNotImposeBackoff()
    {
        var h = new Harness(Profile.Default);
        h.Connect(1);
        h.Manager.Disconnected(1);
        Assert.That(h.Manager.CanDial(1), Is.True);
    }
}
