namespace ConnMgr.Engine.Tests;

/// <summary>Reads (PeerScore, GetTagInfo) give the value at now, with no state-changing call in between.</summary>
public class ReadAtNowTests
{
    [Test]
    public void PeerScore_OfADisconnectedPeer_DropsItsTagsWhenRetentionEnds_WithoutAnyMutatingCall()
    {
        var h = new Harness(Profile.Default); // tags of a disconnected peer are kept 10 min
        h.Connect(1);
        h.Manager.TagPeer(1, "v", 7);
        h.Manager.TagPeerDecaying(1, "d", 5, TimeSpan.FromHours(1), DecayFunction.Fixed(1));
        h.Manager.Disconnected(1);
        h.AdvanceSeconds(599);
        Assert.That(h.Manager.PeerScore(1), Is.EqualTo(12), "retained for 10 min");
        h.AdvanceSeconds(1);
        Assert.That(h.Manager.PeerScore(1), Is.Zero, "retention over at 600 s: a read must see it, not wait for the next mutating call");
        Assert.That(h.Manager.GetTagInfo(1)?.Tags ?? new SortedDictionary<string, int>(), Is.Empty);
    }

    [Test]
    public void PeerScore_SeesADecayBoundaryPassedWhileIdle()
    {
        var h = new Harness(Profile.Default);
        h.Connect(1);
        h.Manager.TagPeerDecaying(1, "d", 3, TimeSpan.FromSeconds(10), DecayFunction.Fixed(3));
        h.AdvanceSeconds(9.999);
        Assert.That(h.Manager.PeerScore(1), Is.EqualTo(3 + 0));
        h.AdvanceSeconds(0.001);
        Assert.That(h.Manager.PeerScore(1), Is.Zero, "the value at now, with no state-changing call in between");
    }
}
