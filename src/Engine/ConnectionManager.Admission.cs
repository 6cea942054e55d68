using System.Net;
using ConnMgr.Engine.Gating;
using ConnMgr.Engine.Internal;
using ConnMgr.Engine.Limits;
using ConnMgr.Engine.Trimming;

namespace ConnMgr.Engine;

public sealed partial class ConnectionManager<TPeer>
{
    private HashSet<TPeer>? _bypass;
    private int _pendingOutbound;

    /// <summary>
    /// Admission check for an inbound attempt from <paramref name="remote"/>, in js-libp2p's order: deny list →
    /// allow list → pending inbound cap → per-source rate limit → maximum / inbound caps. An accepted attempt counts
    /// as pending until <see cref="Connected"/> (inbound) or <see cref="CancelPendingInbound"/>.
    /// </summary>
    public GateDecision AllowInbound(IPAddress remote) => AllowInbound(CidrRange.ToUInt128(remote));

    /// <summary>As <see cref="AllowInbound(IPAddress)"/>, for an address already mapped with <see cref="CidrRange.ToUInt128"/> (allocation-free).</summary>
    public GateDecision AllowInbound(UInt128 remote)
    {
        using var call = LockRaising();
        var now = NowTicks();
        var bypass = false;
        var reason = _gate?.Check(remote, now, out bypass) ?? RejectReason.None;
        return Admit(reason, bypass, now);
    }

    /// <summary>
    /// As <see cref="AllowInbound(IPAddress)"/> for a source given as text: an IP address is checked as such; a source
    /// that is not one (a relay circuit such as <c>/p2p-circuit</c>, a DNS name) matches no CIDR range, so it is
    /// refused while an exclusive allow list is set and otherwise admitted without a per-source rate limit (py-libp2p,
    /// issue 12: non-IP addresses pass when no allow list is configured).
    /// </summary>
    public GateDecision AllowInbound(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (IPAddress.TryParse(source, out var ip))
        {
            return AllowInbound(ip);
        }

        using var call = LockRaising();
        var reason = _gate?.CheckNotIp() ?? RejectReason.None;
        return Admit(reason, bypass: false, NowTicks());
    }

    /// <summary>Releases a pending inbound slot taken by <see cref="AllowInbound(UInt128)"/> whose connection never completed.</summary>
    public void CancelPendingInbound()
    {
        using var call = Lock();
        _gate?.ReleasePending();
    }

    /// <summary>
    /// Lets one connection from <paramref name="peer"/> in <paramref name="direction"/> through the per-peer limit
    /// (nim-libp2p <c>expectConnection</c>, which waits for a peer known to be connecting back, e.g. after a hole punch).
    /// </summary>
    /// <exception cref="InvalidOperationException">A connection from this peer and direction is already expected (nim's <c>AlreadyExpectingConnectionError</c>).</exception>
    public void ExpectConnection(TPeer peer, Direction direction)
    {
        using var call = Lock();
        _rare.Expected ??= [];
        if (_rare.Expected.Contains((peer, direction)))
        {
            throw new InvalidOperationException($"Already expecting an {direction.ToString().ToLowerInvariant()} connection from peer {peer}.");
        }

        _rare.Expected.Add((peer, direction));
    }

    /// <summary>Withdraws an expectation made by <see cref="ExpectConnection"/> (nim: the waiting future is cancelled).</summary>
    /// <returns>True when it was pending.</returns>
    public bool CancelExpectedConnection(TPeer peer, Direction direction)
    {
        using var call = Lock();
        return _rare.Expected?.Remove((peer, direction)) ?? false;
    }

    /// <summary>The peer skips every admission cap (rust-libp2p <c>connection-limits</c> bypass by peer id). Trims still apply: protect it for that.</summary>
    public void BypassLimits(TPeer peer)
    {
        using var call = Lock();
        (_bypass ??= []).Add(peer);
    }

    /// <summary>Ends a <see cref="BypassLimits"/>.</summary>
    /// <returns>True when the peer was bypassed.</returns>
    public bool RemoveBypass(TPeer peer)
    {
        using var call = Lock();
        return _bypass?.Remove(peer) ?? false;
    }

    /// <summary>
    /// Asks to start an outbound dial: denied (not queued) when <see cref="ConnectionCaps.MaxPendingOutbound"/> dials
    /// are already pending (rust-libp2p). An accepted dial is pending until an outbound <see cref="Connected"/>,
    /// <see cref="ReportDialFailure"/> or <see cref="EndDial"/>.
    /// </summary>
    public ConnectDecision TryBeginDial(TPeer peer)
    {
        using var call = LockRaising();
        if (!IsBypassed(peer) && (ConnectionCaps.Reached(Options.Caps.MaxPendingOutbound, _pendingOutbound) || AtDialWindow()))
        {
            OnRejected(peer, RejectReason.PendingOutboundLimit, Direction.Outbound, NowTicks(), gate: false);
            return ConnectDecision.Reject(RejectReason.PendingOutboundLimit);
        }

        if (!IsBypassed(peer) && AtFlowBudget(NowTicks()))
        {
            OnRejected(peer, RejectReason.FlowBudget, Direction.Outbound, NowTicks(), gate: false);
            return ConnectDecision.Reject(RejectReason.FlowBudget);
        }

        _pendingOutbound++;
        return ConnectDecision.Accept;
    }

