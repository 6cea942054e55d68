using BenchmarkDotNet.Attributes;
using ConnMgr.Sim.Kernel;

namespace ConnMgr.Benchmarks;

/// <summary>
/// PHOLD (Fujimoto, "Performance of Time Warp under synthetic workloads", 1990): <see cref="LogicalProcesses"/> LPs
/// with <see cref="EventsPerProcess"/> events each; every event, handled by its LP, bumps that LP's counter and
/// sends one event to a uniformly random LP at now + lookahead (100 ms) + Exp(1 s). Unlike the hold model this runs
/// the whole kernel — <see cref="SimClock"/>'s loop, handler dispatch and <see cref="SimClock.Schedule"/> — and
/// touches random model state per event, as the simulator does. Baseline: the same loop on
/// <see cref="PriorityQueue{TElement, TPriority}"/> keyed on (due, seq).
/// </summary>
[MemoryDiagnoser]
public class PholdBenchmarks
{
    private const int Operations = 1 << 20; // a multiple of 4,096, where SimClock checks for cancellation
    private const long Lookahead = TimeSpan.TicksPerSecond / 10;
    private const int IncrementCount = 1 << 16;
    private readonly long[] _increments = new long[IncrementCount];
    private int[] _targets = null!;
    private int[] _received = null!;
    private SimClock _clock = null!;
    private ClockModel _clockModel = null!;
    private PriorityQueue<SimEvent, HoldModelBenchmarks.Key> _pq = null!;
    private long _pqSeq;
    private long _pqNow;
    private int _next;

    [Params(100_000, 1_000_000)]
    public int LogicalProcesses { get; set; }

    [Params(10)]
    public int EventsPerProcess { get; set; }

    [GlobalSetup(Target = nameof(PriorityQueueKernel))]
    public void SetupPriorityQueue()
    {
        Draws();
        _pq = new PriorityQueue<SimEvent, HoldModelBenchmarks.Key>((LogicalProcesses * EventsPerProcess) + 1);
        _pqSeq = 0;
        _pqNow = 0;
        for (var i = 0; i < LogicalProcesses * EventsPerProcess; i++)
        {
            PqSchedule(Delay(), i % LogicalProcesses);
        }
    }

    [GlobalSetup(Target = nameof(SimClockKernel))]
    public void SetupSimClock()
    {
        Draws();
        _clock = new SimClock(DateTimeOffset.UnixEpoch);
        _clockModel = new ClockModel(this);
        _clockModel.Handler = _clock.Register(_clockModel);
        for (var i = 0; i < LogicalProcesses * EventsPerProcess; i++)
        {
            _clock.Schedule(_clock.NowTicks + Delay(), _clockModel.Handler, 0, i % LogicalProcesses);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Operations)]
    public long PriorityQueueKernel()
    {
        for (var i = 0; i < Operations; i++)
        {
            var e = _pq.Dequeue();
            _pqNow = e.Due;
            _received[e.A]++;
            PqSchedule(Delay(), NextTarget());
        }

        return _pqNow;
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public long SimClockKernel()
    {
        using var stop = new CancellationTokenSource();
        _clockModel.StopAt(_clock.EventsProcessed + Operations, stop);
        _clock.RunUntil(DateTimeOffset.MaxValue, stop.Token);
        return _clock.NowTicks;
    }

    private void PqSchedule(long delay, int target)
    {
        var e = new SimEvent(_pqNow + delay, _pqSeq++, 0, 0, target, 0);
        _pq.Enqueue(e, new HoldModelBenchmarks.Key(e.Due, e.Seq));
    }

    private long Delay() => Lookahead + _increments[_next++ & (IncrementCount - 1)];

    private int NextTarget() => _targets[_next & (IncrementCount - 1)];

    private void Draws()
    {
        var rng = new Random(11);
        _targets = new int[IncrementCount];
        for (var i = 0; i < IncrementCount; i++)
        {
            _increments[i] = (long)(-Math.Log(1 - rng.NextDouble()) * TimeSpan.TicksPerSecond);
            _targets[i] = rng.Next(LogicalProcesses);
        }

        _received = new int[LogicalProcesses];
        _next = 0;
    }

    /// <summary>The PHOLD model as a <see cref="SimClock"/> handler; cancels the run after a set event count.</summary>
    private sealed class ClockModel(PholdBenchmarks owner) : IEventHandler
    {
        private long _stopAt;
        private CancellationTokenSource? _stop;

        public int Handler { get; set; }

        public void StopAt(long events, CancellationTokenSource stop)
        {
            _stopAt = events;
            _stop = stop;
        }

        public void Handle(in SimEvent e)
        {
            owner._received[e.A]++;
            var clock = owner._clock;
            clock.Schedule(clock.NowTicks + owner.Delay(), Handler, 0, owner.NextTarget());
            if (clock.EventsProcessed == _stopAt)
            {
                _stop!.Cancel(); // seen before the next event: SimClock checks every 4,096 and _stopAt is a multiple
            }
        }
    }
}
