namespace ConnMgr.Engine.Internal;

/// <summary>
/// Entries of disconnected peers waiting for their tag retention to end, as a ring buffer in due order (the
/// retention is one constant, so entries expire in insertion order). A generation per entry voids one whose peer
/// came back. Grows by doubling; 16 bytes per pending entry.
/// </summary>
internal struct ReapQueue
{
    /// <summary>The ring (null until the first entry).</summary>
    public ReapEntry[]? Ring;

    /// <summary>Index of the oldest entry.</summary>
    public int Head;

    /// <summary>Entries pending.</summary>
    public int Count;
}

/// <summary>One pending reap: slot, its generation when queued, and when its retention ends.</summary>
internal readonly record struct ReapEntry(int Slot, int Generation, long Due)
{
    /// <summary>The slot of an entry voided while its manager packed its tables: skipped when due, like a stale generation.</summary>
    public const int Voided = -1;
}
