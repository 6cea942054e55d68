using ConnMgr.Engine.Events;
using ConnMgr.Engine.Gating;
using ConnMgr.Engine.Internal;
using ConnMgr.Engine.Limits;
using ConnMgr.Engine.Trimming;

namespace ConnMgr.Engine;

public sealed partial class ConnectionManager<TPeer>
{
    /// <summary>
    /// Records an open connection. A connection id already tracked for the peer is ignored (accepted). Caps and a
    /// <see cref="LimitAction.RejectInbound"/> maximum may reject it: the host must then close it. May run a trim.
    /// </summary>
    /// <param name="peer">The remote peer.</param>
    /// <param name="direction">Who dialed.</param>
    /// <param name="connectionId">The host's id for this connection, unique per peer; hosts with one connection per peer may leave 0.</param>
    /// <param name="flags">Transient and allow-listed markers.</param>
    public ConnectDecision Connected(TPeer peer, Direction direction, long connectionId = 0, ConnectionFlags flags = ConnectionFlags.None)
    {
        ConnectDecision decision;
        using var call = LockRaising();
        decision = ConnectedLocked(peer, direction, connectionId, flags, NowTicks());
        return decision;
    }

    /// <summary>Records a closed connection; unknown peers or connection ids are ignored (e.g. ones the manager pruned).</summary>
    public void Disconnected(TPeer peer, long connectionId = 0)
    {
        using var call = LockRaising();
        var now = NowTicks();
        var s = Find(peer);
        if (s < 0)
        {
            return;
        }

        var c = FindConn(s, connectionId);
        if (c < 0)
        {
            return;
        }

        RemoveConnection(s, c, DisconnectReason.Host, now);
        Reap(now);
        RearmTimer(now);
    }

    /// <summary>True when the peer has at least one open connection.</summary>
    public bool IsConnected(TPeer peer)
    {
        using var call = Lock();
        var s = _index.Find(peer, _slots); // a backoff record is never connected
        return s >= 0 && _slots[s].Connections > 0;
    }

    /// <summary>
    /// Copies every open connection (peer, connection id) into <paramref name="into"/> after clearing it; peers in
    /// slot order. Allocation-free once the list has grown. For hosts that must close everything (shutdown, churn).
    /// </summary>
    public void CopyConnections(List<(TPeer Peer, long ConnectionId)> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        into.Clear();
        using var call = Lock();
        for (var s = 0; s < _slotCount; s++)
        {
            for (var c = _slots[s].ConnHead; c >= 0 && (_slots[s].Flags & PeerFlags.InUse) != 0; c = _conns.Items[c].Next)
            {
                into.Add((_slots[s].Key, _conns.Items[c].Id));
            }
        }
    }

    private ConnectDecision ConnectedLocked(TPeer peer, Direction direction, long connectionId, ConnectionFlags flags, long now)
    {
        Reap(now);
        var s = Find(peer);
        if (s >= 0 && FindConn(s, connectionId) >= 0)
        {
            return ConnectDecision.Accept;
        }

        if (direction == Direction.Inbound)
        {
            _gate?.ReleasePending();
        }

        if (direction == Direction.Outbound)
        {
            EndDialLocked();
            DialSucceeded();
        }

        var allowListed = (flags & ConnectionFlags.AllowListed) != 0;
        var closeOldest = false;
        var reason = allowListed || IsBypassed(peer) ? RejectReason.None : CapReason(direction, s);
        if (direction == Direction.Inbound)
        {
            reason = AdmitNewcomer(peer, reason, s);
        }

        if (reason == RejectReason.PerPeerLimit && TryConsumeExpectation(peer, direction))
        {
            reason = RejectReason.None;
        }
        else if (reason == RejectReason.PerPeerLimit && Options.Caps.PerPeerAction == PerPeerLimitAction.CloseOldest)
        {
            reason = RejectReason.None;
            closeOldest = true;
        }

        if (reason != RejectReason.None)
        {
            OnRejected(peer, reason, direction, now, gate: false);
            RearmTimer(now);
            return ConnectDecision.Reject(reason);
        }

        if (s < 0)
        {
            s = CreateSlot(peer, now);
        }

        ref var p = ref _slots[s];
        var c = _conns.Alloc();
        ref var node = ref _conns.Items[c];
        node.Id = connectionId;
        node.OpenedAt = now;
        node.Direction = direction;
        node.Transient = (flags & ConnectionFlags.Transient) != 0;
        node.Next = p.ConnHead;
        p.ConnHead = c;

        var joined = p.Connections == 0;
        if (joined)
        {
            p.SessionStart = now;
            p.Generation++;
            p.Flags &= ~PeerFlags.Temporary;
            _counts.ConnectedPeers++;
            if (Options.Count == CountUnit.Peers)
            {
                AddSubsystemCount(p.Subsystem, 1);
            }

            if (node.Transient)
            {
                SetTransient(ref p, true);
            }

            KeepAliveConnected(s);
        }
        else if (!node.Transient)
        {
            SetTransient(ref p, false);
        }

        if (allowListed)
        {
            p.Flags |= PeerFlags.AllowListed;
        }

        if (direction == Direction.Inbound)
        {
            p.Inbound++;
            _counts.Inbound++;
            CountPrefix(s, 1);
        }
        else
        {
            p.Outbound++;
            _counts.Outbound++;
        }

        _counts.Connections++;
        if (Options.Count == CountUnit.Connections)
        {
            AddSubsystemCount(p.Subsystem, 1);
        }

        _metrics.Connected++;
        RememberPeer(peer);
        Emit(EventKind.Connected, peer, connectionId, direction: direction);
        if (joined && Options.RaisePeerEvents)
        {
            Emit(EventKind.PeerJoined, peer, direction: direction); // nim: Connected, then Joined
        }

        if (closeOldest)
        {
            var oldest = OldestConn(s, exclude: c);
            var score = ScoreOf(s, now);
            Emit(EventKind.Pruned, peer, _conns.Items[oldest].Id, score, (int)PruneReason.PerPeerLimit);
            RemoveConnection(s, oldest, DisconnectReason.PerPeerLimit, now);
        }

        AfterConnect(now);
        RearmTimer(now);
        return ConnectDecision.Accept;
    }

