namespace ConnMgr.Engine.Internal;

/// <summary>
/// Entries of disconnected peers waiting for their tag retention or prune backoff to end, as a ring buffer in
/// insertion order (the retention is one constant, so most entries expire in insertion order; one due later holds
/// back those behind it, which are then removed late, never early). An entry names a slot and its generation, which
/// voids it once the peer came back; or, with <see cref="ConnectionManagerOptions.CompactBackoff"/>, it is itself
/// the peer's backoff record, found by key through an index of the manager's. Grows by doubling; 24 bytes per pending
/// entry with an int key.
/// </summary>
internal struct ReapQueue<TPeer>
{
    /// <summary>The ring (null until the first entry).</summary>
    public ReapEntry<TPeer>[]? Ring;

    /// <summary>Index of the oldest entry.</summary>
    public int Head;

    /// <summary>Entries pending.</summary>
    public int Count;

    /// <summary>Backoff records among the pending entries (the manager indexes them by key, among its cold fields).</summary>
    public int RecordCount;
}

/// <summary>
/// One pending reap, due at <see cref="Due"/>. A slot's entry (<see cref="PruneCount"/> 0) carries the slot and its
/// generation when queued; a backoff record carries the pruned peer's key, prune count and dial-allowed time, which
/// is all a pruned peer with nothing else to keep needs (its session start is that time less the backoff).
/// </summary>
internal struct ReapEntry<TPeer>
{
    /// <summary>The slot of an entry voided while its manager packed its tables: skipped when due, like a stale generation.</summary>
    public const int Voided = -1;

    public long Due;

    /// <summary>A slot's entry: slot (high half) and generation (low half). A record: the dial-allowed time, UTC ticks.</summary>
    private long _payload;

    /// <summary>A record's peer; default in a slot's entry.</summary>
    public TPeer Key;

    /// <summary>A record's prune count, at least 1; 0 marks a slot's entry.</summary>
    public byte PruneCount;

    public readonly bool IsRecord => PruneCount > 0;

    public readonly int Slot => (int)(_payload >> 32);

    public readonly int Generation => (int)_payload;

    public readonly long DialAllowedAt => _payload;

    public static ReapEntry<TPeer> ForSlot(int slot, int generation, long due) =>
        new() { Due = due, _payload = ((long)slot << 32) | (uint)generation };

    public static ReapEntry<TPeer> ForRecord(TPeer key, byte pruneCount, long dialAllowedAt, long due) =>
        new() { Due = due, _payload = dialAllowedAt, Key = key, PruneCount = pruneCount };
}

/// <summary>The keys of the backoff records in a reap ring.</summary>
internal readonly struct RecordKeys<TPeer>(ReapEntry<TPeer>[] ring) : IKeyTable<TPeer>
{
    public TPeer KeyAt(int position) => ring[position].Key;
}
