using ConnMgr.Engine.Internal;
using ConnMgr.Engine.Trimming;

namespace ConnMgr.Engine;

public sealed partial class ConnectionManager<TPeer>
{
    /// <summary>
    /// Queues a disconnected entry for removal once its tags' retention and its prune backoff are over; an entry
    /// with nothing worth keeping is freed at once unless <paramref name="justCreated"/> (its caller is about to fill it).
    /// </summary>
    private void ScheduleReap(int s, long now, bool justCreated = false)
    {
        ref var p = ref _slots[s];
        if (p.Connections > 0 || (p.Flags & PeerFlags.Temporary) != 0)
        {
            return;
        }

        var due = _limits.RetentionTicks == Never ? Never : now + _limits.RetentionTicks;
        if (p.TagHead < 0 && DecayHead(s) < 0 && !justCreated)
        {
            due = now;
        }

        due = Math.Max(due, p.DialAllowedAt);
        if (p.PruneCount > 0)
        {
            // Remember a pruned peer for one maximum backoff past its current one, so repeated prunes back off longer.
            due = Math.Max(due, p.DialAllowedAt + Options.PruneBackoff.Max.Ticks);
        }
        if (due <= now && !justCreated && ProtHead(s) < 0 && (p.Flags & PeerFlags.KeepAlive) == 0)
        {
            FreeSlot(s);
            return;
        }

        if (due == Never)
        {
            return;
        }

        if (!justCreated && IsCompactable(s, due))
        {
            AdoptRecord(s, EnqueueReap(ReapEntry.ForRecord(p.PruneCount, due)));
            return;
        }

        EnqueueReap(ReapEntry.ForSlot(s, p.Generation, due));
    }

    /// <summary>Appends <paramref name="entry"/> to the reap queue; returns its place in the ring.</summary>
    private int EnqueueReap(ReapEntry entry)
    {
        if (_reap.Ring is null || _reap.Count == _reap.Ring.Length)
        {
            GrowReapQueue();
        }

        var at = (_reap.Head + _reap.Count) % _reap.Ring!.Length;
        _reap.Ring[at] = entry;
        _reap.Count++;
        return at;
    }

    /// <summary>
    /// Removes entries whose retention ended. Runs at the start of mutating calls, costing O(1) amortised and no
    /// timer: an idle manager does nothing. Due times are nearly monotonic (backoffs can delay a few entries behind
    /// a later one; they are then removed late, never early). With <see cref="ConnectionManagerOptions.ShrinkTables"/>
    /// a table left sparse is then packed: every caller runs it before it holds a slot index.
    /// </summary>
    private void Reap(long now)
    {
        ReapDue(now);
        if (Options.ShrinkTables)
        {
            ShrinkIfSparse();
        }
    }

    /// <summary>The removal half of <see cref="Reap"/>, for <see cref="TrimExcess"/>, which packs by its own rule.</summary>
    private void ReapDue(long now)
    {
        while (_reap.Count > 0)
        {
            var at = _reap.Head;
            var e = _reap.Ring![at];
            if (e.Due > now)
            {
                break;
            }

            _reap.Head = (at + 1) % _reap.Ring.Length;
            _reap.Count--;
            if (e.IsRecord)
            {
                ForgetRecordKey(at); // due one maximum backoff after its dial was allowed: nothing left to remember
                continue;
            }

            if (e.Slot == ReapEntry.Voided)
            {
                continue;
            }

            ref var p = ref _slots[e.Slot];
            if ((p.Flags & PeerFlags.InUse) == 0 || p.Generation != e.Generation || p.Connections > 0)
            {
                continue;
            }

            ClearTags(e.Slot);
            if (p.DialAllowedAt > now || (p.PruneCount > 0 && p.DialAllowedAt + Options.PruneBackoff.Max.Ticks > now))
            {
                ScheduleReap(e.Slot, now);
            }
            else if (ProtHead(e.Slot) < 0 && (p.Flags & PeerFlags.KeepAlive) == 0)
            {
                FreeSlot(e.Slot);
            }
        }
    }

    private void GrowReapQueue()
    {
        var old = _reap.Ring ?? [];
        var grown = new ReapEntry[Math.Max(4, old.Length * 2)];
        var oldKeys = _recordKeys;
        var grownKeys = oldKeys is null ? null : new TPeer[grown.Length];
        for (var i = 0; i < _reap.Count; i++)
        {
            var from = (_reap.Head + i) % old.Length;
            grown[i] = old[from];
            if (grownKeys is not null)
            {
                grownKeys[i] = oldKeys![from];
            }
        }

        _reap.Ring = grown;
        _recordKeys = grownKeys;
        _reap.Head = 0;
        ReindexRecords();
    }

    /// <summary>Points the single timer at the earliest pending deadline (scheduled trim, ticker, keep-alive redial).</summary>
    private void RearmTimer(long now)
    {
        var due = Math.Min(Math.Min(_schedule.TrimDueAt, _schedule.TickerDueAt), _auto?.DueAt ?? Never);
        if (_keepAlive is not null)
        {
            foreach (var k in _keepAlive)
            {
                due = Math.Min(due, k.Due);
            }
        }

        if (due == _schedule.TimerDueAt || _schedule.Disposed)
        {
            return;
        }

        _schedule.TimerDueAt = due;
        if (due == Never)
        {
            _schedule.Timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var delay = new TimeSpan(Math.Max(0, due - now));
        if (_schedule.Timer is null)
        {
            _schedule.Timer = _time.CreateTimer(static state => ((ConnectionManager<TPeer>)state!).OnTimer(), this, delay, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _schedule.Timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnTimer()
    {
        using var call = LockRaising();
        var now = NowTicks();
        _schedule.TimerDueAt = Never;
        Reap(now);
        if (_schedule.TrimDueAt <= now)
        {
            _schedule.TrimDueAt = Never;
            if (OverHighWater())
            {
                RunTrim(TrimCause.HighWater, now);
            }
        }

        if (_schedule.TickerDueAt <= now)
        {
            _schedule.TickerDueAt = Never;
            if (OverHighWater())
            {
                RunTrim(TrimCause.Ticker, now);
                if (OverHighWater())
                {
                    _schedule.TickerDueAt = _decay.Anchor + (((now - _decay.Anchor) / _limits.SilenceTicks) + 1) * _limits.SilenceTicks;
                }
            }
        }

        if (_keepAlive is not null)
        {
            for (var i = _keepAlive.Count - 1; i >= 0; i--)
            {
                var k = _keepAlive[i];
                if (k.Due <= now && _slots[k.Slot].Connections == 0)
                {
                    RequestRedial(i, k.Attempt + 1, now);
                }
            }
        }

        if (_auto is not null && _auto.DueAt <= now)
        {
            AutoConnectRound(now);
        }

        RearmTimer(now);
    }
}
