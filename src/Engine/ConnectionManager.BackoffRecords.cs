using ConnMgr.Engine.Internal;

namespace ConnMgr.Engine;

public sealed partial class ConnectionManager<TPeer>
{
    /// <summary>Pruned peers held as backoff records rather than table entries (tests and memory accounting).</summary>
    internal int BackoffRecords => _reap.RecordCount;

    /// <summary>
    /// With <see cref="ConnectionManagerOptions.CompactBackoff"/>, whether slot <paramref name="s"/>, about to wait
    /// in the reap queue until <paramref name="due"/>, is a pruned peer with nothing but its backoff to remember: no
    /// connection, tag, decaying tag, protection, keep-alive, allow-listing, subsystem or host-supplied fact, and a
    /// session start that its backoff gives back (no jitter, no remote backoff since the prune). Such a slot becomes a
    /// backoff record in the queue itself.
    /// </summary>
    private bool IsCompactable(int s, long due)
    {
        ref var p = ref _slots[s];
        return Options.CompactBackoff
            && p.PruneCount > 0
            && p.Flags == PeerFlags.InUse
            && p.Connections == 0
            && p.TagHead < 0
            && p.Subsystem == 0
            && DecayHead(s) < 0
            && ProtHead(s) < 0
            && (_extra is null || IsFreshExtra(in _extra[s]))
            && due == p.DialAllowedAt + Options.PruneBackoff.Max.Ticks
            && p.SessionStart == LeftAt(p.DialAllowedAt, p.PruneCount);
    }

    private static bool IsFreshExtra(in PeerExtra x) =>
        x.NetworkGroup == -1 && x.LatencyTicks == long.MaxValue && x.LastUseful == 0 && !x.HasAddress;

    /// <summary>When a peer pruned <paramref name="pruneCount"/> times, allowed back at <paramref name="dialAllowedAt"/>, left (no jitter).</summary>
    private long LeftAt(long dialAllowedAt, byte pruneCount) => dialAllowedAt - Options.PruneBackoff.Delay(pruneCount).Ticks;

    /// <summary>Frees slot <paramref name="s"/>, whose record was just queued at <paramref name="at"/>, and indexes the record by its key.</summary>
    private void AdoptRecord(int s, int at)
    {
        var key = _slots[s].Key;
        FreeSlot(s);
        var keys = _recordKeys ??= new TPeer[_reap.Ring!.Length];
        keys[at] = key;
        _records.Add(key, at, new RecordKeys<TPeer>(keys));
        _reap.RecordCount++;
    }

    /// <summary>
    /// Finds the peer's slot; a peer held as a backoff record gets its slot back first, in the record's place in the
    /// reap queue, so every caller sees the entry a manager without records would still hold.
    /// </summary>
    private int Find(TPeer peer)
    {
        var s = _index.Find(peer, _slots);
        return s >= 0 || _reap.RecordCount == 0 ? s : Revive(peer);
    }

    private int Revive(TPeer peer)
    {
        var at = _records.Find(peer, new RecordKeys<TPeer>(_recordKeys!));
        if (at < 0)
        {
            return -1;
        }

        var record = _reap.Ring![at];
        var dialAllowedAt = DialAllowedAt(record);
        ForgetRecordKey(at);
        var s = CreateSlot(peer, LeftAt(dialAllowedAt, record.PruneCount));
        ref var p = ref _slots[s];
        p.DialAllowedAt = dialAllowedAt;
        p.PruneCount = record.PruneCount;
        _reap.Ring[at] = ReapEntry.ForSlot(s, p.Generation, record.Due);
        return s;
    }

    /// <summary>A record is queued due one maximum backoff after its dial is allowed (<see cref="IsCompactable"/>), so that is when.</summary>
    private long DialAllowedAt(in ReapEntry record) => record.Due - Options.PruneBackoff.Max.Ticks;

    /// <summary>The time before which the host should not dial the peer, read without reviving a record; <see cref="long.MinValue"/> for an unknown peer.</summary>
    private long DialAllowedAtOf(TPeer peer)
    {
        var s = _index.Find(peer, _slots);
        return s >= 0 ? _slots[s].DialAllowedAt : RecordDialAllowedAt(peer);
    }

    /// <summary>As <see cref="DialAllowedAtOf"/> for a peer without a slot: its record's time, else <see cref="long.MinValue"/>.</summary>
    private long RecordDialAllowedAt(TPeer peer)
    {
        if (_reap.RecordCount == 0)
        {
            return long.MinValue;
        }

        var at = _records.Find(peer, new RecordKeys<TPeer>(_recordKeys!));
        return at < 0 ? long.MinValue : DialAllowedAt(in _reap.Ring![at]);
    }

    /// <summary>
    /// Takes the record at ring place <paramref name="at"/> out of the index and clears its key (a reference key goes
    /// with it); the caller reuses or drops the entry. Runs when the record is due (the peer is forgotten) or revived.
    /// </summary>
    private void ForgetRecordKey(int at)
    {
        var keys = _recordKeys!;
        _records.Remove(keys[at], new RecordKeys<TPeer>(keys));
        keys[at] = default!;
        _reap.RecordCount--;
    }

    /// <summary>After the ring was laid out again, points the record index at each record's new place.</summary>
    private void ReindexRecords()
    {
        if (_reap.RecordCount == 0)
        {
            return;
        }

        var ring = _reap.Ring!;
        var keys = _recordKeys!;
        _records = new PeerIndex<TPeer>();
        for (var i = 0; i < _reap.Count; i++)
        {
            var at = (_reap.Head + i) % ring.Length;
            if (ring[at].IsRecord)
            {
                _records.Add(keys[at], at, new RecordKeys<TPeer>(keys));
            }
        }
    }
}
