using System.Diagnostics;
using System.Globalization;

namespace ConnMgr.Sim.Kernel;

/// <summary>
/// Two logical partitions of the nodes (<see cref="NodePartition"/>: node parity) and windows of virtual time: step 3
/// of docs/design/two-partition-kernel.md, on one thread or two (<see cref="Threads"/>). Each partition has its own
/// queue; events with no owner (trace samples, storms, crawler bursts) have a third, global queue. The loop runs
/// windows of <see cref="WindowTicks"/> aligned to multiples of it: partition 0's events of the window, then partition
/// 1's. A global event ends the window before it and runs alone at its barrier, before the partitions' events of its
/// tick. An event one partition schedules for the other (or for the global queue) must be due at or after the window's
/// end, since the other may already have run past it; it waits in its source's outbox and enters its queue at the
/// barrier, sources in partition order, each in posting order. So the order of events in a queue never depends on which
/// partition ran first, and two threads running the partitions side by side would run the same events in the same
/// order.
/// </summary>
public sealed partial class SimClock
{
    /// <summary>A window: the least time a message takes between nodes (5 ms, the delivery buckets' width).</summary>
    public static readonly long WindowTicks = TimeSpan.FromMilliseconds(5).Ticks;

    private const int Global = 2, NoneRunning = -1;
    private const long NoWindow = long.MinValue;

    private EventQueue[]? _partitions;
    private List<SimEvent>[] _crossing = [];
    private readonly PartitionClock[] _times;
    private int _running = NoneRunning;
    private long _windowEnd = NoWindow;
    private WindowWorker? _worker;

    /// <summary>The partition whose events run now on the calling thread; -1 at a barrier (a global event), between runs, or without partitions.</summary>
    public int RunningPartition => _worker is { } w && w.IsCurrentThread ? 1 : _running;

