using System.Buffers;
using ConnMgr.Engine.Events;
using ConnMgr.Engine.Internal;
using ConnMgr.Engine.Limits;
using ConnMgr.Engine.Trimming;

namespace ConnMgr.Engine;

public sealed partial class ConnectionManager<TPeer>
{
    /// <summary>True when an automatic trim is scheduled (coalesced trigger or ticker).</summary>
    public bool TrimPending => _schedule.TrimDueAt != Never || _schedule.TickerDueAt != Never;

    private bool OverHighWater()
    {
        var effective = Count;
        if (Options.TransientAllowance > 0)
        {
            effective -= Math.Min(_counts.Transient, Options.TransientAllowance);
        }

        return Options.TriggerAtHighWater ? effective >= _limits.HighWater : effective > _limits.HighWater;
    }

    private void AfterConnect(long now)
    {
        if (_limits.Disabled)
        {
            return;
        }

        if (_limits.MaxMode)
        {
            if (Count > _limits.Max)
            {
                RunTrim(TrimCause.MaxLimit, now);
            }

            return;
        }

        if (OverHighWater())
        {
            TriggerTrim(TrimCause.HighWater, now);
        }
    }

    private void TriggerTrim(TrimCause cause, long now)
    {
        if (_limits.MaxMode)
        {
            RunTrim(cause, now);
            return;
        }

        var silenceOver = _schedule.LastTrimAt == long.MinValue || now - _schedule.LastTrimAt >= _limits.SilenceTicks;
        switch (Options.Trigger)
        {
            case TrimTrigger.Immediate:
                RunTrim(cause, now);
                break;
            case TrimTrigger.ImmediateDropInSilence:
                if (silenceOver)
                {
                    RunTrim(cause, now);
                }

                break;
            case TrimTrigger.Ticker when _limits.SilenceTicks > 0:
                if (_schedule.TickerDueAt == Never)
                {
                    // The next tick of a ticker started with the manager: origin + k·silence, strictly after now.
                    _schedule.TickerDueAt = _decay.Anchor + (((now - _decay.Anchor) / _limits.SilenceTicks) + 1) * _limits.SilenceTicks;
                }

                break;
            default:
                if (silenceOver)
                {
                    RunTrim(cause, now);
                }
                else if (_schedule.TrimDueAt == Never)
                {
                    _schedule.TrimDueAt = _schedule.LastTrimAt + _limits.SilenceTicks;
                }

                break;
        }
    }

