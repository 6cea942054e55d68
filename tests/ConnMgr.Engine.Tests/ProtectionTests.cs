namespace ConnMgr.Engine.Tests;

public class ProtectionTests
{
    [Test]
    public void Unprotect_ReturnsWhetherAnyProtectionRemains()
    {
        var h = new Harness(Profile.Default);
        h.Manager.Protect(1, "a");
        h.Manager.Protect(1, "b");
        Assert.That(h.Manager.Unprotect(1, "a"), Is.True);
        Assert.That(h.Manager.IsProtected(1, "a"), Is.False);
        Assert.That(h.Manager.IsProtected(1, "b"), Is.True);
        Assert.That(h.Manager.IsProtected(1), Is.True);
        Assert.That(h.Manager.Unprotect(1, "b"), Is.False);
        Assert.That(h.Manager.IsProtected(1), Is.False);
    }

    [TestCase("default")]
    [TestCase("go")]
    [TestCase("nim")]
    [TestCase("js")]
    [TestCase("py")]
    public void ProtectedPeers_AreNeverPruned_InAnyProfile(string profile)
    {
        var options = Profile.FromName(profile) with
        {
            Limits = profile == "js" ? new MaxConnectionsPolicy(5) : new WatermarkPolicy(2, 5, TimeSpan.Zero, TimeSpan.Zero),
            Caps = ConnectionCaps.None,
            Gate = Gating.GateOptions.Open,
            Bounds = null,
        };
        var h = new Harness(options);
        for (var p = 0; p < 4; p++)
        {
            h.Manager.Protect(p, "must-keep");
        }

        for (var p = 0; p < 40; p++)
        {
            h.Connect(p, p % 2 == 0 ? Direction.Inbound : Direction.Outbound);
            h.Advance(700);
        }

        h.Manager.TrimOpenConns();
        h.AdvanceSeconds(60);
        Assert.That(h.Events.PrunedPeers, Has.None.InRange(0, 3));
        Assert.That(h.ConnectedOf([0, 1, 2, 3]), Is.EqualTo(new[] { 0, 1, 2, 3 }));
    }

    [Test]
    public void MaxMode_AllProtected_CountMayExceedMaxButNoProtectedPeerCloses()
    {
        var h = new Harness(Profile.Default with { Limits = new MaxConnectionsPolicy(2) });
        for (var p = 0; p < 4; p++)
        {
            h.Manager.Protect(p, "x");
            h.Connect(p);
        }

        Assert.That(h.Manager.Count, Is.EqualTo(4));
        Assert.That(h.Events.Pruned, Is.Empty);
        Assert.That(h.Events.Trims[^1].Outcome, Is.EqualTo(TrimOutcome.StoppedAboveTarget));
    }

    [Test]
    public void Protection_SurvivesDisconnect_ByDefault_AndNotInPy()
    {
        var d = new Harness(Profile.Default);
        d.Manager.Protect(1, "p");
        d.Connect(1);
        d.Manager.Disconnected(1);
        Assert.That(d.Manager.IsProtected(1), Is.True);

        var py = new Harness(Profile.Py);
        py.Manager.Protect(1, "p");
        py.Connect(1);
        py.Manager.Disconnected(1);
        Assert.That(py.Manager.IsProtected(1), Is.False);
    }
}