    /// <summary>
    /// Ends a pending dial started by <see cref="TryBeginDial"/> that neither connected nor failed (cancelled); under a
    /// flow budget its attempt lingers like a failed dial's.
    /// </summary>
    public void EndDial()
    {
        using var call = Lock();
        EndDialLocked();
        FlowClosed(NowTicks());
    }

    /// <summary>Outbound dials accepted by <see cref="TryBeginDial"/> and not yet ended.</summary>
    public int PendingOutbound => _pendingOutbound;

    /// <summary>The host finished identifying the peer: raises <c>OnPeerIdentified</c> (nim's <c>PeerEventKind.Identified</c>) for a connected peer.</summary>
    public void PeerIdentified(TPeer peer)
    {
        using var call = LockRaising();
        var s = Find(peer);
        if (s >= 0 && _slots[s].Connections > 0)
        {
            Emit(EventKind.PeerIdentified, peer);
        }
    }

    private void EndDialLocked() => _pendingOutbound = Math.Max(0, _pendingOutbound - 1);

    private bool IsBypassed(TPeer peer) => _bypass is { Count: > 0 } && _bypass.Contains(peer);

    private bool TryConsumeExpectation(TPeer peer, Direction direction) => _rare.Expected is { Count: > 0 } && _rare.Expected.Remove((peer, direction));

    /// <summary>After the gate: the caps, then the decision and its event.</summary>
    private GateDecision Admit(RejectReason reason, bool bypass, long now)
    {
        if (reason == RejectReason.None && !bypass)
        {
            // The peer is not known yet: newcomer slots stay open here, Connected decides by identity.
            reason = CapReason(Direction.Inbound, -1, Options.NewcomerSlots);
            if (reason != RejectReason.None)
            {
                _gate?.ReleasePending();
            }
        }

        var decision = new GateDecision(reason == RejectReason.None, reason, bypass);
        if (!decision.Accepted)
        {
            OnRejected(default, reason, Direction.Inbound, now, gate: reason is RejectReason.DenyListed or RejectReason.NotAllowListed or RejectReason.PendingInboundLimit or RejectReason.RateLimited or RejectReason.NotAnIpSource);
        }

        return decision;
    }

    /// <summary>
    /// The cap that rejects a new connection, or None. <paramref name="slot"/> is -1 for an unknown peer;
    /// <paramref name="slack"/> raises the hard inbound limits (newcomer slots).
    /// </summary>
    private RejectReason CapReason(Direction direction, int slot, int slack = 0)
    {
        var caps = Options.Caps;
        var inboundSlack = direction == Direction.Inbound ? slack : 0;
        if (_limits.MaxMode && direction == Direction.Inbound && ((MaxConnectionsPolicy)Options.Limits).OnLimit == LimitAction.RejectInbound && Count >= _limits.Max + slack)
        {
            return RejectReason.MaxConnections;
        }

        if (direction == Direction.Inbound && ConnectionCaps.Reached(caps.MaxInbound + slack, _counts.Inbound))
        {
            return RejectReason.InboundCap;
        }

        if (direction == Direction.Outbound && ConnectionCaps.Reached(caps.MaxOutbound, _counts.Outbound))
        {
            return RejectReason.OutboundCap;
        }

        if (ConnectionCaps.Reached(caps.MaxTotal + inboundSlack, _counts.Connections) || ConnectionCaps.Reached(Options.Bounds?.MaxConnections + inboundSlack, _counts.Connections))
        {
            return RejectReason.TotalCap;
        }

        if (direction == Direction.Inbound && slot >= 0 && _prefixes is not null && _extra is not null && _extra[slot].HasAddress &&
            _prefixes.Reached(_extra[slot].Address, caps.MaxInboundPerPrefix16, caps.MaxInboundPerPrefix24))
        {
            return RejectReason.PrefixCap;
        }

        if (slot >= 0 && ConnectionCaps.Reached(caps.MaxPerPeer, _slots[slot].Connections))
        {
            return RejectReason.PerPeerLimit;
        }

        return RejectReason.None;
    }

    private void OnRejected(TPeer? peer, RejectReason reason, Direction direction, long now, bool gate)
    {
        _metrics.Rejected++;
        _metrics.RejectedByGate += gate ? 1 : 0;
        Emit(EventKind.Rejected, peer, reason: (int)reason);
        if (direction == Direction.Inbound && Options.TrimOnRejectedInbound && !gate && reason != RejectReason.PerPeerLimit)
        {
            TriggerTrim(TrimCause.RejectedInbound, now);
        }
    }
}
