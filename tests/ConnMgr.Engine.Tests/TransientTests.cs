namespace ConnMgr.Engine.Tests;

public class TransientTests
{
    [Test]
    public void Transient_HasShortGrace_AndIsTrimmedFirstOnceIdle()
    {
        var h = new Harness(Harness.Watermarks(2, 100, graceMs: 60_000) with { TransientGracePeriod = TimeSpan.FromSeconds(5) });
        h.Connect(1);
        h.Connect(2);
        h.Connect(3, flags: ConnectionFlags.Transient);
        h.Manager.TagPeer(3, "v", 1000); // even a high score does not save an idle transient
        h.AdvanceSeconds(6);
        h.Manager.TrimOpenConns();
        Assert.That(h.Events.PrunedPeers, Is.EqualTo(new[] { 3 }));
    }

    [Test]
    public void Transient_InsideItsGrace_IsSkipped()
    {
        var h = new Harness(Harness.Watermarks(0, 100) with { TransientGracePeriod = TimeSpan.FromSeconds(5) });
        h.Connect(3, flags: ConnectionFlags.Transient);
        h.AdvanceSeconds(1);
        Assert.That(h.Manager.TrimOpenConns().SkippedGrace, Is.EqualTo(1));
    }

    [Test]
    public void TransientAllowance_KeepsTransientsFromTriggeringTrims()
    {
        var h = new Harness(Harness.Watermarks(2, 4) with { TransientAllowance = 3 });
        h.ConnectMany(1, 4);
        for (var p = 10; p < 13; p++)
        {
            h.Connect(p, flags: ConnectionFlags.Transient);
        }

        Assert.That(h.Manager.Count, Is.EqualTo(7));
        Assert.That(h.Events.Trims, Is.Empty);
        h.Connect(20, flags: ConnectionFlags.Transient);
        Assert.That(h.Events.Trims, Has.Count.EqualTo(1), "beyond the allowance transients count");
    }

    [Test]
    public void OrdinaryConnection_ClearsTransient()
    {
        var h = new Harness(Harness.Watermarks(0, 100) with { TransientGracePeriod = TimeSpan.Zero, Limits = new WatermarkPolicy(0, 100, TimeSpan.FromHours(1), TimeSpan.Zero) });
        h.Connect(1, connectionId: 1, flags: ConnectionFlags.Transient);
        h.Connect(1, connectionId: 2);
        Assert.That(h.Manager.TrimOpenConns().SkippedGrace, Is.EqualTo(1), "now an ordinary peer with the long grace");
    }
}
