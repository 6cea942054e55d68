namespace ConnMgr.Sim.Network;

/// <summary>
/// Messages between nodes (SYNs, answers, closes) waiting for delivery, in buckets of <see cref="WidthTicks"/>: a
/// message due at t waits in the bucket that ends at or after t and is delivered at that end, with the bucket's other
/// messages, in the order they were posted. One kernel event per non-empty chain of a bucket replaces an event per message
/// (docs/design/two-partition-kernel.md, "the delivery buckets"); a partitioned kernel's window outbox is the same
/// bucket. Every message travels at least half the 10-ms latency floor, one bucket width, so it never lands in a
/// bucket that is being delivered. A ring of buckets covers the longest delay; a message due beyond it is the
/// caller's to schedule on its own. With two partitions each has its own ring (its inbox); a bucket keeps one chain
/// per sending partition, delivered partition 0's first by the first of its events (the other finds it empty), so
/// its order never depends on how the two partitions' events interleave, and a sender touches only its own chains.
/// <para>
/// A chain is a list of 256-message chunks from its sender's pool, so memory follows the messages in flight: a
/// bucket per slot sized for its own peak held 0.24 GiB more at network-1m-ci, after the storm had filled every slot.
/// A delivered chain's chunks go to the deliverer's pool; each pool is touched only by its partition's thread.
/// </para>
/// </summary>
internal sealed class MessageBuckets
{
    /// <summary>Messages per chunk.</summary>
    public const int ChunkSize = 1 << ChunkShift;

    /// <summary>5 ms: the lookahead of the two-partition design, half the shortest round trip (<see cref="DialDraws.MinLatencyTicks"/>).</summary>
    public static readonly long WidthTicks = DialDraws.MinLatencyTicks / 2;

    private const int ChunkShift = 8;
    private const int BlockShift = 4; // 16 chunks per block: 4,096 messages in 48 KB, under the large-object heap's 85 KB

    private const int MaxBlocks = 1 << 16; // per pool: 268 M messages in flight

    // Per pool (sending partition): blocks of chunks and each chunk's successor, in directories that never move, so a
    // partition can read another's chunks while that one takes new ones. A chunk id is its index in its pool × 2 + pool.
    private readonly Message[]?[][] _blocks;
    private readonly int[]?[][] _successors;
    private readonly int[] _blockCount;
    private readonly int[] _free;
    private readonly int[] _head;
    private readonly int[] _tail;
    private readonly int[] _counts;
    private readonly int _mask;
    private readonly int _ring;
    private readonly int _sources;

