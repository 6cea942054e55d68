namespace ConnMgr.Sim.Kernel;

/// <summary>
/// The simulator's pending-event set, ordered by (Due, Seq): a ladder queue (Tang, Goh and Thng, "Ladder queue: an
/// O(1) priority queue structure for large-scale discrete event simulation", ACM TOMACS 15(3), 2005).
/// <para>
/// Three tiers. <b>Top</b> is an unsorted bag of far-future events. <b>Rungs</b> are calendars: rung 0 spreads Top
/// over up to <see cref="MaxBuckets"/> equal-width buckets covering exactly Top's time span; a bucket that holds more
/// than <see cref="SpawnThreshold"/> events when its turn comes is spread over a finer child rung covering only that
/// bucket's own events. <b>Bottom</b> is a small binary heap holding one bucket (≤ <see cref="SpawnThreshold"/> events
/// when loaded unless they all share one due time, plus events pushed into its window afterwards). So bucket width follows the local density of the near future: one churn
/// event hours ahead widens rung 0, but its dense first bucket is refined in a child rung instead of becoming one huge
/// heap. Every event is moved O(rungs) times (typically 1–2) and sifted in a heap of ~32, so push and pop are O(1)
/// amortised against O(log n) cache-missing steps of one big heap.
/// </para>
/// <para>
/// Storage is 1 KiB chunks from a pool (<see cref="EventChunkPool"/>), reused in steady state (0 B per event) and
/// released when the population falls, so retained memory follows pending events. Deterministic: the heap orders by
/// exactly (Due, Seq); rungs only partition time, and an event always goes to the tier that is drained before any
/// later-due event's tier.
/// </para>
/// </summary>
public sealed class EventQueue
{
    private const int MaxBuckets = 4096;
    private const int TargetPerBucket = 32;
    private const int SpawnThreshold = 2 * TargetPerBucket;

    private readonly EventChunkPool _pool = new();
    private Rung[] _rungs = new Rung[4];
    private int _rungCount;
    private EventBag _top;
    private SimEvent[] _heap = new SimEvent[SpawnThreshold * 2];
    private int _heapCount;

    // Every event due before this is in the heap; equals the deepest rung's next-bucket start while rungs exist.
    private long _nearEnd = long.MinValue;

    private long _seq;

    /// <summary>Pending events.</summary>
    public int Count { get; private set; }

    /// <summary>The next of this queue's own sequence numbers (a partitioned clock numbers each queue's events apart).</summary>
    public long TakeSeq() => _seq++;

    /// <summary>Events currently in the bottom heap (diagnostics: stays near a bucket's size at any population).</summary>
    public int HeapCount => _heapCount;

    /// <summary>Storage chunks held, in use or idle (diagnostics: retained memory is about 1 KiB per chunk).</summary>
    public int ChunksHeld => _pool.InUse + _pool.Idle;

    /// <summary>Adds an event. O(rungs), no allocation once the pool has grown to the population.</summary>
    public void Push(in SimEvent e)
    {
        Count++;
        var due = e.Due;
        if (due < _nearEnd)
        {
            HeapPush(in e);
            return;
        }

        if (_rungCount == 0 || due >= _rungs[0].End)
        {
            _top.Add(in e, _pool);
            return;
        }

        // The first rung (coarsest first) whose unconsumed range holds the event; a deeper rung covers exactly the
        // parent bucket being consumed, so this is the tier drained in due order. At least the deepest rung matches,
        // because its next-bucket start is _nearEnd.
        for (var i = 0; i < _rungCount; i++)
        {
            var rung = _rungs[i];
            if (due >= rung.CurrentStart)
            {
                rung.Add(in e, _pool);
                return;
            }
        }

        HeapPush(in e); // unreachable while the invariant above holds; kept so an event is never lost
    }

    /// <summary>The earliest event. The queue must not be empty.</summary>
    public ref readonly SimEvent Peek()
    {
        if (_heapCount == 0)
        {
            Refill();
        }

        return ref _heap[0];
    }

    /// <summary>
    /// The event after the earliest, when the bottom heap holds it (false when it would take a refill to know):
    /// the smaller of the heap root's children.
    /// </summary>
    public bool TryPeekSecond(out SimEvent second)
    {
        if (_heapCount < 2)
        {
            second = default;
            return false;
        }

        var heap = _heap;
        second = _heapCount == 2 || Less(heap[1], heap[2]) ? heap[1] : heap[2];
        return true;
    }

    /// <summary>Removes and returns the earliest event. The queue must not be empty.</summary>
    public SimEvent Pop()
    {
        if (_heapCount == 0)
        {
            Refill();
        }

        Count--;
        var heap = _heap;
        var top = heap[0];
        var n = --_heapCount;
        if (n > 0)
        {
            SiftDown(heap, heap[n], 0, n);
        }

        return top;
    }

