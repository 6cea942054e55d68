using System.Runtime.CompilerServices;
using ConnMgr.Engine.Internal;

namespace ConnMgr.Engine.Tests;

/// <summary>
/// Memory layout: <see cref="ConnectionManagerOptions.ExpectedPeers"/> sizes the tables without changing behaviour,
/// and a peer slot stays 40 bytes (a million engines hold ~80 million of them).
/// </summary>
public class ExpectedPeersTests
{
    [Test]
    public void PeerSlot_WithAnIntKey_Is40Bytes() => Assert.That(Unsafe.SizeOf<PeerSlot<int>>(), Is.EqualTo(40));

    [Test]
    public void DecayingTagsAndProtections_WorkOnPeersCreatedBeforeAndAfterTheirFirstUse()
    {
        // The list heads live in a side array created at first use: slots that existed before it, and slots grown
        // after it, must both start empty.
        var h = new Harness(Harness.Watermarks(low: 2, high: 40));
        h.ConnectMany(0, 6);
        h.Manager.Protect(3, "keep");
        h.ConnectMany(6, 20);
        h.Manager.Protect(20, "keep");
        Assert.That(Enumerable.Range(0, 26).Where(p => h.Manager.IsProtected(p)), Is.EqualTo(new[] { 3, 20 }));
        h.Manager.TagPeerDecaying(25, "d", 5, TimeSpan.FromSeconds(1), DecayFunction.None());
        Assert.That(h.Manager.GetTagInfo(25)!.DecayingTags, Is.EqualTo(new Dictionary<string, int> { ["d"] = 5 }));
        Assert.That(h.Manager.GetTagInfo(24)!.DecayingTags, Is.Empty);
        h.Manager.TrimOpenConns();
        Assert.That(Enumerable.Range(0, 26).Where(h.Manager.IsConnected), Is.EqualTo(new[] { 3, 20 }), "a trim to 2 keeps exactly the protected peers");
    }

    [TestCase(1)]
    [TestCase(8)]
    [TestCase(200)]
    public void PresizedTables_BehaveExactlyLikeGrowingOnes(int expectedPeers)
    {
        var options = Harness.Watermarks(low: 10, high: 20, graceMs: 50, silenceMs: 10);
        var growing = new Harness(options);
        var presized = new Harness(options with { ExpectedPeers = expectedPeers });
        var rng = new Random(17);
        for (var step = 0; step < 3_000; step++)
        {
            // 60 peers, so the tables outgrow a small reservation and shrink back through disconnects and reaping.
            var peer = rng.Next(60);
            var op = rng.Next(4);
            growing.RandomStep(op, peer, step);
            presized.RandomStep(op, peer, step);
        }

        Assert.That(presized.Events.Log, Is.EqualTo(growing.Events.Log));
        Assert.That(presized.Events.Pruned, Is.EqualTo(growing.Events.Pruned));
        Assert.That(presized.Manager.Count, Is.EqualTo(growing.Manager.Count));
        Assert.That(growing.Events.Pruned, Is.Not.Empty, "the sequence must make the managers trim");
    }

    [Test]
    public void NegativeExpectedPeers_IsRejectedByName()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => (Profile.Default with { ExpectedPeers = -1 }).Validate());
        Assert.That(ex!.Message, Does.Contain(nameof(ConnectionManagerOptions.ExpectedPeers)));
    }
}
