using BenchmarkDotNet.Attributes;
using ConnMgr.Sim.Kernel;

namespace ConnMgr.Benchmarks;

/// <summary>
/// The classic hold model: N events pending; each operation pops the earliest and schedules one new event at
/// now + Exp(mean 1 s). Events/s = operations/s. Baseline: <see cref="PriorityQueue{TElement, TPriority}"/> keyed
/// on (due, seq) as any deterministic simulator must (it is not stable). <c>EventHeap</c> is the binary heap the
/// simulator started with; <c>EventQueue</c> is its two-level calendar queue.
/// </summary>
[MemoryDiagnoser]
public class HoldModelBenchmarks
{
    private const int Operations = 1_000_000;
    private const int IncrementCount = 1 << 16;
    private readonly long[] _increments = new long[IncrementCount];
    private PriorityQueue<SimEvent, Key> _pq = null!;
    private EventHeap _heap = null!;
    private EventQueue _calendar = null!;
    private long _seq;
    private int _next;

    [Params(10_000, 1_000_000, 10_000_000)]
    public int Pending { get; set; }

    [GlobalSetup(Target = nameof(PriorityQueue))]
    public void SetupPriorityQueue()
    {
        Increments();
        _pq = new PriorityQueue<SimEvent, Key>(Pending + 1);
        for (var i = 0; i < Pending; i++)
        {
            var e = NewEvent(0);
            _pq.Enqueue(e, new Key(e.Due, e.Seq));
        }
    }

    [GlobalSetup(Target = nameof(BinaryHeap))]
    public void SetupHeap()
    {
        Increments();
        _heap = new EventHeap();
        for (var i = 0; i < Pending; i++)
        {
            _heap.Push(NewEvent(0));
        }
    }

    [GlobalSetup(Target = nameof(CalendarQueue))]
    public void SetupCalendar()
    {
        Increments();
        _calendar = new EventQueue();
        for (var i = 0; i < Pending; i++)
        {
            _calendar.Push(NewEvent(0));
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Operations)]
    public long PriorityQueue()
    {
        long now = 0;
        for (var i = 0; i < Operations; i++)
        {
            var e = _pq.Dequeue();
            now = e.Due;
            var n = NewEvent(now);
            _pq.Enqueue(n, new Key(n.Due, n.Seq));
        }

        return now;
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public long BinaryHeap()
    {
        long now = 0;
        for (var i = 0; i < Operations; i++)
        {
            now = _heap.Pop().Due;
            _heap.Push(NewEvent(now));
        }

        return now;
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public long CalendarQueue()
    {
        long now = 0;
        for (var i = 0; i < Operations; i++)
        {
            now = _calendar.Pop().Due;
            _calendar.Push(NewEvent(now));
        }

        return now;
    }

    private SimEvent NewEvent(long now) => new(now + _increments[_next++ & (IncrementCount - 1)], _seq++, 0, 0, 0, 0);

    private void Increments()
    {
        var rng = new Random(7);
        for (var i = 0; i < IncrementCount; i++)
        {
            _increments[i] = (long)(-Math.Log(1 - rng.NextDouble()) * TimeSpan.TicksPerSecond);
        }

        _seq = 0;
        _next = 0;
    }

    /// <summary>(due, seq): the deterministic order; a struct so the comparer is devirtualised.</summary>
    public readonly record struct Key(long Due, long Seq) : IComparable<Key>
    {
        public int CompareTo(Key other) => Due != other.Due ? Due.CompareTo(other.Due) : Seq.CompareTo(other.Seq);
    }
}
