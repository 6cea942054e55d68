using System.Globalization;
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

        /// <summary>Busy-waits this long in every odd node's token event, so partition 1's share of a window is the longer.</summary>
        public TimeSpan OddNodesSpin { get; init; }

        /// <summary>Busy-waits this long in every even node's token event, so partition 0's share of a window is the longer.</summary>
        public TimeSpan EvenNodesSpin { get; init; }

        /// <summary>Collects generation 0 in every global event (run alone, between windows), for the wait trial's collections column.</summary>
        public bool CollectInGlobalEvents { get; init; }

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
                if (CollectInGlobalEvents)
                {
                    GC.Collect(0);
                }

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
            var spin = (node & 1) == 1 ? OddNodesSpin : EvenNodesSpin;
            if (spin > TimeSpan.Zero)
            {
                var until = System.Diagnostics.Stopwatch.GetTimestamp() + (long)(spin.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
                while (System.Diagnostics.Stopwatch.GetTimestamp() < until)
                {
                }
            }

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

    [TestCase(1, TestName = "AWaitLongerThanTheSpin_Parks_TheCallingThreadWhenPartition1IsSlow")]
    [TestCase(0, TestName = "AWaitLongerThanTheSpin_Parks_TheWorkerWhenPartition0IsSlow")]
    public void AWaitLongerThanTheSpin_Parks_AndIsWokenByTheHandOver(int slowPartition)
    {
        // A few tokens, each event of the slow partition's nodes spinning 4 ms: its share of a window takes several
        // milliseconds, past the other side's spin (a few ms), so that side parks and the hand-over wakes it.
        var slow = TimeSpan.FromMilliseconds(4);
        (SimClock Clock, Tokens Tokens) RunSlow(int threads)
        {
            var clock = new SimClock();
            clock.UsePartitions();
            clock.Threads = threads;
            clock.WaitTrial = null;
            var tokens = new Tokens(clock, nodes: 8) { OddNodesSpin = slowPartition == 1 ? slow : TimeSpan.Zero, EvenNodesSpin = slowPartition == 0 ? slow : TimeSpan.Zero };
            tokens.Seed(12);
            clock.RunFor(TimeSpan.FromMilliseconds(150));
            return (clock, tokens);
        }

        var (_, one) = RunSlow(threads: 1);
        var (twoClock, two) = RunSlow(threads: 2);
        var waiting = 1 - slowPartition;
        var parks = twoClock.ParkedWaits;
        TestContext.Out.WriteLine($"parked waits: calling thread {parks[0]} ({parks[2]} woken late), worker {parks[1]} ({parks[3]} woken late)");
        Assert.That(parks[waiting], Is.GreaterThan(5), "the side that waits for the slow partition parked");
        Assert.That(parks[2] + parks[3], Is.LessThanOrEqualTo((parks[0] + parks[1]) / 10), "the hand-over wakes a parked side; the timeout is a safety net");
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
    public void EachThread_WhileItWaits_IsAskedForHintsForItsOwnPartitionsNextWindow_UntilItHasNoMore()
    {
        Assert.That(Prefetcher.Enabled, Is.True, "wait hints need x86 prefetch and CONNMGR_SIM_PREFETCH unset");
        var clock = new SimClock();
        clock.UsePartitions();
        clock.Threads = 2;
        var hints = new CountingHints(stepsPerWait: 3);
        clock.WaitHints = hints;
        clock.WaitTrial = null; // every wait hints, whatever the environment says
        var tokens = new Tokens(clock, nodes: 64);
        tokens.Seed(2_000);
        var mainThread = Environment.CurrentManagedThreadId;
        clock.RunFor(TimeSpan.FromSeconds(2));

        Assert.That(hints.Waits[0], Is.GreaterThan(10), "the calling thread waited for partition 1 in some windows");
        Assert.That(hints.Waits[1], Is.GreaterThan(10), "the worker waited at the barrier in some windows");
        for (var p = 0; p < 2; p++)
        {
            var steps = hints.Steps[p];
            var starts = tokens.GlobalLog.Append(clock.NowTicks + 1).ToHashSet(); // a window ends early at an event run alone or at the run's end
            Assert.That(steps.All(s => s.Next % SimClock.WindowTicks == 0 || starts.Contains(s.Next)), Is.True, $"partition {p}: every hint names the tick after its window");
            Assert.That(steps.All(s => (s.Thread == mainThread) == (p == 0)), Is.True, $"partition {p}: asked on its own thread");
            Assert.That(steps.Max(s => s.InWait), Is.EqualTo(3), $"partition {p}: no step after the third of a wait said there were no more");
        }
    }

    [Test]
    public void AWaitTrial_HintsAfterHalfTheWindows_AndWritesEachWindowsBusyTimes()
    {
        Assert.That(Prefetcher.Enabled, Is.True, "wait hints need x86 prefetch and CONNMGR_SIM_PREFETCH unset");
        var path = Path.Combine(Path.GetTempPath(), $"wait-trial-{Guid.NewGuid():N}.csv");
        var always = RunWithHints(trial: null);
        var trialled = RunWithHints(new WaitHintTrial(path));
        try
        {
            // Partition 1's events spin, so the calling thread waits in every window partition 1 has work in.
            Assert.That(always.Waits[0], Is.GreaterThan(200), "the calling thread waited in most windows");
            var share = (double)trialled.Waits[0] / always.Waits[0];
            TestContext.Out.WriteLine($"hinted waits of the calling thread: {trialled.Waits[0]} of {always.Waits[0]} without a trial");
            Assert.That(share, Is.InRange(0.35, 0.65), "about half of its waits hint in a trial");
            var rows = File.ReadAllLines(path);
            Assert.That(rows[0], Is.EqualTo("window,hinted_before,busy0_us,busy1_us,collections"));
            Assert.That(rows.Length, Is.GreaterThan(300), "a row per window of 2 s");
            var cells = rows.Skip(1).Select(r => r.Split(',')).ToList();
            Assert.That(cells.All(c => c[1] == (WaitHintTrial.HintsAfter(int.Parse(c[0], CultureInfo.InvariantCulture) - 1) ? "1" : "0")), Is.True, "the hash decides");
            Assert.That(cells.Count(c => c[1] == "1"), Is.InRange(cells.Count * 0.4, cells.Count * 0.6), "half the windows");
            Assert.That(cells.Count(c => double.Parse(c[2], CultureInfo.InvariantCulture) > 0 && double.Parse(c[3], CultureInfo.InvariantCulture) > 0), Is.GreaterThan(cells.Count / 2), "both threads' busy times");
            Assert.That(File.Exists(path + ".tmp"), Is.False, "written through a temporary file");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void AWaitTrial_CountsTheCollectionsSinceEachWindowsBarrier()
    {
        var path = Path.Combine(Path.GetTempPath(), $"wait-trial-{Guid.NewGuid():N}.csv");
        var clock = new SimClock();
        clock.UsePartitions();
        clock.Threads = 2;
        clock.WaitTrial = new WaitHintTrial(path);
        var tokens = new Tokens(clock, nodes: 64) { CollectInGlobalEvents = true };
        tokens.Seed(2_000);
        var before = GC.CollectionCount(0);
        clock.RunFor(TimeSpan.FromSeconds(2));
        var during = GC.CollectionCount(0) - before;
        clock.FinishWaitTrial();
        try
        {
            var counts = File.ReadAllLines(path).Skip(1).Select(r => int.Parse(r.Split(',')[4], CultureInfo.InvariantCulture)).ToList();
            TestContext.Out.WriteLine($"{counts.Sum()} collections in {counts.Count(c => c > 0)} of {counts.Count} windows; {tokens.GlobalLog.Count} global events; {during} in the run");
            Assert.That(counts.Count(c => c > 0), Is.GreaterThanOrEqualTo(tokens.GlobalLog.Count - 1), "each global event's collection lands in the window after it (the first window is not written)");
            Assert.That(counts.Sum(), Is.LessThanOrEqualTo(during), "no more than the run's collections");
            Assert.That(counts.Count(c => c == 0), Is.GreaterThan(counts.Count / 2), "most windows have none");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static CountingHints RunWithHints(WaitHintTrial? trial)
    {
        var clock = new SimClock();
        clock.UsePartitions();
        clock.Threads = 2;
        var hints = new CountingHints(stepsPerWait: 1);
        clock.WaitHints = hints;
        clock.WaitTrial = trial;
        new Tokens(clock, nodes: 64) { OddNodesSpin = TimeSpan.FromMicroseconds(2) }.Seed(2_000);
        clock.RunFor(TimeSpan.FromSeconds(2));
        clock.FinishWaitTrial();
        return hints;
    }

    /// <summary>Records every step, says there is more for the first steps of each wait, and changes nothing.</summary>
    private sealed class CountingHints(int stepsPerWait) : IWaitHints
    {
        private readonly int[] _inWait = new int[2];

        public List<(long Next, int Thread, int InWait)>[] Steps { get; } = [[], []];

        public int[] Waits { get; } = new int[2];

        public bool Step(int partition, long nextWindowTicks, bool first)
        {
            if (first)
            {
                Waits[partition]++;
                _inWait[partition] = 0;
            }

            var step = ++_inWait[partition];
            Steps[partition].Add((nextWindowTicks, Environment.CurrentManagedThreadId, step));
            return step < stepsPerWait;
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
