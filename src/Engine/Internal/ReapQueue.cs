namespace ConnMgr.Engine.Internal;

/// <summary>
/// Entries of disconnected peers waiting for their tag retention or prune backoff to end, as a ring buffer in
/// insertion order (the retention is one constant, so most entries expire in insertion order; one due later holds
/// back those behind it, which are then removed late, never early). An entry names a slot and its generation, which
/// voids it once the peer came back; or, with <see cref="ConnectionManagerOptions.CompactBackoff"/>, it is itself
/// the peer's backoff record, whose key waits at the same place in an array of the manager's cold fields, which also
/// index the records by key. Grows by doubling; 16 bytes per pending entry, and with records a key more.
/// </summary>
internal struct ReapQueue
{
    /// <summary>The ring (null until the first entry).</summary>
    public ReapEntry[]? Ring;

    /// <summary>Index of the oldest entry.</summary>
    public int Head;

    /// <summary>Entries pending.</summary>
    public int Count;

    /// <summary>Backoff records among the pending entries (the manager indexes them by key, among its cold fields).</summary>
    public int RecordCount;
}

/// <summary>
/// One pending reap, due at <see cref="Due"/>. A slot's entry carries the slot and its generation when queued; a
/// backoff record carries the pruned peer's prune count, its key waiting at the same place in the manager's record
/// keys. A record is queued due one maximum backoff after its dial is allowed, so that time is not stored: it is
/// <see cref="Due"/> less the maximum backoff, and the session start is that less the backoff.
/// </summary>
internal readonly struct ReapEntry
{
    /// <summary>The slot of an entry voided while its manager packed its tables: skipped when due, like a stale generation.</summary>
    public const int Voided = -1;

    /// <summary>The slot half of a backoff record, which names its peer by key instead.</summary>
    private const int RecordMark = -2;

    public readonly long Due;

    /// <summary>Slot (high half) and generation (low half); a record's high half is <see cref="RecordMark"/>, its low half the prune count.</summary>
    private readonly long _payload;

    private ReapEntry(long due, int slot, int low)
    {
        Due = due;
        _payload = ((long)slot << 32) | (uint)low;
    }

    public bool IsRecord => Slot == RecordMark;

    public int Slot => (int)(_payload >> 32);

    public int Generation => (int)_payload;

    /// <summary>A record's prune count, at least 1.</summary>
    public byte PruneCount => (byte)_payload;

    public static ReapEntry ForSlot(int slot, int generation, long due) => new(due, slot, generation);

    public static ReapEntry ForRecord(byte pruneCount, long due) => new(due, RecordMark, pruneCount);
}

/// <summary>The keys of the backoff records in a reap ring.</summary>
internal readonly struct RecordKeys<TPeer>(TPeer[] keys) : IKeyTable<TPeer>
{
    public TPeer KeyAt(int position) => keys[position];
}
