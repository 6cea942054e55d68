namespace ConnMgr.Engine.Tests.Parity;

/// <summary>rust-libp2p <c>misc/connection-limits</c> (<c>lib.rs</c> and its tests): admission limits only.</summary>
public class RustParityTests
{
    [Test]
    public void PendingOutboundLimit_DeniesTheNextDial_ItDoesNotQueueIt()
    {
        // lib.rs handle_pending_outbound_connection: check_limit(max_pending_outgoing, pending_outbound + 1) → Denied;
        // test max_outgoing.
        var h = new Harness(Profile.Default with { Caps = new ConnectionCaps { MaxPendingOutbound = 2 } });
        Assert.That(h.Manager.TryBeginDial(1).Accepted, Is.True);
        Assert.That(h.Manager.TryBeginDial(2).Accepted, Is.True);
        Assert.That(h.Manager.TryBeginDial(3).Reason, Is.EqualTo(RejectReason.PendingOutboundLimit));
        h.Connect(1, Direction.Outbound);
        h.Manager.ReportDialFailure(2);
        Assert.That(h.Manager.PendingOutbound, Is.Zero);
        Assert.That(h.Manager.TryBeginDial(3).Accepted, Is.True);
    }

    [Test]
    public void BypassedPeer_SkipsEveryLimit()
    {
        // lib.rs Behaviour::bypass_peer_id: connections to bypassed peers are not checked against the limits.
        var h = new Harness(Profile.Default with { Caps = new ConnectionCaps { MaxInbound = 1, MaxPerPeer = 1, MaxPendingOutbound = 0 } });
        h.Connect(1);
        Assert.That(h.Connect(2).Reason, Is.EqualTo(RejectReason.InboundCap));
        h.Manager.BypassLimits(2);
        Assert.That(h.Connect(2, connectionId: 1).Accepted, Is.True);
        Assert.That(h.Connect(2, connectionId: 2).Accepted, Is.True, "the per-peer limit is bypassed too");
        Assert.That(h.Manager.TryBeginDial(2).Accepted, Is.True);
        Assert.That(h.Manager.RemoveBypass(2), Is.True);
        Assert.That(h.Connect(2, connectionId: 3).Accepted, Is.False);
    }

    [Test]
    public void ZeroLimit_DeniesAll_WhileNullMeansNoCap()
    {
        // lib.rs ConnectionLimits: Option<u32>; Some(0) denies every connection, None is unlimited.
        var none = new Harness(Profile.Default with { Caps = new ConnectionCaps { MaxOutbound = null } });
        Assert.That(none.Connect(1, Direction.Outbound).Accepted, Is.True);
        var zero = new Harness(Profile.Default with { Caps = new ConnectionCaps { MaxOutbound = 0, MaxPendingOutbound = 0 } });
        Assert.That(zero.Connect(1, Direction.Outbound).Reason, Is.EqualTo(RejectReason.OutboundCap));
        Assert.That(zero.Manager.TryBeginDial(1).Reason, Is.EqualTo(RejectReason.PendingOutboundLimit));
        Assert.That(zero.Connect(2, Direction.Inbound).Accepted, Is.True, "other directions are not capped");
    }
}
