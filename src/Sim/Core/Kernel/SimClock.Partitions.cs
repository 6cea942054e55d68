using System.Globalization;

namespace ConnMgr.Sim.Kernel;

/// <summary>
/// Two logical partitions of the nodes (node parity) and windows of virtual time: step 3 of
/// docs/design/two-partition-kernel.md, on one thread. Each partition has its own queue; events with no owner
/// (trace samples, storms, crawler bursts) have a third, global queue. The loop runs windows of
/// <see cref="WindowTicks"/> aligned to multiples of it: partition 0's events of the window, then partition 1's. A
/// global event ends the window before it and runs alone at its barrier, before the partitions' events of its tick.
/// An event one partition schedules for the other (or for the global queue) must be due at or after the window's
/// end, since the other may already have run past it; it waits in its source's outbox and enters its queue at the
/// barrier, sources in partition order, each in posting order. So the order of events in a queue never depends on
/// which partition ran first, and two threads running the partitions side by side would run the same events in the
/// same order.
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

    /// <summary>The partition whose events run now; -1 at a barrier (a global event), between runs, or without partitions.</summary>
    public int RunningPartition => _running;

    /// <summary>
    /// Runs partition 1's share of each window before partition 0's (a check, for tests): a run whose partitions share
    /// no state gives the same results in either order, as two threads running them side by side would.
    /// </summary>
    internal bool OddPartitionFirst { get; set; }

    /// <summary>True after <see cref="UsePartitions"/>.</summary>
    public bool Partitioned => _partitions is not null;

    /// <summary>
    /// Runs events in two partitions from now on (before any event is scheduled): each event in its owner's partition
    /// (<see cref="IEventHandler.Owner"/>, node parity), or between windows when it has none.
    /// </summary>
    public void UsePartitions()
    {
        if (_queue.Count > 0 || _partitions is not null)
        {
            throw new InvalidOperationException("Partitions are chosen before the first event is scheduled.");
        }

        _partitions = [new EventQueue(), new EventQueue(), _queue];
        _crossing = [[], []];
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
        if (target == _running || (_running == NoneRunning && (target != Global || _windowEnd == NoWindow || e.Due >= _windowEnd)))
        {
            _partitions![target].Push(e);
            return;
        }

        if (e.Due < _windowEnd)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"{_handlers[e.Handler].GetType().Name} event kind {e.Kind} for {(target == Global ? "no partition" : $"partition {target}")} is due at {e.Due}, inside the window that ends at {_windowEnd}: an event for another partition must be due at or after the window's end"));
        }

        _crossing[_running == NoneRunning ? 0 : _running].Add(e);
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
                    if ((EventsProcessed & 4095) == 0 && cancel.IsCancellationRequested)
                    {
                        return false;
                    }

                    RunNext(parts[Global]);
                    continue;
                }

                _windowEnd = Math.Min(first - (first % WindowTicks) + WindowTicks, global);
            }

            var last = Math.Min(_windowEnd - 1, endTicks);
            for (var i = 0; i < 2; i++)
            {
                var p = OddPartitionFirst ? 1 - i : i;
                _running = p;
                var reached = RunQueue(parts[p], last, cancel);
                _running = NoneRunning;
                if (!reached)
                {
                    return false;
                }
            }

            if (last < _windowEnd - 1)
            {
                return true; // the run ends inside the window: it stays open for the next call
            }

            _windowEnd = NoWindow;
        }
    }

    /// <summary>The barrier: each source's outbox enters its targets' queues, partition 0's first, in posting order.</summary>
    private void HandOver()
    {
        foreach (var outbox in _crossing)
        {
            foreach (var e in outbox)
            {
                _partitions![Target(e)].Push(e with { Seq = _seq++ });
            }

            outbox.Clear();
        }
    }

    /// <summary>Where an event runs: its owner's partition, or the global queue.</summary>
    private int Target(in SimEvent e)
    {
        var owner = _handlers[e.Handler].Owner(in e);
        return owner < 0 ? Global : owner & 1;
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