    /// <param name="horizonTicks">The longest delay a message is posted with (longer ones are refused by <see cref="TryPost"/>).</param>
    /// <param name="partitions">Rings: one per partition of the receiving nodes; and chains per bucket: one per sending partition.</param>
    public MessageBuckets(long horizonTicks, int partitions = 1)
    {
        _ring = (int)Math.Min(1 << 24, System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)((horizonTicks / WidthTicks) + 2)));
        _sources = partitions;
        _head = new int[_ring * partitions * _sources];
        _tail = new int[_ring * partitions * _sources];
        _counts = new int[_ring * partitions * _sources];
        _mask = _ring - 1;
        _blocks = [.. Enumerable.Range(0, _sources).Select(_ => new Message[]?[MaxBlocks])];
        _successors = [.. Enumerable.Range(0, _sources).Select(_ => new int[]?[MaxBlocks])];
        _blockCount = new int[_sources];
        _free = [.. Enumerable.Repeat(-1, _sources)];
    }

    /// <summary>Chains per bucket (one per sending partition): bucket <c>slot</c>'s chains are <c>slot × Chains</c> onwards.</summary>
    public int Chains => _sources;

    /// <summary>One message: its event kind, the node it reaches and the edge it is about.</summary>
    public readonly record struct Message(int Kind, int Node, int Edge);

    /// <summary>Bytes held by the chunk pool.</summary>
    public long Bytes => (_blockCount.Sum() * ((long)(ChunkSize << BlockShift) * 12 + ((1 << BlockShift) * sizeof(int)))) + (2L * _sources * MaxBlocks * IntPtr.Size);

    /// <summary>When a message due at <paramref name="dueTicks"/> is delivered: at the end of its bucket.</summary>
    public static long DeliveryTicks(long dueTicks) => (dueTicks + WidthTicks - 1) / WidthTicks * WidthTicks;

    /// <summary>
    /// Files a message due at <paramref name="dueTicks"/> (at least <see cref="WidthTicks"/> after <paramref name="nowTicks"/>);
    /// false when it is beyond the ring, or due in a bucket that is due now (a shorter delay). <paramref name="opened"/>
    /// is the delivery time of a bucket this message is the first of (its one kernel event is the caller's to
    /// schedule), else -1. <paramref name="partition"/> chooses the ring (the receiver's), <paramref name="source"/>
    /// the chain (the sender's partition).
    /// </summary>
    public bool TryPost(long nowTicks, long dueTicks, in Message message, out long opened, out int slot, int partition = 0, int source = 0)
    {
        var bucket = DeliveryTicks(dueTicks) / WidthTicks;
        opened = -1;
        slot = (partition * _ring) + (int)(bucket & _mask);
        if (bucket - (nowTicks / WidthTicks) > _mask || bucket * WidthTicks <= nowTicks)
        {
            return false;
        }

        var chain = (slot * _sources) + source;
        var n = _counts[chain];
        if (n == 0)
        {
            opened = bucket * WidthTicks; // each chain opens its bucket: a source never reads the other's chain
            _head[chain] = _tail[chain] = TakeChunk(source);
        }
        else if ((n & (ChunkSize - 1)) == 0)
        {
            var c = TakeChunk(source);
            Successor(_tail[chain]) = c;
            _tail[chain] = c;
        }

        Chunk(_tail[chain])[n & (ChunkSize - 1)] = message;
        _counts[chain] = n + 1;
        return true;
    }

    /// <summary>Messages in bucket <paramref name="slot"/>, all its chains.</summary>
    public int Count(int slot)
    {
        var n = 0;
        for (var c = slot * _sources; c < (slot + 1) * _sources; c++)
        {
            n += _counts[c];
        }

        return n;
    }

    /// <summary>
    /// The chain <paramref name="source"/> files in <paramref name="partition"/>'s bucket delivered at
    /// <paramref name="deliveryTicks"/>: its first chunk and its messages so far; false when it has none.
    /// </summary>
    public bool TryChainAt(int partition, long deliveryTicks, int source, out int head, out int count)
    {
        var chain = (((partition * _ring) + (int)((deliveryTicks / WidthTicks) & _mask)) * _sources) + source;
        count = _counts[chain];
        head = count > 0 ? _head[chain] : -1;
        return count > 0;
    }

    /// <summary>Messages in chain <paramref name="chain"/> (see <see cref="Chains"/>).</summary>
    public int ChainCount(int chain) => _counts[chain];

    /// <summary>The first chunk of chain <paramref name="chain"/> (when it is not empty).</summary>
    public int Head(int chain) => _head[chain];

    /// <summary>The chunk after <paramref name="chunk"/> in its bucket.</summary>
    public int Next(int chunk) => Successor(chunk);

    /// <summary>The <paramref name="count"/> first messages of <paramref name="chunk"/>.</summary>
    public ReadOnlySpan<Message> Messages(int chunk, int count) => Chunk(chunk)[..count];

    /// <summary>A copy of bucket <paramref name="slot"/>'s messages in delivery order (for inspection; delivery walks the chunks).</summary>
    public Message[] Snapshot(int slot)
    {
        var all = new List<Message>(Count(slot));
        for (var chain = slot * _sources; chain < (slot + 1) * _sources; chain++)
        {
            for (int c = _head[chain], left = _counts[chain]; left > 0; c = Successor(c), left -= ChunkSize)
            {
                all.AddRange(Messages(c, Math.Min(left, ChunkSize)));
            }
        }

        return [.. all];
    }

    /// <summary>
    /// Empties a delivered bucket: its chunks go to the pool of the partition that delivers it (its ring's), which
    /// alone runs now; a chunk may so change pools, and is then that pool's to hand out.
    /// </summary>
    public void Clear(int slot)
    {
        var pool = slot / _ring;
        for (var chain = slot * _sources; chain < (slot + 1) * _sources; chain++)
        {
            if (_counts[chain] > 0)
            {
                Successor(_tail[chain]) = _free[pool];
                _free[pool] = _head[chain];
                _counts[chain] = 0;
            }
        }
    }

    private Span<Message> Chunk(int chunk)
    {
        var local = chunk >> 1;
        return _blocks[chunk & 1][local >> BlockShift]!.AsSpan((local & ((1 << BlockShift) - 1)) << ChunkShift, ChunkSize);
    }

    private ref int Successor(int chunk)
    {
        var local = chunk >> 1;
        return ref _successors[chunk & 1][local >> BlockShift]![local & ((1 << BlockShift) - 1)];
    }

    /// <summary>A free chunk from <paramref name="pool"/>'s list; a new block of chunks when it is empty.</summary>
    private int TakeChunk(int pool)
    {
        if (_free[pool] < 0)
        {
            var block = _blockCount[pool]++;
            if (block >= MaxBlocks)
            {
                throw new InvalidOperationException($"more than {(long)MaxBlocks << (BlockShift + ChunkShift):N0} messages in flight from one partition");
            }

            _blocks[pool][block] = new Message[ChunkSize << BlockShift];
            _successors[pool][block] = new int[1 << BlockShift];
            for (var i = (1 << BlockShift) - 1; i >= 0; i--)
            {
                var c = (((block << BlockShift) + i) << 1) | pool;
                Successor(c) = _free[pool];
                _free[pool] = c;
            }
        }

        var taken = _free[pool];
        _free[pool] = Successor(taken);
        return taken;
    }
}
