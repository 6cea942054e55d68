using ConnMgr.Sim.Kernel;

namespace ConnMgr.Sim.Tests;

/// <summary>
/// <see cref="SimClock.Threads"/> = 2: partition 1's share of each window runs on a second thread. A workload whose
/// partitions share no state must run the same events in the same order as on one thread.
/// </summary>
public class TwoThreadClockTests
{
    private static readonly long Ms = TimeSpan.TicksPerMillisecond;

    /// <summary>
    /// Tokens passed between nodes: each event logs itself in its node's log and passes the token on, to its own node
    /// (0–20 ms later) or to another (5–30 ms later, across partitions half the time), drawn from its node's own stream.
    /// Every node also keeps a partition timer that it re-arms or replaces, and a global event every 37 ms hands a
    /// token to a node at the barrier.
    /// </summary>
    private sealed class Tokens : IEventHandler
    {
        private readonly SimClock _clock;
        private readonly int _id;
        private readonly Random[] _rng;
        private readonly ITimer?[] _timers;
        private readonly long[] _work;

        public Tokens(SimClock clock, int nodes)
        {
            _clock = clock;
            _id = clock.Register(this);
            _rng = [.. Enumerable.Range(0, nodes).Select(n => new Random(1000 + n))];
            _timers = new ITimer?[nodes];
            _work = new long[nodes];
            Logs = [.. Enumerable.Range(0, nodes).Select(_ => new List<(long, int)>())];
        }

        /// <summary>Per node: (time, what) for every token (its tag) and timer firing (-1); global events log to the last list.</summary>
        public List<(long At, int What)>[] Logs { get; }

        public List<long> GlobalLog { get; } = [];

        public void Seed(int tokens)
        {
            for (var t = 0; t < tokens; t++)
            {
                _clock.Schedule(_clock.NowTicks + ((t % 50) * Ms / 3), _id, 0, t % _rng.Length, t);
            }

            for (var n = 0; n < _rng.Length; n++)
            {
                ArmTimer(n);
            }

            _clock.Schedule(_clock.NowTicks + (37 * Ms), _id, 1, -1, 0);
        }

        public void Handle(in SimEvent e)
        {
            if (e.Kind == 1)
            {
                GlobalLog.Add(_clock.NowTicks);
                _clock.Schedule(_clock.NowTicks + (37 * Ms), _id, 1, -1, 0);
                _clock.Schedule(_clock.NowTicks + Ms, _id, 0, GlobalLog.Count % _rng.Length, -GlobalLog.Count); // pushed at the barrier
                return;
            }

            var node = e.A;
            Logs[node].Add((_clock.NowTicks, e.B));
            var rng = _rng[node];
            var work = 0;
            for (var i = rng.Next(200); i > 0; i--)
            {
                work += i * node; // uneven work per event, so the threads drift within a window
            }

            var local = rng.Next(2) == 0;
            var to = local ? node : (node + 1 + rng.Next(_rng.Length - 1)) % _rng.Length;
            var delay = local ? rng.Next(21) * Ms : (5 * Ms) + rng.Next(26) * Ms;
            _work[node] += work;
            _clock.Schedule(_clock.NowTicks + delay, _id, 0, to, e.B);
        }

        public int Owner(in SimEvent e) => PartitionOwners.Of(e.A);

        private void ArmTimer(int node) =>
            _timers[node] = _clock.PartitionTime(node & 1).CreateTimer(Fired, node, TimeSpan.FromMilliseconds(3 + node % 7), TimeSpan.FromMilliseconds(11 + node % 5));

        private void Fired(object? state)
        {
            var node = (int)state!;
            Logs[node].Add((_clock.NowTicks, -1));
            switch (_rng[node].Next(4))
            {
                case 0:
                    _timers[node]!.Dispose();
                    ArmTimer(node); // a new timer from this partition's thread
                    break;
                case 1:
                    _timers[node]!.Change(TimeSpan.FromMilliseconds(_rng[node].Next(9)), TimeSpan.FromMilliseconds(13));
                    break;
            }
        }
    }