    private void Refill()
    {
        if (Count == 0)
        {
            throw new InvalidOperationException("The event queue is empty.");
        }

        while (_heapCount == 0)
        {
            if (_rungCount == 0)
            {
                var (min, max) = _top.DueRange();
                var end = max == long.MaxValue ? max : max + 1;
                SpreadIntoNewRung(ref _top, min, max, end);
                _nearEnd = _rungs[0].CurrentStart;
                continue;
            }

            var rung = _rungs[_rungCount - 1];
            if (rung.Cursor == rung.BucketCount)
            {
                _rungCount--; // exhausted: its parent's next bucket starts where it ended
                continue;
            }

            ref var bucket = ref rung.Buckets[rung.Cursor++];
            _nearEnd = rung.CurrentStart;
            if (bucket.Count == 0)
            {
                continue;
            }

            if (bucket.Count > SpawnThreshold)
            {
                var (min, max) = bucket.DueRange();
                if (max > min)
                {
                    SpreadIntoNewRung(ref bucket, min, max, _nearEnd);
                    _nearEnd = _rungs[_rungCount - 1].CurrentStart;
                    continue;
                }
            }

            LoadHeap(ref bucket);
        }
    }

    /// <summary>Moves every event of <paramref name="source"/> into a new deepest rung over [min, end).</summary>
    private void SpreadIntoNewRung(ref EventBag source, long min, long max, long end)
    {
        if (_rungCount == _rungs.Length)
        {
            Array.Resize(ref _rungs, _rungs.Length * 2);
        }

        var rung = _rungs[_rungCount] ??= new Rung(MaxBuckets);
        _rungCount++;
        var buckets = Math.Clamp(source.Count / TargetPerBucket, 1, MaxBuckets);
        var span = (max - min) + 1; // positive: due times are far from long.MaxValue in practice, and clamped below
        var width = Math.Max(1, span / buckets + (span % buckets == 0 ? 0 : 1));
        rung.Reset(min, width, buckets, end);
        for (var chunk = source.Detach(); chunk is not null; chunk = _pool.ReturnAndNext(chunk))
        {
            for (var i = 0; i < chunk.Count; i++)
            {
                rung.Add(in chunk.Items[i], _pool);
            }
        }
    }

    private void LoadHeap(ref EventBag bucket)
    {
        var count = bucket.Count;
        if (_heap.Length < count || _heap.Length > Math.Max(1024, count * 8))
        {
            // Grow for a bucket of ties, shrink after one: the heap follows what it holds.
            _heap = new SimEvent[Math.Max(SpawnThreshold * 2, count)];
        }

        var n = 0;
        for (var chunk = bucket.Detach(); chunk is not null; chunk = _pool.ReturnAndNext(chunk))
        {
            for (var i = 0; i < chunk.Count; i++)
            {
                _heap[n++] = chunk.Items[i];
            }
        }

        _heapCount = n;
        for (var i = (n >> 1) - 1; i >= 0; i--)
        {
            SiftDown(_heap, _heap[i], i, n);
        }
    }

    private void HeapPush(in SimEvent e)
    {
        if (_heapCount == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }

        var heap = _heap;
        var i = _heapCount++;
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (!Less(in e, in heap[parent]))
            {
                break;
            }

            heap[i] = heap[parent];
            i = parent;
        }

        heap[i] = e;
    }

    private static void SiftDown(SimEvent[] heap, SimEvent item, int i, int n)
    {
        while (true)
        {
            var child = (i << 1) + 1;
            if (child >= n)
            {
                break;
            }

            if (child + 1 < n && Less(in heap[child + 1], in heap[child]))
            {
                child++;
            }

            if (!Less(in heap[child], in item))
            {
                break;
            }

            heap[i] = heap[child];
            i = child;
        }

        heap[i] = item;
    }

    private static bool Less(in SimEvent a, in SimEvent b) => a.Due < b.Due || (a.Due == b.Due && a.Seq < b.Seq);

    /// <summary>
    /// One calendar of the ladder: buckets of equal <see cref="Width"/> from <see cref="Base"/>, the last one
    /// extended to <see cref="End"/>; <see cref="Cursor"/> is the next bucket to consume.
    /// </summary>
    private sealed class Rung(int maxBuckets)
    {
        public readonly EventBag[] Buckets = new EventBag[maxBuckets];

        public long Base { get; private set; }

        public long Width { get; private set; }

        public long End { get; private set; }

        public int BucketCount { get; private set; }

        public int Cursor { get; set; }

        /// <summary>Start of the next unconsumed bucket; <see cref="End"/> once all are consumed.</summary>
        public long CurrentStart => Cursor >= BucketCount ? End : Base + (Cursor * Width);

        public void Reset(long start, long width, int buckets, long end)
        {
            Base = start;
            Width = width;
            BucketCount = buckets;
            End = end;
            Cursor = 0;
        }

        /// <summary>Adds an event due in [<see cref="CurrentStart"/>, <see cref="End"/>).</summary>
        public void Add(in SimEvent e, EventChunkPool pool)
        {
            var index = (e.Due - Base) / Width;
            Buckets[index < BucketCount ? index : BucketCount - 1].Add(in e, pool);
        }
    }
}