    /// <summary>One trim cycle. O(n log n) in the tracked peers (candidate build, id ranking and the policy's sort).</summary>
    private TrimReport RunTrim(TrimCause cause, long now)
    {
        _schedule.LastTrimAt = now;
        _schedule.TrimDueAt = Never;
        var before = Count;
        var emergency = cause == TrimCause.Emergency;
        var target = _limits.MaxMode ? _limits.Max : _limits.LowWater;
        var goTarget = !_limits.MaxMode && Options.Target == TrimTarget.EligibleMinusLowWater;
        var stepped = Options.TrimStep > 0 && !_limits.MaxMode && cause is TrimCause.HighWater or TrimCause.Ticker or TrimCause.RejectedInbound;
        var countClosed = (goTarget && !emergency) || stepped;

        var pool = ArrayPool<TrimCandidate>.Shared;
        var buffer = pool.Rent(Math.Max(1, Options.Close == CloseUnit.Connection ? _counts.Connections + _counts.Tracked : _counts.Tracked));
        int skippedProtected = 0, skippedGrace = 0, skippedQuota = 0, eligibleUnits = 0;
        long earliestGraceEnd = Never;
        var n = BuildCandidates(buffer, now, emergency, ref skippedProtected, ref skippedGrace, ref eligibleUnits, ref earliestGraceEnd);

        int need;
        if (emergency)
        {
            // go memoryEmergency: close connections until the count is LowWater, whatever grace or silence say.
            need = Math.Max(0, before - _limits.LowWater);
        }
        else if (_limits.Disabled)
        {
            need = 0; // go: LowWater or HighWater 0 is the null manager
        }
        else if (goTarget)
        {
            need = eligibleUnits < _limits.LowWater ? 0 : eligibleUnits - _limits.LowWater;
        }
        else
        {
            need = before - target;
        }

        if (stepped)
        {
            need = Math.Min(need, Options.TrimStep);
        }

        int peersClosed = 0, connsClosed = 0, eligible = n, shielded = 0;
        if (need > 0 && n > 0)
        {
            var span = buffer.AsSpan(0, n);
            RankByPeerId(span);
            var policy = emergency ? TrimPolicies.Score : Options.TrimPolicy;
            eligible = Math.Clamp(policy.Order(span, new TrimContext(emergency ? EmergencyOrder : Options.TieBreakers, now)), 0, n);
            shielded = n - eligible;
            var reason = cause switch
            {
                TrimCause.Emergency => PruneReason.Emergency,
                TrimCause.LimitLowered => PruneReason.LimitLowered,
                _ => _limits.MaxMode ? PruneReason.MaxLimit : PruneReason.Trim,
            };
            var closedUnits = 0;
            var floor = Options.Bounds?.MinConnections ?? 0;
            bool Done() => (countClosed ? closedUnits >= need : Count <= target) || Count <= floor;
            var quotas = _quotas.Enabled && !emergency;
            BeginCloseRecords(cause, before, countClosed ? before - need : target, eligible, skippedGrace, now);

            if (quotas)
            {
                // The regulation round: subsystems above a static maximum give first; negotiated grants are enforced.
                for (var i = 0; i < eligible && !Done(); i++)
                {
                    ref var c = ref span[i];
                    if (c.Slot >= 0 && !_quotas.IsNegotiated(c.Subsystem) && SubsystemCount(c.Subsystem) > _quotas.Max[c.Subsystem])
                    {
                        Close(ref c, PruneReason.QuotaExceeded, now, i, ref peersClosed, ref connsClosed, ref closedUnits);
                    }
                }

                if (_quotas.Requests is not null)
                {
                    ReclaimOverQuota(span[..eligible], now, ref peersClosed, ref connsClosed, ref closedUnits);
                }
            }

            for (var i = 0; i < eligible && !Done(); i++)
            {
                ref var c = ref span[i];
                if (c.Slot < 0)
                {
                    continue;
                }

                if (quotas && !c.Temporary && AtReserve(c.Subsystem))
                {
                    skippedQuota++;
                    continue;
                }

                Close(ref c, reason, now, i, ref peersClosed, ref connsClosed, ref closedUnits);
            }
        }

        _rare.TrimInputs = null;
        pool.Return(buffer);
        var after = Count;
        var reached = countClosed ? need == 0 || after <= before - need : after <= target;
        var outcome = need <= 0 ? TrimOutcome.NothingToDo : reached ? TrimOutcome.ReachedTarget : TrimOutcome.StoppedAboveTarget;
        var report = new TrimReport(cause, outcome, before, after, countClosed ? before - need : target, peersClosed, connsClosed, skippedProtected, skippedGrace, skippedQuota, shielded);
        _metrics.Trims++;
        _metrics.TrimsStoppedAboveTarget += outcome == TrimOutcome.StoppedAboveTarget ? 1 : 0;
        if (_observer is not null)
        {
            EventQueue<TPeer>.Add(new EngineEvent<TPeer> { Source = this, Kind = EventKind.TrimCompleted, Report = report });
        }

        // Ours: peers still in grace held the count above HighWater; try again when the first grace ends.
        if (!_limits.MaxMode && Options.Trigger == TrimTrigger.Coalesced && outcome == TrimOutcome.StoppedAboveTarget && OverHighWater() && earliestGraceEnd != Never)
        {
            _schedule.TrimDueAt = Math.Max(earliestGraceEnd, now + _limits.SilenceTicks);
        }
        else if (stepped && peersClosed + connsClosed > 0 && Options.Trigger == TrimTrigger.Coalesced && OverHighWater())
        {
            _schedule.TrimDueAt = now + Math.Max(1, _limits.SilenceTicks); // the next step (a step that closed nothing waits for a connect)
        }

        return report;
    }

