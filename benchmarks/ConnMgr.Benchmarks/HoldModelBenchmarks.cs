using BenchmarkDotNet.Attributes;
using ConnMgr.Sim.Kernel;

namespace ConnMgr.Benchmarks;

/// <summary>
/// The classic hold model: N events pending; each operation pops the earliest and schedules one new event at
/// now + Exp(mean 1 s). Events/s = operations/s. Baseline: <see cref="PriorityQueue{TElement, TPriority}"/> keyed
/// on (due, seq) as any deterministic simulator must (it is not stable). <c>EventHeap</c> is the binary heap the
/// simulator started with; <c>EventQueue</c> is its ladder queue. With <see cref="FarFuture"/>, one increment in 16 is
/// Uniform(0, 4 h) instead — the simulator's shape (churn and linger hours ahead of a dense near future), which made
/// the earlier two-level calendar widen its buckets until it degenerated into one binary heap.
/// </summary>
[MemoryDiagnoser]
public class HoldModelBenchmarks
{
    private const int Operations = 1_000_000;
    private const int IncrementCount = 1 << 16;
    private readonly long[] _increments = new long[IncrementCount];
    private PriorityQueue<SimEvent, Key> _pq = null!;
    private EventHeap _heap = null!;
    private EventQueue _ladder = null!;
    private long _seq;
    private int _next;

    [Params(10_000, 1_000_000, 10_000_000)]
    public int Pending { get; set; }

    [Params(false, true)]
    public bool FarFuture { get; set; }

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

    [GlobalSetup(Target = nameof(LadderQueue))]
    public void SetupLadder()
    {
        Increments();
        _ladder = new EventQueue();
        for (var i = 0; i < Pending; i++)
        {
            _ladder.Push(NewEvent(0));
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
    public long LadderQueue()
    {
        long now = 0;
        for (var i = 0; i < Operations; i++)
        {
            now = _ladder.Pop().Due;
            _ladder.Push(NewEvent(now));
        }

        return now;
    }

    private SimEvent NewEvent(long now) => new(now + _increments[_next++ & (IncrementCount - 1)], _seq++, 0, 0, 0, 0);

    private void Increments()
    {
        var rng = new Random(7);
        for (var i = 0; i < IncrementCount; i++)
        {
            _increments[i] = FarFuture && (i & 15) == 0
                ? rng.NextInt64(0, 4 * TimeSpan.TicksPerHour)
                : (long)(-Math.Log(1 - rng.NextDouble()) * TimeSpan.TicksPerSecond);
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
