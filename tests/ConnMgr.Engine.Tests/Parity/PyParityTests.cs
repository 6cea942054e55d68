using ConnMgr.Engine.Events;
using ConnMgr.Engine.Gating;

namespace ConnMgr.Engine.Tests.Parity;

/// <summary>
/// py-libp2p <c>libp2p/network</c> behaviour under <see cref="Profile.Py"/>, as shared/spec/anchor-semantics.md and
/// issue 12 record it; constants from py's connection-manager config (MIN_CONNECTIONS 50, LOW_WATERMARK 100 "start
/// auto-connecting when below this", MAX_CONNECTIONS 300).
/// </summary>
public class PyParityTests
{
    [TestCase("/ip4/1.2.3.4/tcp/4001/p2p/QmRelay/p2p-circuit")]
    [TestCase("bootstrap.libp2p.io")]
    public void NonIpSources_AreAllowedWithoutAnAllowList_AndRefusedWithOne(string source)
    {
        // Issue 12: an address without an IP (relay circuit, DNS name) cannot match a CIDR; with an allow list
        // configured py refuses it, without one it is allowed.
        var open = new Harness(Profile.Py with { Gate = new GateOptions { AllowMode = AllowListMode.Exclusive } });
        Assert.That(open.Manager.AllowInbound(source).Accepted, Is.True);

        var listed = new Harness(Profile.Py with { Gate = new GateOptions { AllowMode = AllowListMode.Exclusive, Allow = ["10.0.0.0/8"] } });
        Assert.That(listed.Manager.AllowInbound(source).Reason, Is.EqualTo(RejectReason.NotAnIpSource));
        Assert.That(listed.Manager.AllowInbound("10.1.2.3").Accepted, Is.True, "an IP source is still checked as an IP");
        Assert.That(listed.Manager.AllowInbound("11.1.2.3").Reason, Is.EqualTo(RejectReason.NotAllowListed));
    }

    [Test]
    public void MinMaxBounds_AreValidatedAsPyDoes_MinLowHighMax()
    {
        // anchor-semantics: "config validation min ≤ low ≤ high ≤ max".
        var limits = new WatermarkPolicy(100, 200, TimeSpan.Zero, TimeSpan.Zero);
        Assert.DoesNotThrow(() => _ = new ConnectionManager<int>(Profile.Py with { Limits = limits, Bounds = new ConnectionBounds(50, 300) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ConnectionManager<int>(Profile.Py with { Limits = limits, Bounds = new ConnectionBounds(150, 300) }));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ConnectionManager<int>(Profile.Py with { Limits = limits, Bounds = new ConnectionBounds(50, 150) }));
        Assert.That(e!.Message, Does.Contain("min <= low <= high <= max"));
    }

    [Test]
    public void MaxConnections_IsAHardTotalCap_AndMinConnectionsAFloorNoTrimCrosses()
    {
        var h = new Harness(Profile.Py with { Limits = new WatermarkPolicy(1, 3, TimeSpan.Zero, TimeSpan.Zero), Bounds = new ConnectionBounds(1, 4), AutoConnect = Dialing.AutoConnectOptions.Off });
        h.ConnectMany(1, 3, Direction.Outbound);
        h.Manager.TagPeer(1, "v", 1);
        Assert.That(h.Manager.ForceTrim().After, Is.EqualTo(1), "the emergency trim stops at the floor");
        h.ConnectMany(10, 3, Direction.Outbound);
        Assert.That(h.Connect(20, Direction.Outbound).Accepted, Is.True);
        Assert.That(h.Manager.Count, Is.LessThanOrEqualTo(4));
        var bounded = new Harness(Profile.Py with { Limits = new WatermarkPolicy(2, 2, TimeSpan.FromHours(1), TimeSpan.Zero), Bounds = new ConnectionBounds(0, 2) });
        bounded.ConnectMany(1, 2);
        Assert.That(bounded.Connect(3).Reason, Is.EqualTo(RejectReason.TotalCap), "in grace nothing can be trimmed: max rejects");
    }

    [Test]
    public void InboundCap_Is300()
    {
        // py MAX_CONNECTIONS = 300, enforced on inbound connections by the swarm.
        Assert.That(Profile.Py.Caps.MaxInbound, Is.EqualTo(300));
        Assert.That(Profile.Py.Bounds, Is.EqualTo(new ConnectionBounds(50, 300)));
    }

    [Test]
    public void AutoConnector_DialsBelowLowWater_AndCoolsDownFailedPeers()
    {
        // py: "start auto-connecting when below" the low watermark; js constants it mirrors: interval 5 s, a failed
        // peer is retried after 60 s (AUTO_DIAL_PEER_RETRY_THRESHOLD).
        var h = new Harness(Profile.Py with { Limits = new WatermarkPolicy(3, 6, TimeSpan.Zero, TimeSpan.Zero), Bounds = null });
        h.Connect(1, Direction.Outbound);
        foreach (var p in new[] { 1, 2, 3, 4 })
        {
            h.Manager.AddDialCandidate(p);
        }

        h.Advance(1);
        Assert.That(h.Events.AutoDials.Select(d => d.Peer), Is.EqualTo(new[] { 2, 3 }), "deficit 2, the connected candidate skipped");
        h.Manager.ReportDialFailure(2);
        h.Connect(3, Direction.Outbound);
        h.AdvanceSeconds(5);
        Assert.That(h.Events.AutoDials.Skip(2).Select(d => d.Peer), Is.EqualTo(new[] { 4 }), "peer 2 cools down; deficit 1");
        h.AdvanceSeconds(60);
        Assert.That(h.Events.AutoDials.Select(d => d.Peer).ToList(), Does.Contain(2).And.Count.GreaterThan(3), "after its cooldown it is dialed again");
        h.Connect(4, Direction.Outbound);
        var before = h.Events.AutoDials.Count;
        h.AdvanceSeconds(60);
        Assert.That(h.Events.AutoDials, Has.Count.EqualTo(before), "at LowWater nothing is dialed");
    }

    [Test]
    public void PerPeerClose_IsReportedWithItsOwnReason_NotAsATrim()
    {
        // py: the per-peer limit closes the oldest connection; that close is not a watermark trim.
        var h = new Harness(Profile.Py);
        for (var c = 1; c <= 4; c++)
        {
            h.Connect(1, Direction.Inbound, connectionId: c);
            h.Advance(10);
        }

        Assert.That(h.Events.Pruned.Single(), Is.EqualTo((1, 1L, 0, PruneReason.PerPeerLimit)));
        Assert.That(h.Manager.Metrics.Trims, Is.Zero);
    }
}
