namespace ConnMgr.Sim.Kernel;

/// <summary>
/// The simulator's pending-event set, ordered by (Due, Seq): a two-level calendar queue.
/// <para>
/// Events due before <c>_nearEnd</c> live in a small binary heap (the "near" window, one bucket wide, so it stays
/// in cache); later events are appended unsorted to one of <see cref="BucketCount"/> fixed-width time buckets;
/// events beyond the last bucket wait in an overflow array. When the near heap empties, the next bucket is heapified
/// into it; when the buckets are used up, they are re-laid over the overflow's time span with a width chosen for
/// about <see cref="TargetPerBucket"/> events each. Push is O(1) for far events and O(log b) for near ones, pop is
/// O(log b) with b the bucket size, against O(log n) cache-missing steps of one big heap.
/// </para>
/// Arrays grow once and are reused: no allocation per event in steady state. Deterministic: within the heap the
/// order is exactly (Due, Seq); buckets only partition time.
/// </summary>
public sealed class EventQueue
{
    private const int BucketCount = 4096;
    private const int TargetPerBucket = 64;

    private readonly Bucket[] _buckets = new Bucket[BucketCount];
    private SimEvent[] _heap = new SimEvent[256];
    private int _heapCount;
    private SimEvent[] _overflow = new SimEvent[256];
    private int _overflowCount;
    private long _base;
    private long _width = 1;
    private int _next = BucketCount; // all buckets consumed: the first events go to the overflow
    private long _nearEnd = long.MinValue;

    /// <summary>Pending events.</summary>
    public int Count { get; private set; }

    /// <summary>Adds an event.</summary>
    public void Push(in SimEvent e)
    {
        Count++;
        if (e.Due < _nearEnd)
        {
            HeapPush(in e);
            return;
        }

        if (_next < BucketCount)
        {
            // At or after _nearEnd, so at or after bucket _next.
            var index = (e.Due - _base) / _width;
            if (index < BucketCount)
            {
                _buckets[index].Add(in e);
                return;
            }
        }

        if (_overflowCount == _overflow.Length)
        {
            Array.Resize(ref _overflow, _overflow.Length * 2);
        }

        _overflow[_overflowCount++] = e;
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
        while (_heapCount == 0)
        {
            if (_next >= BucketCount)
            {
                Relayout();
            }

            ref var b = ref _buckets[_next++];
            _nearEnd = _base + (_next * _width);
            if (b.Count > 0)
            {
                LoadHeap(ref b);
            }
        }
    }

    /// <summary>Spreads the overflow over fresh buckets starting at its earliest event.</summary>
    private void Relayout()
    {
        var min = long.MaxValue;
        var max = long.MinValue;
        for (var i = 0; i < _overflowCount; i++)
        {
            var d = _overflow[i].Due;
            min = Math.Min(min, d);
            max = Math.Max(max, d);
        }

        _base = min;
        var span = max - min + 1;
        var buckets = Math.Clamp(_overflowCount / TargetPerBucket, 1, BucketCount);
        _width = Math.Max(1, (span + buckets - 1) / buckets);
        _next = 0;
        var overflow = _overflow;
        var count = _overflowCount;
        _overflowCount = 0;
        for (var i = 0; i < count; i++)
        {
            var index = (overflow[i].Due - _base) / _width;
            if (index < BucketCount)
            {
                _buckets[index].Add(in overflow[i]);
            }
            else
            {
                _overflow[_overflowCount++] = overflow[i];
            }
        }
    }

    private void LoadHeap(ref Bucket b)
    {
        if (_heap.Length < b.Count)
        {
            _heap = new SimEvent[Math.Max(b.Count, _heap.Length * 2)];
        }

        Array.Copy(b.Items, _heap, b.Count);
        _heapCount = b.Count;
        b.Count = 0;
        for (var i = (_heapCount >> 1) - 1; i >= 0; i--)
        {
            SiftDown(_heap, _heap[i], i, _heapCount);
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

    private struct Bucket
    {
        public SimEvent[] Items;
        public int Count;

        public void Add(in SimEvent e)
        {
            Items ??= new SimEvent[8];
            if (Count == Items.Length)
            {
                Array.Resize(ref Items, Items.Length * 2);
            }

            Items[Count++] = e;
        }
    }
}