    private static (SimClock Clock, Tokens Tokens) Run(int threads, int sliceMs = 0)
    {
        var clock = new SimClock();
        clock.UsePartitions();
        clock.Threads = threads;
        var tokens = new Tokens(clock, nodes: 64);
        tokens.Seed(2_000);
        if (sliceMs == 0)
        {
            clock.RunFor(TimeSpan.FromSeconds(2));
        }
        else
        {
            for (var ms = 0; ms < 2_000; ms += sliceMs)
            {
                clock.RunFor(TimeSpan.FromMilliseconds(Math.Min(sliceMs, 2_000 - ms)));
            }
        }

        return (clock, tokens);
    }

    [Test]
    public void TwoThreads_RunTheSameEvents_InTheSameOrder_AsOne()
    {
        var (oneClock, one) = Run(threads: 1);
        var (twoClock, two) = Run(threads: 2);
        Assert.That(one.Logs.Sum(l => l.Count), Is.GreaterThan(200_000), "a busy run: hundreds of events per window");
        Assert.That(one.Logs.Count(l => l.Any(x => x.What == -1)), Is.EqualTo(64), "every node's timer fired");
        Assert.That(twoClock.EventsProcessed, Is.EqualTo(oneClock.EventsProcessed));
        Assert.That(twoClock.NowTicks, Is.EqualTo(oneClock.NowTicks));
        Assert.That(two.GlobalLog, Is.EqualTo(one.GlobalLog));
        for (var n = 0; n < one.Logs.Length; n++)
        {
            Assert.That(two.Logs[n], Is.EqualTo(one.Logs[n]), $"node {n}'s events");
        }
    }

    [TestCase(3)]
    [TestCase(7)]
    public void TwoThreads_SlicedIntoShortRuns_RunTheEventsOfOneThreadInOneCall(int sliceMs)
    {
        var (_, one) = Run(threads: 1);
        var (_, two) = Run(threads: 2, sliceMs);
        for (var n = 0; n < one.Logs.Length; n++)
        {
            Assert.That(two.Logs[n], Is.EqualTo(one.Logs[n]), $"node {n}'s events");
        }
    }

    [Test]
    public void AnErrorOnTheSecondThread_IsThrownByTheRun()
    {
        var clock = new SimClock();
        clock.UsePartitions();
        clock.Threads = 2;
        var failing = new Failing(clock);
        clock.Schedule(clock.NowTicks + Ms, failing.Id, 0, 1, 0);
        var error = Assert.Throws<InvalidOperationException>(() => clock.RunFor(TimeSpan.FromSeconds(1)))!;
        Assert.That(error.Message, Is.EqualTo("node 1 failed"));
    }

    [Test]
    public void ATimerWithoutAPartition_CreatedOnTheSecondThread_IsAnError()
    {
        var clock = new SimClock();
        clock.UsePartitions();
        clock.Threads = 2;
        var failing = new Failing(clock) { CreateTimer = true };
        clock.Schedule(clock.NowTicks + Ms, failing.Id, 0, 1, 0);
        var error = Assert.Throws<InvalidOperationException>(() => clock.RunFor(TimeSpan.FromSeconds(1)))!;
        Assert.That(error.Message, Does.Contain("PartitionTime"));
    }

    [Test]
    public void Threads_OtherThanOneOrTwo_AreRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimClock().Threads = 3);

    private sealed class Failing : IEventHandler
    {
        private readonly SimClock _clock;

        public Failing(SimClock clock)
        {
            _clock = clock;
            Id = clock.Register(this);
        }

        public int Id { get; }

        public bool CreateTimer { get; init; }

        public void Handle(in SimEvent e)
        {
            if (CreateTimer)
            {
                _clock.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
                return;
            }

            throw new InvalidOperationException($"node {e.A} failed");
        }

        public int Owner(in SimEvent e) => PartitionOwners.Of(e.A);
    }
}
