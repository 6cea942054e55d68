using ConnMgr.Engine.Quotas;

namespace ConnMgr.Engine.Tests;

public class QuotaTests
{
    private static Harness WithQuotas(params SubsystemQuota[] quotas) =>
        new(Harness.Watermarks(4, 100) with { Subsystems = quotas, OutboundBonus = 0 });

    [Test]
    public void Trim_NeverTakesSubsystemBelowReserve_WhileAnotherIsAboveItsOwn()
    {
        var h = WithQuotas(new SubsystemQuota("pubsub", Reserved: 3), new SubsystemQuota("dht"));
        for (var p = 1; p <= 4; p++)
        {
            h.Connect(p);
            h.Manager.SetSubsystem(p, "pubsub");
        }

        for (var p = 11; p <= 16; p++)
        {
            h.Connect(p);
            h.Manager.SetSubsystem(p, "dht");
            h.Manager.TagPeer(p, "dht-value", 50); // dht peers score higher than pubsub ones
        }

        var report = h.Manager.TrimOpenConns();
        Assert.That(h.Manager.SubsystemCount(1), Is.EqualTo(3), "pubsub keeps its reserve of 3");
        Assert.That(h.Manager.Count, Is.EqualTo(4));
        Assert.That(report.SkippedQuota, Is.GreaterThan(0));
    }

    [Test]
    public void SubsystemAboveItsMax_IsTrimmedFirst()
    {
        var h = WithQuotas(new SubsystemQuota("dht", Max: 2), new SubsystemQuota("pubsub"));
        for (var p = 1; p <= 5; p++)
        {
            h.Connect(p);
            h.Manager.SetSubsystem(p, "dht");
            h.Manager.TagPeer(p, "v", 100); // high scores: a pure score trim would spare them
        }

        for (var p = 11; p <= 13; p++)
        {
            h.Connect(p);
            h.Manager.SetSubsystem(p, "pubsub");
        }

        h.Manager.TrimOpenConns();
        Assert.That(h.Events.Pruned.Take(3).Select(x => x.Reason), Is.All.EqualTo(PruneReason.QuotaExceeded));
        Assert.That(h.Manager.SubsystemCount(h.Manager.SubsystemNames.ToList().IndexOf("dht")), Is.EqualTo(2));
    }

    [Test]
    public void AttributeProtocol_MapsByPrefix()
    {
        var h = WithQuotas(new SubsystemQuota("pubsub"), new SubsystemQuota("dht"));
        h.Connect(1);
        h.Manager.AttributeProtocol(1, "/meshsub/1.1.0");
        Assert.That(h.Manager.SubsystemCount(h.Manager.SubsystemNames.ToList().IndexOf("pubsub")), Is.EqualTo(1));
        Assert.That(h.Manager.SubsystemCount(0), Is.Zero);
    }

    [Test]
    public void Quota_MaxBelowReserved_IsRejectedAtConstruction()
    {
        var options = Profile.Default with { Subsystems = [new SubsystemQuota("dht", Reserved: 5, Max: 2)] };
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ConnectionManager<int>(options));
        Assert.That(ex!.Message, Does.Contain("Subsystems[0].Max must be >= Reserved"));
    }
}