    /// <summary>
    /// Threads that run the partitions (1 or 2; set before a run). With 2, partition 1's share of each window runs on
    /// a worker thread beside partition 0's, and the barriers on the calling thread; the events are those of one
    /// thread, in the same order in each queue. Needs partitions, and runs on one thread while the event profile is on.
    /// </summary>
    public int Threads
    {
        get => _threads;
        set => _threads = value is 1 or 2 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "1 or 2");
    }

    private int _threads = 1;

    /// <summary>
    /// Runs partition 1's share of each window before partition 0's (a check, for tests): a run whose partitions share
    /// no state gives the same results in either order, as two threads running them side by side would.
    /// </summary>
    internal bool OddPartitionFirst { get; set; }

    /// <summary>
    /// Hints each thread gives for its partition's next window while it waits for the other (two threads only, and not
    /// with <c>CONNMGR_SIM_PREFETCH=0</c>); set before a run. They change nothing, so outputs are those without them.
    /// </summary>
    public IWaitHints? WaitHints { get; set; }

    /// <summary>Writes the wait hints' trial, when the environment asked for one (<see cref="WaitHintTrial"/>); after a run.</summary>
    public void FinishWaitTrial() => WaitTrial?.Write();

    /// <summary>The wait hints' trial of this clock's runs (from the environment; tests set one).</summary>
    internal WaitHintTrial? WaitTrial { get; set; } = WaitHintTrial.FromEnvironment();

    private int _windowsRun;

    /// <summary>
    /// Waits on two threads that outlasted the spin and parked, per side (0: the calling thread, 1: the worker), then
    /// per side those that timed out to find the hand-over done, which a pulse should have woken; for tests.
    /// </summary>
    internal long[] ParkedWaits { get; } = new long[4];

    /// <summary>True after <see cref="UsePartitions"/>.</summary>
    public bool Partitioned => _partitions is not null;

    /// <summary>
    /// Runs events in two partitions from now on (before any event is scheduled): each event in its owner's partition
    /// (<see cref="IEventHandler.Owner"/>, <see cref="NodePartition"/>), or between windows when it has none.
    /// </summary>
    public void UsePartitions()
    {
        if (_queue.Count > 0 || _partitions is not null)
        {
            throw new InvalidOperationException("Partitions are chosen before the first event is scheduled.");
        }

        _partitions = [new EventQueue(), new EventQueue(), _queue];
        _crossing = [[], []];
        if (_profile is not null)
        {
            _profile.Partitions.RunWindowTicks = WindowTicks;
        }
    }

    /// <summary>
    /// The time of partition <paramref name="partition"/>: the clock's, with timers that run in the partition once
    /// <see cref="UsePartitions"/> is on (the profile charges them to it before). An engine of the partition takes it.
    /// </summary>
    public TimeProvider PartitionTime(int partition) => _times[partition];

    /// <summary>Queues an event where its owner runs; one for another partition waits for the barrier.</summary>
    private void SchedulePartitioned(in SimEvent e)
    {
        var target = Target(in e);
        var running = RunningPartition;
        if (target == running || (running == NoneRunning && (target != Global || _windowEnd == NoWindow || e.Due >= _windowEnd)))
        {
            _partitions![target].Push(e with { Seq = _partitions[target].TakeSeq() }); // each queue numbers its own events: no counter shared
            return;
        }

        if (e.Due < _windowEnd)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"{_handlers[e.Handler].GetType().Name} event kind {e.Kind} for {(target == Global ? "no partition" : $"partition {target}")} is due at {e.Due}, inside the window that ends at {_windowEnd}: an event for another partition must be due at or after the window's end"));
        }

        _crossing[running == NoneRunning ? 0 : running].Add(e);
    }

    /// <summary>The window loop: barriers (outboxes handed over, global events), then each partition's share of a window.</summary>
    private bool RunPartitioned(long endTicks, CancellationToken cancel)
    {
        var parts = _partitions!;
        while (true)
        {
            if (_windowEnd == NoWindow)
            {
                HandOver();
                var global = parts[Global].Count > 0 ? parts[Global].Peek().Due : long.MaxValue;
                var first = Math.Min(DueOf(parts[0]), DueOf(parts[1]));
                if (Math.Min(global, first) > endTicks)
                {
                    return true;
                }

                if (global <= first)
                {
                    if ((_lanes[0].Processed & 4095) == 0 && cancel.IsCancellationRequested)
                    {
                        return false;
                    }

                    RunNext(parts[Global], lane: 0);
                    continue;
                }

                _windowEnd = Math.Min(first - (first % WindowTicks) + WindowTicks, global);
            }

            var last = Math.Min(_windowEnd - 1, endTicks);
            if (!RunWindow(last, cancel))
            {
                return false;
            }

            if (last < _windowEnd - 1)
            {
                return true; // the run ends inside the window: it stays open for the next call
            }

            _windowEnd = NoWindow;
        }
    }

    /// <summary>
    /// Runs the window up to <paramref name="last"/>: with two threads partition 1's share on the worker beside
    /// partition 0's here, else partition 0's then partition 1's (the reverse with <see cref="OddPartitionFirst"/>).
    /// </summary>
    private bool RunWindow(long last, CancellationToken cancel)
    {
        if (_worker is { } worker)
        {
            _lanes[1].Now = _lanes[0].Now;
            var window = _windowsRun++;
            worker.Start(last, window);
            _running = 0;
            var t0 = WaitTrial is null ? 0 : Stopwatch.GetTimestamp();
            var reached = RunQueue(_partitions![0], last, lane: 0, cancel);
            WaitTrial?.Record(lane: 0, window, Stopwatch.GetTimestamp() - t0);
            _running = NoneRunning;
            var finished = worker.Finish();
            WaitTrial?.Collected(window, GC.CollectionCount(0));
            return finished && reached;
        }

        for (var i = 0; i < 2; i++)
        {
            var p = OddPartitionFirst ? 1 - i : i;
            _running = p;
            var reached = RunQueue(_partitions![p], last, lane: 0, cancel);
            _running = NoneRunning;
            if (!reached)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The barrier: each source's outbox enters its targets' queues, partition 0's first, in posting order.</summary>
    private void HandOver()
    {
        foreach (var outbox in _crossing)
        {
            foreach (var e in outbox)
            {
                var target = Target(e);
                _partitions![target].Push(e with { Seq = _partitions[target].TakeSeq() });
            }

            outbox.Clear();
        }
    }

    /// <summary>Where an event runs: its owner's partition, or the global queue.</summary>
    private int Target(in SimEvent e)
    {
        var owner = _handlers[e.Handler].Owner(in e);
        return owner < 0 ? Global : NodePartition.Of(owner);
    }

    private static long DueOf(EventQueue queue) => queue.Count > 0 ? queue.Peek().Due : long.MaxValue;

    /// <summary>A partition's view of the clock: the same time, and timers that run in the partition.</summary>
    private sealed class PartitionClock(SimClock clock, int partition) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => clock.GetUtcNow();

        public override long TimestampFrequency => clock.TimestampFrequency;

        public override long GetTimestamp() => clock.GetTimestamp();

        public override TimeZoneInfo LocalTimeZone => clock.LocalTimeZone;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            clock.CreateTimer(callback, state, dueTime, period, partition);
    }
}
