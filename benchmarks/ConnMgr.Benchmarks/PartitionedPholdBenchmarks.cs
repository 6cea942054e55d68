using BenchmarkDotNet.Attributes;
using ConnMgr.Sim.Kernel;

namespace ConnMgr.Benchmarks;

/// <summary>
/// PHOLD on the windowed kernel (<see cref="SimClock.UsePartitions"/>): <see cref="LogicalProcesses"/> LPs in two
/// partitions by parity, <see cref="EventsPerProcess"/> events each. An event, handled by its LP, draws from the LP's
/// own stream, works on the LP's own 64 bytes, and sends one event to a uniformly random LP 5–25 ms later (5 ms is
/// the window, the simulator's lookahead), so half the events cross partitions. One thread (the baseline) against
/// two (<see cref="SimClock.Threads"/>), in one process: both run exactly the same events, so the ratio is the
/// kernel's own speed-up, barriers included, with no model state shared between the partitions.
/// </summary>
[MemoryDiagnoser]
public class PartitionedPholdBenchmarks
{
    private static readonly long Ms = TimeSpan.TicksPerMillisecond;
    private SimClock _clock = null!;
    private Lps _lps = null!;

    [Params(100_000, 1_000_000)]
    public int LogicalProcesses { get; set; }

    [Params(2)]
    public int EventsPerProcess { get; set; }

    [GlobalSetup(Target = nameof(OneThread))]
    public void SetupOne() => Setup(threads: 1);

    [GlobalSetup(Target = nameof(TwoThreads))]
    public void SetupTwo() => Setup(threads: 2);

    /// <summary>100 ms of virtual time (~13 M events at 1 M LPs) on one thread.</summary>
    [Benchmark(Baseline = true)]
    public long OneThread() => Run();

    /// <summary>The same 100 ms with partition 1 on a second thread.</summary>
    [Benchmark]
    public long TwoThreads() => Run();

    private long Run()
    {
        _clock.RunFor(TimeSpan.FromMilliseconds(100));
        return _clock.EventsProcessed;
    }

    private void Setup(int threads)
    {
        _clock = new SimClock(DateTimeOffset.UnixEpoch);
        _clock.UsePartitions();
        _clock.Threads = threads;
        _lps = new Lps(_clock, LogicalProcesses);
        for (var i = 0; i < LogicalProcesses * EventsPerProcess; i++)
        {
            var lp = i % LogicalProcesses;
            _clock.Schedule(_clock.NowTicks + _lps.Delay(lp), _lps.Handler, 0, lp);
        }

        _clock.RunFor(TimeSpan.FromMilliseconds(50)); // past the start-up transient
    }

    /// <summary>The LPs: a stream (xorshift64*) and 64 bytes of state each, touched only by their own events.</summary>
    private sealed class Lps : IEventHandler
    {
        private readonly SimClock _clock;
        private readonly ulong[] _stream;
        private readonly long[] _state;
        private readonly int _count;

        public Lps(SimClock clock, int count)
        {
            _clock = clock;
            _count = count;
            _stream = new ulong[count];
            _state = new long[count * 8];
            for (var i = 0; i < count; i++)
            {
                _stream[i] = (ulong)i * 0x9E3779B97F4A7C15UL + 1;
            }

            Handler = clock.Register(this);
        }

        public int Handler { get; }

        public long Delay(int lp) => (5 * Ms) + (long)(Next(lp) % (ulong)(20 * Ms));

        public void Handle(in SimEvent e)
        {
            var lp = e.A;
            var draw = Next(lp);
            var s = lp * 8;
            _state[s] += (long)draw;
            _state[s + 7] ^= _state[s];
            _clock.Schedule(_clock.NowTicks + Delay(lp), Handler, 0, (int)(draw % (ulong)_count));
        }

        public int Owner(in SimEvent e) => e.A;

        private ulong Next(int lp)
        {
            var x = _stream[lp];
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            _stream[lp] = x;
            return x * 0x2545F4914F6CDD1DUL;
        }
    }
}
