namespace ConnMgr.Engine.Tests;

public class ScoringTests
{
    [Test]
    public void Score_SumsStaticTagsTimesWeightsPlusOutboundBonus()
    {
        var h = new Harness(Profile.Default with { OutboundBonus = 7 });
        h.Connect(1, Direction.Outbound);
        h.Manager.TagPeer(1, "a", 10);
        h.Manager.TagPeer(1, "b", 3);
        h.Manager.SetTagWeight("b", 4);
        Assert.That(h.Manager.PeerScore(1), Is.EqualTo(10 + (3 * 4) + 7));
    }

    [Test]
    public void Score_InboundPeer_GetsNoDirectionBonus()
    {
        var h = new Harness(Profile.Default);
        h.Connect(1, Direction.Inbound);
        h.Connect(2, Direction.Outbound);
        Assert.That(h.Manager.PeerScore(2) - h.Manager.PeerScore(1), Is.EqualTo(Profile.Default.OutboundBonus));
        Assert.That(Profile.Default.OutboundBonus, Is.GreaterThan(0));
    }

    [Test]
    public void UpsertTag_AppliesFunctionToCurrentValueOrZero()
    {
        var h = new Harness(Profile.Default);
        h.Connect(1);
        h.Manager.UpsertTag(1, "u", v => v + 5);
        h.Manager.UpsertTag(1, "u", v => v * 3);
        Assert.That(h.Manager.GetTagInfo(1)!.Tags["u"], Is.EqualTo(15));
    }

    [Test]
    public void UntagPeer_RemovesOnlyThatTag()
    {
        var h = new Harness(Profile.Default);
        h.Connect(1);
        h.Manager.TagPeer(1, "a", 1);
        h.Manager.TagPeer(1, "b", 2);
        h.Manager.UntagPeer(1, "a");
        Assert.That(h.Manager.GetTagInfo(1)!.Tags.Keys, Is.EqualTo(new[] { "b" }));
    }

    [Test]
    public void GetTagInfo_ReportsTagsDecayingTagsProtectionAndConnections()
    {
        var h = new Harness(Profile.Default);
        h.Connect(1, connectionId: 1);
        h.Connect(1, connectionId: 2);
        h.Manager.TagPeer(1, "s", 4);
        h.Manager.TagPeerDecaying(1, "d", 9, TimeSpan.FromMinutes(1), DecayFunction.None());
        h.Manager.Protect(1, "p");

        var info = h.Manager.GetTagInfo(1)!;
        Assert.That(info.Tags["s"], Is.EqualTo(4));
        Assert.That(info.DecayingTags["d"], Is.EqualTo(9));
        Assert.That(info.ProtectionTags, Is.EqualTo(new[] { "p" }));
        Assert.That(info.Connections, Is.EqualTo(2));
        Assert.That(info.Score, Is.EqualTo(13));
        Assert.That(info.FirstSeen, Is.EqualTo(h.Clock.Start));
    }

    [Test]
    public void ReconnectWithinRetention_KeepsTags()
    {
        var h = new Harness(Profile.Default with { TagRetention = TimeSpan.FromMinutes(5) });
        h.Connect(1);
        h.Manager.TagPeer(1, "t", 42);
        h.Manager.Disconnected(1);
        h.AdvanceSeconds(200);
        h.Connect(1);
        Assert.That(h.Manager.PeerScore(1), Is.EqualTo(42));
    }

    [Test]
    public void ReconnectAfterRetention_StartsFresh()
    {
        var h = new Harness(Profile.Default with { TagRetention = TimeSpan.FromMinutes(5) });
        h.Connect(1);
        h.Manager.TagPeer(1, "t", 42);
        h.Manager.Disconnected(1);
        h.AdvanceSeconds(301);
        h.Connect(1);
        Assert.That(h.Manager.PeerScore(1), Is.Zero);
    }

    [Test]
    public void DisconnectedEntries_AreReapedAfterRetention_SoMemoryIsBounded()
    {
        var h = new Harness(Profile.Default with { TagRetention = TimeSpan.FromMinutes(1) });
        for (var p = 0; p < 1000; p++)
        {
            h.Connect(p);
            h.Manager.TagPeer(p, "t", 1);
            h.Manager.Disconnected(p);
        }

        Assert.That(h.Manager.TrackedPeers, Is.EqualTo(1000));
        h.AdvanceSeconds(61);
        h.Connect(5000);
        Assert.That(h.Manager.TrackedPeers, Is.EqualTo(1));
    }

    [Test]
    public void UnknownPeers_OperationsAreNoOps()
    {
        var h = new Harness(Profile.Default);
        Assert.Multiple(() =>
        {
            Assert.DoesNotThrow(() => h.Manager.Disconnected(99));
            Assert.DoesNotThrow(() => h.Manager.UntagPeer(99, "x"));
            Assert.That(h.Manager.PeerScore(99), Is.Zero);
            Assert.That(h.Manager.GetTagInfo(99), Is.Null);
            Assert.That(h.Manager.Unprotect(99, "x"), Is.False);
            Assert.That(h.Manager.RemoveDecayingTag(99, "x"), Is.False);
            Assert.That(h.Manager.BumpDecayingTag(99, "x", 1), Is.False);
            Assert.That(h.Manager.IsProtected(99), Is.False);
            Assert.That(h.Manager.CanDial(99), Is.True);
        });
        Assert.That(h.Manager.TrackedPeers, Is.Zero);
    }
}
