namespace ConnMgr.Sim.Network.Nat;

/// <summary>
/// The lingering NAT entries of one node group, in release order. A group's linger is one constant, so entries
/// expire in the order they were added: a FIFO replaces one kernel event per closed connection end (which at 1M nodes
/// were 94 % of all pending events). 16 bytes per lingering entry, in chunks of 4,096 entries (64 KiB, below the
/// large-object heap) taken and given back one at a time: memory follows the lingering population to within two
/// chunks, with no copy and no doubling. (A ring that doubled held 2^25 slots, 512 MiB, for the ~19 M entries
/// lingering at once at 1M nodes, and both rings while it copied: benchmarks/README.md, issue 13 "sixth step".)
/// </summary>
internal sealed class LingerQueue
{
    private const int ChunkSize = 4096;

    /// <summary>Chunks in release order: entries are read from the first at <see cref="_read"/>, written to the last at <see cref="_write"/>.</summary>
    private readonly Queue<Entry[]> _chunks = new();
    private Entry[]? _last;
    private Entry[]? _spare;
    private int _read;
    private int _write;

    /// <summary>Entries lingering now.</summary>
    public int Count { get; private set; }

    /// <summary>Chunks held, the spare included (for the memory test).</summary>
    internal int ChunksHeld => _chunks.Count + (_spare is null ? 0 : 1);

    public void Enqueue(long due, int node, int generation)
    {
        if (_last is null || _write == ChunkSize)
        {
            _last = _spare ?? new Entry[ChunkSize];
            _spare = null;
            _chunks.Enqueue(_last);
            _write = 0;
        }

        _last[_write++] = new Entry(due, node, generation);
        Count++;
    }

    /// <summary>Removes the first entry if it is due at or before <paramref name="now"/>.</summary>
    public bool TryDequeueDue(long now, out int node, out int generation)
    {
        var first = Count == 0 ? null : _chunks.Peek();
        if (first is null || first[_read].Due > now)
        {
            node = generation = 0;
            return false;
        }

        (_, node, generation) = first[_read++];
        Count--;
        if (Count == 0)
        {
            _read = _write = 0; // the first chunk is the last one here: keep it, empty again
        }
        else if (_read == ChunkSize)
        {
            _spare = _chunks.Dequeue();
            _read = 0;
        }

        return true;
    }

    private readonly record struct Entry(long Due, int Node, int Generation);
}