    /// <summary>Eligible candidates: never protected peers; grace-period peers counted and skipped; tag-only temporaries first.</summary>
    private int BuildCandidates(TrimCandidate[] buffer, long now, bool ignoreGrace, ref int skippedProtected, ref int skippedGrace, ref int eligibleUnits, ref long earliestGraceEnd)
    {
        var n = 0;
        var byConnection = Options.Close == CloseUnit.Connection;
        var countConnections = Options.Count == CountUnit.Connections;
        for (var s = 0; s < _slotCount; s++)
        {
            ref var p = ref _slots[s];
            if ((p.Flags & PeerFlags.InUse) == 0)
            {
                continue;
            }

            if (p.Connections == 0)
            {
                if ((p.Flags & PeerFlags.Temporary) != 0)
                {
                    buffer[n++] = new TrimCandidate(s, -1, ScoreOf(s, now), p.SessionStart, 0, 0, CandidateFlags.Temporary, p.Subsystem, -1, long.MaxValue, 0, 0);
                }

                continue;
            }

            if (IsProtectedSlot(s, in p))
            {
                skippedProtected++;
                continue;
            }

            var transient = (p.Flags & PeerFlags.Transient) != 0;
            var grace = ignoreGrace ? 0 : transient ? _limits.TransientGraceTicks : _limits.GraceTicks;
            var score = ScoreOf(s, now);
            var x = _extra is null ? new PeerExtra { NetworkGroup = -1, LatencyTicks = long.MaxValue } : _extra[s];
            if (!byConnection || !Options.GracePerConnection)
            {
                if (now - p.SessionStart < grace)
                {
                    skippedGrace++;
                    earliestGraceEnd = Math.Min(earliestGraceEnd, p.SessionStart + grace);
                    continue;
                }
            }

            var streams = 0;
            for (var c = p.ConnHead; c >= 0; c = _conns.Items[c].Next)
            {
                streams += _conns.Items[c].Streams;
            }

            if (!byConnection)
            {
                var flags = (p.Inbound > 0 ? CandidateFlags.Inbound : 0) | (transient ? CandidateFlags.Transient : 0) | (transient && streams == 0 ? CandidateFlags.IdleTransient : 0);
                var units = countConnections ? p.Connections : 1;
                eligibleUnits += p.Connections;
                buffer[n++] = new TrimCandidate(s, -1, score, p.SessionStart, 0, streams, flags, p.Subsystem, x.NetworkGroup, x.LatencyTicks, x.LastUseful, units);
                continue;
            }

            for (var c = p.ConnHead; c >= 0; c = _conns.Items[c].Next)
            {
                ref var conn = ref _conns.Items[c];
                if (Options.GracePerConnection && now - conn.OpenedAt < grace)
                {
                    skippedGrace++;
                    earliestGraceEnd = Math.Min(earliestGraceEnd, conn.OpenedAt + grace);
                    continue;
                }

                var flags = (conn.Direction == Direction.Inbound ? CandidateFlags.Inbound : 0) | (conn.Transient ? CandidateFlags.Transient : 0) | (conn.Transient && conn.Streams == 0 ? CandidateFlags.IdleTransient : 0);
                eligibleUnits++;
                buffer[n++] = new TrimCandidate(s, c, score, conn.OpenedAt, 0, conn.Streams, flags, p.Subsystem, x.NetworkGroup, x.LatencyTicks, x.LastUseful, 1);
            }
        }

        return n;
    }

    /// <summary>Sets each candidate's <see cref="TrimCandidate.PeerRank"/> from the peer ids' order.</summary>
    private void RankByPeerId(Span<TrimCandidate> span)
    {
        if (typeof(TPeer) == typeof(int))
        {
            // int keys (the simulator's handles) are their own rank: same order, no sort needed.
            for (var i = 0; i < span.Length; i++)
            {
                var key = _slots[span[i].Slot].Key;
                span[i] = span[i].WithRank(System.Runtime.CompilerServices.Unsafe.As<TPeer, int>(ref key));
            }

            return;
        }

        StructSort.Sort(span, new SlotKeyComparer(_slots));
        var rank = 0;
        for (var i = 0; i < span.Length; i++)
        {
            if (i > 0 && span[i].Slot != span[i - 1].Slot)
            {
                rank++;
            }

            span[i] = span[i].WithRank(rank);
        }
    }

    /// <summary>Closes a candidate (whole peer, one connection, or a tag-only entry) and marks it closed.</summary>
    private void Close(ref TrimCandidate c, PruneReason reason, long now, int rank, ref int peersClosed, ref int connsClosed, ref int closedUnits)
    {
        var s = c.Slot;
        if (s < 0 || (_slots[s].Flags & PeerFlags.InUse) == 0)
        {
            return;
        }

        ref var p = ref _slots[s];
        if (c.Temporary)
        {
            if (p.Connections == 0 && IsProtectedSlot(s, in p) == false && (p.Flags & PeerFlags.KeepAlive) == 0)
            {
                FreeSlot(s);
            }

            c = c.AsClosed();
            return;
        }

        if (c.Connection >= 0)
        {
            var id = _conns.Items[c.Connection].Id;
            RecordClose(in c, id, rank, reason);
            Emit(EventKind.Pruned, p.Key, id, c.Score, (int)reason);
            connsClosed++;
            closedUnits++;
            var last = p.Connections == 1;
            RemoveConnection(s, c.Connection, DisconnectReason.Pruned, now);
            peersClosed += last ? 1 : 0;
        }
        else
        {
            // The last removal may free the slot, so count down rather than test the list head.
            var key = p.Key;
            for (var remaining = p.Connections; remaining > 0; remaining--)
            {
                var conn = _slots[s].ConnHead;
                RecordClose(in c, _conns.Items[conn].Id, rank, reason);
                Emit(EventKind.Pruned, key, _conns.Items[conn].Id, c.Score, (int)reason);
                connsClosed++;
                closedUnits++;
                RemoveConnection(s, conn, DisconnectReason.Pruned, now);
            }

            peersClosed++;
        }

        c = c.AsClosed();
    }

    private readonly struct SlotKeyComparer(Table<PeerSlot<TPeer>> slots) : IComparer<TrimCandidate>
    {
        public int Compare(TrimCandidate x, TrimCandidate y)
        {
            var c = slots[x.Slot].Key.CompareTo(slots[y.Slot].Key);
            return c != 0 ? c : x.Connection.CompareTo(y.Connection);
        }
    }
}
