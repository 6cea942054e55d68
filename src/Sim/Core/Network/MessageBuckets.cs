namespace ConnMgr.Sim.Network;

/// <summary>
/// Messages between nodes (SYNs, answers, closes) waiting for delivery, in buckets of <see cref="WidthTicks"/>: a
/// message due at t waits in the bucket that ends at or after t and is delivered at that end, with the bucket's other
/// messages, in the order they were posted. One kernel event per non-empty bucket replaces an event per message
/// (docs/design/two-partition-kernel.md, "the delivery buckets"); a partitioned kernel's window outbox is the same
/// bucket. Every message travels at least half the 10-ms latency floor, one bucket width, so it never lands in a
/// bucket that is being delivered. A ring of buckets covers the longest delay; a message due beyond it is the
/// caller's to schedule on its own. With two partitions each has its own ring (its inbox), and one pool serves both;
/// a bucket keeps one chain per sending partition, delivered partition 0's first, so its order never depends on how
/// the two partitions' events interleave.
/// <para>
/// A bucket is a chain of 256-message chunks from one shared pool, so memory follows the messages in flight: a
/// bucket per slot sized for its own peak held 0.24 GiB more at network-1m-ci, after the storm had filled every slot.
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

    private readonly List<Message[]> _blocks = [];
    private readonly int[] _head;
    private readonly int[] _tail;
    private readonly int[] _counts;
    private readonly int _mask;
    private readonly int _ring;
    private readonly int _sources;
    private int[] _next = new int[1 << BlockShift];
    private int _free = -1;

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
    }

    /// <summary>Chains per bucket (one per sending partition): bucket <c>slot</c>'s chains are <c>slot × Chains</c> onwards.</summary>
    public int Chains => _sources;

    /// <summary>One message: its event kind, the node it reaches and the edge it is about.</summary>
    public readonly record struct Message(int Kind, int Node, int Edge);

    /// <summary>Bytes held by the chunk pool.</summary>
    public long Bytes => (_blocks.Count * (long)(ChunkSize << BlockShift) * 12) + (_next.Length * sizeof(int));

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

        if (Count(slot) == 0)
        {
            opened = bucket * WidthTicks;
        }

        var chain = (slot * _sources) + source;
        var n = _counts[chain];
        if (n == 0)
        {
            _head[chain] = _tail[chain] = TakeChunk();
        }
        else if ((n & (ChunkSize - 1)) == 0)
        {
            var c = TakeChunk();
            _next[_tail[chain]] = c;
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

    /// <summary>Messages in chain <paramref name="chain"/> (see <see cref="Chains"/>).</summary>
    public int ChainCount(int chain) => _counts[chain];

    /// <summary>The first chunk of chain <paramref name="chain"/> (when it is not empty).</summary>
    public int Head(int chain) => _head[chain];

    /// <summary>The chunk after <paramref name="chunk"/> in its bucket.</summary>
    public int Next(int chunk) => _next[chunk];

    /// <summary>The <paramref name="count"/> first messages of <paramref name="chunk"/>.</summary>
    public ReadOnlySpan<Message> Messages(int chunk, int count) => Chunk(chunk)[..count];

    /// <summary>A copy of bucket <paramref name="slot"/>'s messages in delivery order (for inspection; delivery walks the chunks).</summary>
    public Message[] Snapshot(int slot)
    {
        var all = new List<Message>(Count(slot));
        for (var chain = slot * _sources; chain < (slot + 1) * _sources; chain++)
        {
            for (int c = _head[chain], left = _counts[chain]; left > 0; c = _next[c], left -= ChunkSize)
            {
                all.AddRange(Messages(c, Math.Min(left, ChunkSize)));
            }
        }

        return [.. all];
    }

    /// <summary>Empties a delivered bucket: its chunks go back to the pool.</summary>
    public void Clear(int slot)
    {
        for (var chain = slot * _sources; chain < (slot + 1) * _sources; chain++)
        {
            if (_counts[chain] > 0)
            {
                _next[_tail[chain]] = _free;
                _free = _head[chain];
                _counts[chain] = 0;
            }
        }
    }

    private Span<Message> Chunk(int chunk) =>
        _blocks[chunk >> BlockShift].AsSpan((chunk & ((1 << BlockShift) - 1)) << ChunkShift, ChunkSize);

    private int TakeChunk()
    {
        if (_free < 0)
        {
            var first = _blocks.Count << BlockShift;
            _blocks.Add(new Message[ChunkSize << BlockShift]);
            while (_next.Length < first + (1 << BlockShift))
            {
                Array.Resize(ref _next, _next.Length * 2);
            }

            for (var c = first + (1 << BlockShift) - 1; c >= first; c--)
            {
                _next[c] = _free;
                _free = c;
            }
        }

        var taken = _free;
        _free = _next[taken];
        return taken;
    }
}