    private int FindConn(int s, long connectionId)
    {
        for (var c = _slots[s].ConnHead; c >= 0; c = _conns.Items[c].Next)
        {
            if (_conns.Items[c].Id == connectionId)
            {
                return c;
            }
        }

        return -1;
    }

    private int OldestConn(int s, int exclude)
    {
        var best = -1;
        for (var c = _slots[s].ConnHead; c >= 0; c = _conns.Items[c].Next)
        {
            if (c != exclude && (best < 0 || _conns.Items[c].OpenedAt <= _conns.Items[best].OpenedAt))
            {
                best = c;
            }
        }

        return best;
    }

    /// <summary>Unlinks one connection and updates every count; handles the peer's last connection.</summary>
    private void RemoveConnection(int s, int c, DisconnectReason reason, long now)
    {
        ref var p = ref _slots[s];
        ref var node = ref _conns.Items[c];
        var id = node.Id;
        if (node.Direction == Direction.Inbound)
        {
            p.Inbound--;
            _counts.Inbound--;
            CountPrefix(s, -1);
        }
        else
        {
            p.Outbound--;
            _counts.Outbound--;
        }

        _counts.Connections--;
        FlowClosed(now);
        if (Options.Count == CountUnit.Connections)
        {
            AddSubsystemCount(p.Subsystem, -1);
        }

        _conns.Unlink(ref p.ConnHead, c);
        _metrics.Disconnected++;
        _metrics.PrunedConnections += reason == DisconnectReason.Host ? 0 : 1;
        if (p.Connections == 0 && Options.RaisePeerEvents)
        {
            Emit(EventKind.PeerLeft, p.Key); // nim: Left, then the last Disconnected
        }

        Emit(EventKind.Disconnected, p.Key, id, reason: (int)reason);
        if (p.Connections == 0)
        {
            PeerLeft(s, now, pruned: reason == DisconnectReason.Pruned);
        }
    }

    /// <summary>The peer's last connection closed: counts, backoff, retention, keep-alive redial.</summary>
    private void PeerLeft(int s, long now, bool pruned)
    {
        ref var p = ref _slots[s];
        _counts.ConnectedPeers--;
        if (Options.Count == CountUnit.Peers)
        {
            AddSubsystemCount(p.Subsystem, -1);
        }

        SetTransient(ref p, false);
        p.Flags &= ~PeerFlags.AllowListed;
        p.Generation++;
        p.SessionStart = now;
        if (pruned)
        {
            p.PruneCount = (byte)Math.Min(byte.MaxValue, p.PruneCount + 1);
            p.DialAllowedAt = now + Options.PruneBackoff.Delay(p.PruneCount, Options.PruneBackoff.Jitter > 0 ? Rng : null).Ticks;
            _metrics.PrunedPeers++;
        }

        if (!Options.ProtectionSurvivesDisconnect)
        {
            ClearProtection(s, keepKeepAlive: true);
        }

        if (_limits.RetentionTicks == 0)
        {
            ClearTags(s);
        }

        KeepAliveDisconnected(s, now);
        ScheduleReap(s, now);
        if (_auto is not null)
        {
            ScheduleAutoConnect(now);
        }
    }

}
