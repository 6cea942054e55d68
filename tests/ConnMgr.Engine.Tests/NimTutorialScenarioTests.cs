namespace ConnMgr.Engine.Tests;

/// <summary>
/// The four scenarios of nim-libp2p's peer-scoring tutorial (low 2, high 3, grace 100 ms, silence 50 ms, decay
/// resolution 50 ms), on the nim profile and the simulator's virtual clock.
/// </summary>
public class NimTutorialScenarioTests
{
    private static Harness NimTutorial() => new(Profile.Nim with
    {
        Limits = new WatermarkPolicy(2, 3, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(50)),
        Decay = Profile.Nim.Decay with { Resolution = TimeSpan.FromMilliseconds(50) },
    });

    [Test]
    public void Scenario1_FourConnections_TrimToTwo()
    {
        var h = NimTutorial();
        h.ConnectMany(1, 3);
        h.Advance(150);
        h.Connect(4);

        Assert.That(h.Manager.ConnectedPeers, Is.EqualTo(2));
        Assert.That(h.Manager.IsConnected(4), Is.True, "the trigger is in its grace period");
    }

    [Test]
    public void Scenario2_ProtectedPeerSurvivesFirstTrim_PrunedOnceUnprotected()
    {
        var h = NimTutorial();
        h.Manager.Protect(1, "important");
        h.ConnectMany(1, 3);
        h.Advance(150);
        h.Connect(4);
        Assert.That(h.ConnectedOf([1, 2, 3, 4]), Is.EqualTo(new[] { 1, 4 }));

        Assert.That(h.Manager.Unprotect(1, "important"), Is.False);
        h.Advance(150);
        h.Connect(5);
        h.Connect(6);

        Assert.That(h.Manager.IsConnected(1), Is.False);
        Assert.That(h.ConnectedOf([1, 2, 3, 4, 5, 6]), Is.EqualTo(new[] { 5, 6 }));
    }

    [Test]
    public void Scenario3_TaggedPeerSurvives_UntaggedGo_TriggerSurvivesOnGrace()
    {
        var h = NimTutorial();
        h.ConnectMany(1, 3);
        h.Manager.TagPeer(1, "valuable", 100);
        h.Advance(150);
        h.Connect(4);

        Assert.That(h.ConnectedOf([1, 2, 3, 4]), Is.EqualTo(new[] { 1, 4 }));
    }

    [Test]
    public void Scenario4_FixedDecayRemovesTag_RetaggedNoneSurvives_BumpAddsToLiveTag()
    {
        var h = NimTutorial();
        h.ConnectMany(1, 3);
        h.Manager.TagPeerDecaying(1, "activity", 100, TimeSpan.FromMilliseconds(50), DecayFunction.Fixed(20));
        var seen = new List<int>();
        for (var tick = 0; tick < 5; tick++)
        {
            h.Advance(50);
            seen.Add(h.Manager.PeerScore(1));
        }

        Assert.That(seen, Is.EqualTo(new[] { 80, 60, 40, 20, 0 }));
        Assert.That(h.Manager.GetTagInfo(1)!.DecayingTags, Does.Not.ContainKey("activity"), "a tag at 0 is removed");
        Assert.That(h.Manager.BumpDecayingTag(1, "activity", 5), Is.False, "a bump does not revive a removed tag");

        h.Manager.TagPeerDecaying(1, "activity", 100, TimeSpan.FromMilliseconds(50), DecayFunction.None());
        h.Advance(500);
        h.Connect(4);
        Assert.That(h.ConnectedOf([1, 2, 3, 4]), Is.EqualTo(new[] { 1, 4 }));

        Assert.That(h.Manager.BumpDecayingTag(1, "activity", 10), Is.True);
        Assert.That(h.Manager.PeerScore(1), Is.EqualTo(110));
    }
}
