using ConnMgr.Engine.Dialing;
using ConnMgr.Engine.Events;

namespace ConnMgr.Engine.Tests;

/// <summary>Disconnect notices from the remote: a reason and a back-off the manager honours up to its cap.</summary>
public class RemoteBackoffTests
{
    private static Harness Honouring(double capSeconds) =>
        new(Harness.Watermarks(0, 100) with { HonourRemoteBackoffUpTo = TimeSpan.FromSeconds(capSeconds) });

    [Test]
    public void ByDefault_ANoticeIsIgnored_AsEveryLibp2pManagerDoes()
    {
        var h = new Harness(Harness.Watermarks(0, 100));
        h.Connect(1);
        h.Manager.Disconnected(1);

        Assert.That(h.Manager.RemoteClosed(1, PruneReason.Trim, TimeSpan.FromMinutes(5)), Is.False);
        Assert.That(h.Manager.CanDial(1), Is.True);
        Assert.That(h.Manager.Metrics.RemoteBackoffsHonoured, Is.Zero);
    }

    [Test]
    public void AnHonouredNotice_KeepsThePeerUndialableForItsBackoff_ThenReleasesIt()
    {
        var h = Honouring(600);
        h.Connect(1);
        h.Manager.Disconnected(1);

        Assert.That(h.Manager.RemoteClosed(1, PruneReason.Trim, TimeSpan.FromSeconds(90)), Is.True);
        Assert.That(h.Manager.CanDial(1), Is.False);
        Assert.That(h.Manager.NextDialTime(1), Is.EqualTo(h.Clock.GetUtcNow().AddSeconds(90)));
        Assert.That(h.Events.RemoteBackoffs, Is.EqualTo(new[] { (1, PruneReason.Trim, TimeSpan.FromSeconds(90)) }));
        h.AdvanceSeconds(89);
        Assert.That(h.Manager.CanDial(1), Is.False);
        h.AdvanceSeconds(1);
        Assert.That(h.Manager.CanDial(1), Is.True);
        Assert.That(h.Manager.Metrics.RemoteBackoffsHonoured, Is.EqualTo(1));
    }

    [Test]
    public void ABackoffLongerThanTheCap_IsCutToTheCap()
    {
        var h = Honouring(30);
        h.Manager.RemoteClosed(7, PruneReason.Trim, TimeSpan.FromDays(1));

        Assert.That(h.Manager.NextDialTime(7), Is.EqualTo(h.Clock.GetUtcNow().AddSeconds(30)));
    }

    [Test]
    public void ANoticeForAPeerWithoutAnEntry_IsKeptUntilItsBackoffEnds_ThenForgotten()
    {
        var h = Honouring(600);

        h.Manager.RemoteClosed(3, PruneReason.MaxLimit, TimeSpan.FromSeconds(20));
        h.AdvanceSeconds(10);
        h.Connect(4); // any mutating call reaps what is due
        Assert.That(h.Manager.CanDial(3), Is.False, "the entry outlives the reaps before its back-off ends");
        h.AdvanceSeconds(11);
        h.Connect(5);

        Assert.That(h.Manager.CanDial(3), Is.True);
        Assert.That(h.Manager.TrackedPeers, Is.EqualTo(2), "peer 3's entry was freed");
    }

    [Test]
    public void ANoticeNeverShortensTheManagersOwnPruneBackoff()
    {
        var h = new Harness(Harness.Watermarks(0, 100) with
        {
            HonourRemoteBackoffUpTo = TimeSpan.FromMinutes(10),
            PruneBackoff = new BackoffPolicy(TimeSpan.FromSeconds(60), 2, TimeSpan.FromMinutes(10)),
        });
        h.Connect(1);
        h.Manager.TrimOpenConns();

        h.Manager.RemoteClosed(1, PruneReason.Trim, TimeSpan.FromSeconds(5));

        Assert.That(h.Manager.NextDialTime(1), Is.EqualTo(h.Clock.GetUtcNow().AddSeconds(60)));
    }

    [Test]
    public void ACapOutsideZeroToOneDay_IsRejectedNamingTheOption()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => (Harness.Watermarks(0, 10) with { HonourRemoteBackoffUpTo = TimeSpan.FromDays(2) }).Validate())!;

        Assert.That(e.Message, Does.Contain("HonourRemoteBackoffUpTo"));
    }
}
