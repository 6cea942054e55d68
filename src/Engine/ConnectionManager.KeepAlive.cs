using ConnMgr.Engine.Internal;
using ConnMgr.Engine.Tags;

namespace ConnMgr.Engine;

public sealed partial class ConnectionManager<TPeer>
{
    private static readonly int KeepAliveTagId = TagRegistry.GetOrAdd("keep-alive");

    private List<KeepAlive>? _keepAlive;

    /// <summary>
    /// Keeps the peer connected: protects it (tag <c>keep-alive</c>) and, whenever it is disconnected, asks the host to
    /// redial through <see cref="Events.IConnectionManagerObserver{TPeer}.OnRedialRequested"/> on the
    /// <see cref="ConnectionManagerOptions.KeepAliveBackoff"/> schedule. A peer not connected now is redialed at once.
    /// </summary>
    public void AddKeepAlive(TPeer peer)
    {
        using var call = LockRaising();
        var now = NowTicks();
        KeepAliveLocked(FindOrCreateEntry(peer), now);
        RearmTimer(now);
    }

    /// <summary>
    /// The host's dial of <paramref name="peer"/> failed. A keep-alive redial then waits its backoff from now, and the
    /// last one fails at once (js-libp2p's reconnect loop: dial, on failure wait, retry); the auto-connector skips the
    /// peer for its cooldown; a pending dial (<see cref="TryBeginDial"/>) ends.
    /// </summary>
    public void ReportDialFailure(TPeer peer)
    {
        using var call = LockRaising();
        var now = NowTicks();
        EndDialLocked();
        FlowClosed(now);
        _auto?.Failed(peer, now);
        var s = Find(peer);
        if (s >= 0 && _keepAlive is not null && (_slots[s].Flags & PeerFlags.KeepAlive) != 0 && _slots[s].Connections == 0)
        {
            var i = KeepAliveIndex(s);
            var k = _keepAlive[i];
            if (k.Attempt >= Options.KeepAliveBackoff.MaxAttempts)
            {
                RequestRedial(i, k.Attempt + 1, now); // past the last attempt: fails now
            }
            else if (k.Attempt > 0)
            {
                _keepAlive[i] = k with { Due = now + Options.KeepAliveBackoff.Delay(k.Attempt, Options.KeepAliveBackoff.Jitter > 0 ? Rng : null).Ticks };
            }
        }

        RearmTimer(now);
    }

    private void KeepAliveLocked(int s, long now)
    {
        ref var p = ref _slots[s];
        if ((p.Flags & PeerFlags.KeepAlive) != 0)
        {
            return;
        }

        p.Flags |= PeerFlags.KeepAlive;
        p.Flags &= ~PeerFlags.Temporary;
        if (Options.KeepAliveProtects)
        {
            AddProtection(s, KeepAliveTagId);
        }

        (_keepAlive ??= []).Add(new KeepAlive(s, 0, Never));
        if (p.Connections == 0)
        {
            KeepAliveDisconnected(s, now);
        }
    }

    /// <summary>Stops keeping the peer alive and removes its <c>keep-alive</c> protection.</summary>
    public void RemoveKeepAlive(TPeer peer)
    {
        using var call = Lock();
        var s = Find(peer);
        if (s >= 0)
        {
            DropKeepAlive(s);
            RearmTimer(NowTicks());
        }
    }

    /// <summary>True unless the manager pruned the peer recently: hosts should not redial it before <see cref="NextDialTime"/>.</summary>
    public bool CanDial(TPeer peer)
    {
        using var call = Lock();
        return DialAllowedAtOf(peer) <= NowTicks();
    }

    /// <summary>The earliest time the host should dial the peer (now, unless it is in prune backoff).</summary>
    public DateTimeOffset NextDialTime(TPeer peer)
    {
        using var call = Lock();
        var now = NowTicks();
        var at = Math.Max(now, DialAllowedAtOf(peer));
        return new DateTimeOffset(at, TimeSpan.Zero);
    }

    private void KeepAliveConnected(int s)
    {
        if (_keepAlive is null || (_slots[s].Flags & PeerFlags.KeepAlive) == 0)
        {
            return;
        }

        var i = KeepAliveIndex(s);
        _keepAlive[i] = new KeepAlive(s, 0, Never);
    }

    private void KeepAliveDisconnected(int s, long now)
    {
        if (_keepAlive is null || (_slots[s].Flags & PeerFlags.KeepAlive) == 0)
        {
            return;
        }

        // Attempt 1 at once; attempt n+1 after Delay(n).
        var i = KeepAliveIndex(s);
        RequestRedial(i, 1, now);
    }

    private void RequestRedial(int i, int attempt, long now)
    {
        var s = _keepAlive![i].Slot;
        var backoff = Options.KeepAliveBackoff;
        if (attempt > backoff.MaxAttempts)
        {
            var key = _slots[s].Key;
            RemoveKeepAliveTags(s);
            DropKeepAlive(s);
            Emit(EventKind.KeepAliveFailed, key);
            return;
        }

        var due = Options.RedialAfterReportedFailure ? Never : now + backoff.Delay(attempt, backoff.Jitter > 0 ? Rng : null).Ticks;
        _keepAlive[i] = new KeepAlive(s, attempt, due);
        _metrics.RedialsRequested++;
        Emit(EventKind.RedialRequested, _slots[s].Key, value: attempt);
    }

    private void DropKeepAlive(int s)
    {
        ref var p = ref _slots[s];
        if ((p.Flags & PeerFlags.KeepAlive) == 0)
        {
            return;
        }

        p.Flags &= ~PeerFlags.KeepAlive;
        RemoveProtection(s, KeepAliveTagId);
        _keepAlive!.RemoveAll(k => k.Slot == s);
        if (p.Connections == 0)
        {
            ScheduleReap(s, NowTicks());
        }
    }

    /// <summary>js: a static tag named with <see cref="ConnectionManagerOptions.KeepAliveTagPrefix"/> marks (or, removed, unmarks) a keep-alive peer.</summary>
    private void KeepAliveTagChanged(int s, string tag, bool added)
    {
        if (Options.KeepAliveTagPrefix is not { } prefix || !tag.StartsWith(prefix, StringComparison.Ordinal))
        {
            return;
        }

        var now = NowTicks();
        if (added)
        {
            KeepAliveLocked(s, now);
        }
        else
        {
            DropKeepAlive(s);
        }

        RearmTimer(now);
    }

    /// <summary>js removes the keep-alive tag when its reconnects are exhausted.</summary>
    private void RemoveKeepAliveTags(int s)
    {
        if (Options.KeepAliveTagPrefix is not { } prefix || (_slots[s].Flags & PeerFlags.InUse) == 0)
        {
            return;
        }

        ref var p = ref _slots[s];
        for (var t = p.TagHead; t >= 0;)
        {
            var next = _tags.Items[t].Next;
            if (TagRegistry.NameOf(_tags.Items[t].TagId).StartsWith(prefix, StringComparison.Ordinal))
            {
                _tags.Unlink(ref p.TagHead, t);
            }

            t = next;
        }
    }

    /// <summary>The keep-alive entry of slot <paramref name="s"/> (a plain loop: no closure per call).</summary>
    private int KeepAliveIndex(int s)
    {
        var list = _keepAlive!;
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Slot == s)
            {
                return i;
            }
        }

        return -1;
    }

    private readonly record struct KeepAlive(int Slot, int Attempt, long Due);
}
