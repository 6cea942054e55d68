namespace ConnMgr.Engine.Tests;

public class DecayingTagTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private static List<int> ValuesAtBoundaries(DecayFunction decay, int start, int ticks, ConnectionManagerOptions? options = null)
    {
        var h = new Harness(options ?? Profile.Default);
        h.Connect(1);
        h.Manager.TagPeerDecaying(1, "d", start, Second, decay);
        var values = new List<int>();
        for (var i = 0; i < ticks; i++)
        {
            h.AdvanceSeconds(1);
            values.Add(h.Manager.GetTagInfo(1)!.DecayingTags.TryGetValue("d", out var v) ? v : 0);
        }

        return values;
    }

    [Test]
    public void Linear_HalvesAndRoundsDown_RemovedAtTenthTick()
    {
        Assert.That(ValuesAtBoundaries(DecayFunction.Linear(0.5), 1000, 11), Is.EqualTo(new[] { 500, 250, 125, 62, 31, 15, 7, 3, 1, 0, 0 }));
    }

    [Test]
    public void Fixed_SubtractsEachInterval()
    {
        Assert.That(ValuesAtBoundaries(DecayFunction.Fixed(20), 100, 6), Is.EqualTo(new[] { 80, 60, 40, 20, 0, 0 }));
    }

    [Test]
    public void None_KeepsValue()
    {
        Assert.That(ValuesAtBoundaries(DecayFunction.None(), 7, 3), Is.EqualTo(new[] { 7, 7, 7 }));
    }

    [Test]
    public void HalfLife_HalvesEveryHalfLife()
    {
        Assert.That(ValuesAtBoundaries(DecayFunction.HalfLife(TimeSpan.FromSeconds(2)), 1000, 4), Is.EqualTo(new[] { 707, 499, 352, 248 }));
    }

    [Test]
    public void Custom_IsAppliedAtEachBoundary()
    {
        Assert.That(ValuesAtBoundaries(DecayFunction.Custom(v => v - 3), 10, 4), Is.EqualTo(new[] { 7, 4, 1, 0 }));
    }

    [Test]
    public void ExpireWhenInactive_RemovesTagAfterInactivity_AndBumpsKeepItAlive()
    {
        var h = new Harness(Profile.Default);
        h.Connect(1);
        h.Manager.TagPeerDecaying(1, "d", 50, Second, DecayFunction.ExpireWhenInactive(TimeSpan.FromSeconds(3)));
        h.AdvanceSeconds(2);
        Assert.That(h.Manager.BumpDecayingTag(1, "d", 1), Is.True);
        h.AdvanceSeconds(2.5);
        Assert.That(h.Manager.PeerScore(1), Is.EqualTo(51), "bumped 2.5 s ago: still alive");
        h.AdvanceSeconds(1);
        Assert.That(h.Manager.PeerScore(1), Is.Zero);
        Assert.That(h.Manager.GetTagInfo(1)!.DecayingTags, Is.Empty, "the tag is removed, not just zeroed");
    }

    [Test]
    public void Bumps_SumUnbounded_SumBounded_Overwrite()
    {
        var h = new Harness(Profile.Default);
        h.Connect(1);
        h.Manager.TagPeerDecaying(1, "sum", 5, Second, DecayFunction.None(), BumpFunction.SumUnbounded());
        h.Manager.TagPeerDecaying(1, "bounded", 5, Second, DecayFunction.None(), BumpFunction.SumBounded(0, 15));
        h.Manager.TagPeerDecaying(1, "over", 5, Second, DecayFunction.None(), BumpFunction.Overwrite());
        h.Manager.BumpDecayingTag(1, "sum", 100);
        h.Manager.BumpDecayingTag(1, "bounded", 100);
        h.Manager.BumpDecayingTag(1, "over", 3);

        var tags = h.Manager.GetTagInfo(1)!.DecayingTags;
        Assert.That(tags["sum"], Is.EqualTo(105));
        Assert.That(tags["bounded"], Is.EqualTo(15));
        Assert.That(tags["over"], Is.EqualTo(3));
    }

    [Test]
    public void BumpToZero_RemovesTag_AndLaterBumpIsNoOp()
    {
        var h = new Harness(Profile.Default);
        h.Connect(1);
        h.Manager.TagPeerDecaying(1, "d", 5, Second, DecayFunction.None());
        Assert.That(h.Manager.BumpDecayingTag(1, "d", -5), Is.False);
        Assert.That(h.Manager.BumpDecayingTag(1, "d", 10), Is.False);
        Assert.That(h.Manager.PeerScore(1), Is.Zero);
    }

    [Test]
    public void BumpCreatesTag_WhenEnabled_ClampsFirstBump()
    {
        var h = new Harness(Profile.Default with { Decay = new DecayOptions { BumpCreatesTag = true } });
        h.Connect(1);
        h.Manager.RegisterDecayingTag("d", Second, DecayFunction.None(), BumpFunction.SumBounded(10, 20));
        Assert.That(h.Manager.BumpDecayingTag(1, "d", 5), Is.True);
        Assert.That(h.Manager.PeerScore(1), Is.EqualTo(10), "go: bumping 5 into an absent tag with min 10 gives 10");
    }

    [Test]
    public void RemoveDecayingTag_RemovesIt()
    {
        var h = new Harness(Profile.Default);
        h.Connect(1);
        h.Manager.TagPeerDecaying(1, "d", 5, Second, DecayFunction.None());
        Assert.That(h.Manager.RemoveDecayingTag(1, "d"), Is.True);
        Assert.That(h.Manager.RemoveDecayingTag(1, "d"), Is.False);
    }

    [Test]
    public void DecayDisabled_ValuesStay()
    {
        var options = Profile.Default with { Decay = new DecayOptions { Enabled = false } };
        Assert.That(ValuesAtBoundaries(DecayFunction.Fixed(20), 100, 3, options), Is.EqualTo(new[] { 100, 100, 100 }));
    }

    [Test]
    public void LongIdleRead_OfPureFixedPoint_IsConstantWork()
    {
        var h = new Harness(Profile.Default);
        h.Connect(1);
        h.Manager.TagPeerDecaying(1, "d", 5, TimeSpan.FromMilliseconds(1), DecayFunction.Linear(1.0));
        h.AdvanceSeconds(86_400 * 365);
        Assert.That(h.Manager.PeerScore(1), Is.EqualTo(5));
    }

    [Test]
    public void DecayingTags_AreInvalidAtConstruction_WithBadCoefficient()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => DecayFunction.Linear(1.5));
        Assert.That(ex!.ParamName, Is.EqualTo("coef"));
        Assert.That(ex.Message, Does.Contain("(0, 1]"));
    }
}
