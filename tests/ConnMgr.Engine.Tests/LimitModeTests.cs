namespace ConnMgr.Engine.Tests;

public class LimitModeTests
{
    [Test]
    public void WatermarkPolicy_LowAboveHigh_ThrowsNamingLowWater()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new WatermarkPolicy(10, 5, TimeSpan.Zero, TimeSpan.Zero));
        Assert.That(ex!.ParamName, Is.EqualTo("lowWater"));
        Assert.That(ex.Message, Does.Contain("[0, HighWater=5]"));
    }

    [Test]
    public void WatermarkPolicy_NegativeGrace_ThrowsNamingGrace()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new WatermarkPolicy(1, 5, TimeSpan.FromSeconds(-1), TimeSpan.Zero));
        Assert.That(ex!.ParamName, Is.EqualTo("gracePeriod"));
    }

    [Test]
    public void MaxConnectionsPolicy_MaxBelowOne_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new MaxConnectionsPolicy(0));
        Assert.That(ex!.ParamName, Is.EqualTo("max"));
        Assert.That(ex.Message, Does.Contain(">= 1"));
    }

    [Test]
    public void Options_NegativeCap_FailsAtConstructionNamingTheCap()
    {
        var options = Profile.Default with { Caps = new ConnectionCaps { MaxInbound = -1 } };
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ConnectionManager<int>(options));
        Assert.That(ex!.ParamName, Is.EqualTo("Caps.MaxInbound"));
    }

    [Test]
    public void MaxMode_Prune_CountNeverStaysAboveMax()
    {
        var h = new Harness(Profile.Default with { Limits = new MaxConnectionsPolicy(5) });
        for (var p = 0; p < 50; p++)
        {
            h.Connect(p);
            Assert.That(h.Manager.Count, Is.LessThanOrEqualTo(5));
        }

        Assert.That(h.Manager.Metrics.PrunedPeers, Is.EqualTo(45));
    }

    [Test]
    public void MaxMode_RejectInbound_RejectsInboundAtMaxButAcceptsOutboundThenPrunes()
    {
        var h = new Harness(Profile.Default with { Limits = new MaxConnectionsPolicy(3, LimitAction.RejectInbound) });
        h.ConnectMany(0, 3);

        var inbound = h.Connect(10, Direction.Inbound);
        Assert.That(inbound, Is.EqualTo(ConnectDecision.Reject(RejectReason.MaxConnections)));
        Assert.That(h.Manager.IsConnected(10), Is.False);

        var outbound = h.Connect(11, Direction.Outbound);
        Assert.That(outbound.Accepted, Is.True);
        Assert.That(h.Manager.Count, Is.EqualTo(3), "pruning follows the outbound open");
        Assert.That(h.Manager.IsConnected(11), Is.True, "the outbound peer scores above inbound ones");
    }

    [Test]
    public void Caps_InboundAndOutbound_RejectBeyondTheirCap()
    {
        var h = new Harness(Profile.Default with { Caps = new ConnectionCaps { MaxInbound = 2, MaxOutbound = 1 } });
        h.ConnectMany(0, 2);
        Assert.That(h.Connect(2).Reason, Is.EqualTo(RejectReason.InboundCap));
        Assert.That(h.Connect(3, Direction.Outbound).Accepted, Is.True);
        Assert.That(h.Connect(4, Direction.Outbound).Reason, Is.EqualTo(RejectReason.OutboundCap));
        Assert.That(h.Events.Rejections, Is.EqualTo(new[] { RejectReason.InboundCap, RejectReason.OutboundCap }));
    }

    [Test]
    public void PerPeerCap_RejectNew_KeepsExistingConnections()
    {
        var h = new Harness(Profile.Default with { Caps = new ConnectionCaps { MaxPerPeer = 2 } });
        h.Connect(1, connectionId: 1);
        h.Connect(1, connectionId: 2);
        var third = h.Connect(1, connectionId: 3);
        Assert.That(third.Reason, Is.EqualTo(RejectReason.PerPeerLimit));
        Assert.That(h.Manager.Connections, Is.EqualTo(2));
    }

    [Test]
    public void PerPeerCap_CloseOldest_AcceptsNewAndPrunesOldestConnection()
    {
        var h = new Harness(Profile.Default with { Caps = new ConnectionCaps { MaxPerPeer = 2, PerPeerAction = PerPeerLimitAction.CloseOldest } });
        h.Connect(1, connectionId: 1);
        h.Advance(10);
        h.Connect(1, connectionId: 2);
        h.Advance(10);
        Assert.That(h.Connect(1, connectionId: 3).Accepted, Is.True);

        Assert.That(h.Manager.Connections, Is.EqualTo(2));
        Assert.That(h.Events.Pruned.Select(p => p.Connection), Is.EqualTo(new long[] { 1 }));
    }

    [Test]
    public void DuplicateConnected_SameConnectionId_IsIgnored()
    {
        var h = new Harness(Profile.Default);
        h.Connect(1);
        h.Connect(1);
        Assert.That(h.Manager.Connections, Is.EqualTo(1));
        Assert.That(h.Manager.Metrics.Connected, Is.EqualTo(1));
    }
}
