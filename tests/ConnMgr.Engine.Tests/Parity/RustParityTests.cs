namespace ConnMgr.Engine.Tests.Parity;

/// <summary>
/// rust-libp2p <c>misc/connection-limits/src/lib.rs</c>: admission limits only (pending and established, in, out,
/// total, per peer; deny when count ≥ limit), with a per-peer bypass; it never trims.
/// </summary>
public class RustParityTests
{
    [Test]
    public void PendingOutboundLimit_DeniesTheNextDial_ItDoesNotQueueIt()
    {
        // lib.rs handle_pending_outbound_connection: check_limit(max_pending_outgoing, pending) → ConnectionDenied;
        // test max_outgoing (dial number limit + 1 fails with DialError::Denied, limit dials stay pending).
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
        // The per-peer bypass of newer connection-limits versions (anchor-semantics: "with a per-peer bypass"):
        // connections to a bypassed peer are not checked against the limits.
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
        // lib.rs check_limit: limit.unwrap_or(u32::MAX), denied when current >= limit — so Some(0) denies every
        // connection of that kind and None is unlimited.
        var none = new Harness(Profile.Default with { Caps = new ConnectionCaps { MaxOutbound = null } });
        Assert.That(none.Connect(1, Direction.Outbound).Accepted, Is.True);
        var zero = new Harness(Profile.Default with { Caps = new ConnectionCaps { MaxOutbound = 0, MaxPendingOutbound = 0 } });
        Assert.That(zero.Connect(1, Direction.Outbound).Reason, Is.EqualTo(RejectReason.OutboundCap));
        Assert.That(zero.Manager.TryBeginDial(1).Reason, Is.EqualTo(RejectReason.PendingOutboundLimit));
        Assert.That(zero.Connect(2, Direction.Inbound).Accepted, Is.True, "other directions are not capped");
    }
}
