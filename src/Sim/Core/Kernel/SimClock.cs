using System.Diagnostics;

namespace ConnMgr.Sim.Kernel;

/// <summary>
/// The simulator's virtual clock and event loop, and a <see cref="TimeProvider"/> so the engine runs on it unchanged.
/// While an event (or timer callback) runs, "now" is that event's due time (as in Rx's VirtualTimeScheduler, not as
/// in FakeTimeProvider.Advance). Events with equal due times run in insertion order. Single-threaded. With
/// <see cref="UsePartitions"/> the events run in two logical partitions of the nodes and windows of virtual time
/// (SimClock.Partitions.cs).
/// </summary>
public sealed partial class SimClock : TimeProvider, IEventHandler
{
    private readonly EventQueue _queue = new();
    private readonly List<IEventHandler> _handlers = [];
    private readonly List<SimTimer?>[] _timers = [[], [], []]; // without a partition, partition 0's, partition 1's
    private readonly Stack<int>[] _freeTimers = [new(), new(), new()];
    private readonly int _timerHandler;
    private readonly EventProfile? _profile = EventProfile.Enabled ? new EventProfile() : null;
    private long _seq;
    private bool _hints;

    private readonly Lane[] _lanes = new Lane[2]; // 0: the thread that calls RunUntil; 1: partition 1's worker

    /// <summary>Creates a clock whose time starts at <paramref name="start"/> (default 2026-01-01T00:00:00Z).</summary>
    public SimClock(DateTimeOffset? start = null)
    {
        Start = (start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)).ToUniversalTime();
        _lanes[0].Now = Start.UtcTicks;
        _timerHandler = Register(this);
        _times = [new PartitionClock(this, 0), new PartitionClock(this, 1)];
    }

    /// <summary>Virtual time at creation.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Current virtual time in UTC ticks: the running event's due time (with two threads, the calling thread's partition's).</summary>
    public long NowTicks => _lanes[CurrentLane].Now;

    /// <summary>Virtual time elapsed since <see cref="Start"/>.</summary>
    public TimeSpan Elapsed => new(NowTicks - Start.UtcTicks);

    /// <summary>Events processed so far, counting each message a batch event delivered as one (<see cref="CountBatched"/>).</summary>
    public long EventsProcessed => KernelEvents + _lanes[0].Batched + _lanes[1].Batched;

    /// <summary>Events the kernel's queues ran (a delivery bucket is one, however many messages it delivered).</summary>
    public long KernelEvents => _lanes[0].Processed + _lanes[1].Processed;

    /// <summary>
    /// The running event delivered <paramref name="extra"/> more events' work than its own (a delivery bucket's
    /// messages after the first), so that <see cref="EventsProcessed"/> counts work, not how it was batched.
    /// </summary>
    internal void CountBatched(int extra) => _lanes[CurrentLane].Batched += extra;

    /// <summary>The calling thread's lane: 1 on partition 1's worker, else 0.</summary>
    private int CurrentLane => _worker is { } w && w.IsCurrentThread ? 1 : 0;

    /// <summary>Events pending.</summary>
    public int Pending => _queue.Count + (_partitions is null ? 0 : _partitions[0].Count + _partitions[1].Count + _crossing[0].Count + _crossing[1].Count);

    /// <summary>Live timers created through <see cref="CreateTimer(TimerCallback, object?, TimeSpan, TimeSpan)"/>.</summary>
    public int ActiveTimers => _timers.Sum(t => t.Count) - _freeTimers.Sum(f => f.Count);

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => new(NowTicks, TimeSpan.Zero);

    /// <inheritdoc/>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc/>
    public override long GetTimestamp() => NowTicks;

    /// <inheritdoc/>
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>The event profile when <see cref="EventProfile.Enabled"/>, else null.</summary>
    public EventProfile? Profile => _profile;

    /// <summary>Prints the event profile to standard error when <see cref="EventProfile.Enabled"/> (no-op otherwise).</summary>
    public void WriteProfile()
    {
        _profile?.Write(Console.Error, h => h == _timerHandler ? "engine-timers" : _handlers[h].GetType().Name);
    }

    /// <summary>
    /// Calls <see cref="IEventHandler.Prefetch"/> for the next two events before each event runs (unless
    /// <c>CONNMGR_SIM_PREFETCH=0</c>). For handlers whose events miss the cache (a million engines); small runs skip it.
    /// </summary>
    public void EnablePrefetchHints() => _hints = Prefetcher.Enabled;

    /// <summary>Registers a handler; the returned index goes into <see cref="SimEvent.Handler"/>.</summary>
    public int Register(IEventHandler handler)
    {
        _handlers.Add(handler);
        return _handlers.Count - 1;
    }

    /// <summary>Schedules an event at absolute time <paramref name="due"/> (UTC ticks, not before now).</summary>
    public void Schedule(long due, int handler, int kind, int a = 0, int b = 0)
    {
        if (due < NowTicks)
        {
            due = NowTicks;
        }

        if (_partitions is null)
        {
            _queue.Push(new SimEvent(due, _seq++, handler, kind, a, b));
            return;
        }

        SchedulePartitioned(new SimEvent(due, 0, handler, kind, a, b)); // its queue numbers it
    }

    /// <summary>Schedules an event <paramref name="delay"/> from now.</summary>
    public void ScheduleIn(TimeSpan delay, int handler, int kind, int a = 0, int b = 0) =>
        Schedule(NowTicks + Math.Max(0, delay.Ticks), handler, kind, a, b);

    /// <summary>Runs every event due at or before <paramref name="end"/>, then sets the clock to <paramref name="end"/>.</summary>
    /// <param name="end">Absolute end time.</param>
    /// <param name="cancel">Checked every 4,096 events; when set the run stops early and the clock stays at the last event.</param>
    /// <returns>True when the run reached <paramref name="end"/>.</returns>
    public bool RunUntil(DateTimeOffset end, CancellationToken cancel = default)
    {
        var endTicks = end.UtcTicks;
        _profile?.LoopEntered();
        bool reached;
        if (_partitions is null)
        {
            reached = RunQueue(_queue, endTicks, lane: 0, cancel);
        }
        else if (_threads == 1 || _profile is not null)
        {
            reached = RunPartitioned(endTicks, cancel);
        }
        else
        {
            _worker = new WindowWorker(last => RunQueue(_partitions[1], last, lane: 1, cancel), Prefetcher.Enabled ? WaitHints : null, WaitTrial, ParkedWaits);
            try
            {
                reached = RunPartitioned(endTicks, cancel);
            }
            finally
            {
                _worker.Stop();
                _worker = null;
            }
        }

        _profile?.LoopLeft();
        if (reached && endTicks > _lanes[0].Now)
        {
            _lanes[0].Now = endTicks;
        }

        return reached;
    }

    /// <summary>Runs <paramref name="queue"/>'s events due at or before <paramref name="endTicks"/> on <paramref name="lane"/>; false when cancelled.</summary>
    private bool RunQueue(EventQueue queue, long endTicks, int lane, CancellationToken cancel)
    {
        while (queue.Count > 0 && queue.Peek().Due <= endTicks)
        {
            if ((_lanes[lane].Processed & 4095) == 0 && cancel.IsCancellationRequested)
            {
                return false;
            }

            RunNext(queue, lane);
        }

        return true;
    }

    /// <summary>Pops and runs <paramref name="queue"/>'s next event (its time becomes now on <paramref name="lane"/>), profiled when the profile is on.</summary>
    private void RunNext(EventQueue queue, int lane)
    {
        var e = queue.Pop();
        ref var state = ref _lanes[lane];
        state.Now = e.Due;
        state.Processed++;

        if (_hints && queue.Count > 0)
        {
            HintNext(queue);
        }

        var handler = _handlers[e.Handler];
        if (_profile is null)
        {
            handler.Handle(in e);
            return;
        }

        var b0 = GC.GetAllocatedBytesForCurrentThread();
        var t0 = Stopwatch.GetTimestamp();
        handler.Handle(in e);
        var t1 = Stopwatch.GetTimestamp();
        if (!handler.ProfiledInParts(in e))
        {
            _profile.Add(e.Handler, e.Kind, t1 - t0, GC.GetAllocatedBytesForCurrentThread() - b0);
            _profile.Partitions.Add(e.Due, handler.Owner(in e), t1 - t0);
        }
    }

    /// <summary>
    /// Tells the handlers of the next two events they are coming (<see cref="IEventHandler.Prefetch"/>), so the memory
    /// they will touch loads while this event runs: at a million nodes a dial completion is ~20 cache misses.
    /// </summary>
    private void HintNext(EventQueue queue)
    {
        ref readonly var next = ref queue.Peek();
        _handlers[next.Handler].Prefetch(in next, 1);
        if (queue.TryPeekSecond(out var second))
        {
            _handlers[second.Handler].Prefetch(in second, 2);
        }
    }

    /// <summary>
    /// Runs from now to <paramref name="endTicks"/> in 200 slices of virtual time, calling <paramref name="progress"/>
    /// (fraction done, events processed) after each; stops early when <paramref name="cancel"/> is set.
    /// </summary>
    /// <returns>True when the run reached <paramref name="endTicks"/>.</returns>
    public bool RunInSlices(long endTicks, Action<double, long>? progress, CancellationToken cancel)
    {
        var start = NowTicks;
        var slice = Math.Max(1, (endTicks - start) / 200);
        for (var t = start; t < endTicks;)
        {
            t = Math.Min(endTicks, t + slice);
            if (!RunUntil(new DateTimeOffset(t, TimeSpan.Zero), cancel) || cancel.IsCancellationRequested)
            {
                return false;
            }

            progress?.Invoke((t - start) / (double)(endTicks - start), EventsProcessed);
        }

        return true;
    }

    /// <summary>Runs for <paramref name="duration"/> of virtual time from now.</summary>
    public bool RunFor(TimeSpan duration, CancellationToken cancel = default) => RunUntil(GetUtcNow() + duration, cancel);

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        CreateTimer(callback, state, dueTime, period, partition: -1);

    /// <summary>A timer whose events belong to <paramref name="partition"/> (-1: to none, they run between windows).</summary>
    internal ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period, int partition)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var table = TimerTable(partition);
        var id = _freeTimers[table].Count > 0 ? _freeTimers[table].Pop() : AddTimerSlot(table);
        var timer = new SimTimer(this, id, callback, state, partition);
        _timers[table][id] = timer;
        timer.Change(dueTime, period);
        return timer;
    }

    void IEventHandler.Handle(in SimEvent e)
    {
        var timer = _timers[e.Kind][e.A];
        if (timer is null || timer.Generation != e.B)
        {
            return; // re-armed or disposed since this entry was queued
        }

        timer.Fire();
    }

    /// <summary>A timer's event belongs to its partition (a node of it stands for it); -1 without one. Its kind is its timer table.</summary>
    int IEventHandler.Owner(in SimEvent e) => e.Handler == _timerHandler && e.Kind > 0 ? NodePartition.NodeOf(e.Kind - 1) : -1;

    internal void Arm(SimTimer timer, long due) => Schedule(due, _timerHandler, TimerTable(timer.Partition), timer.Id, timer.Generation);

    internal void Release(SimTimer timer)
    {
        var table = TimerTable(timer.Partition);
        _timers[table][timer.Id] = null;
        _freeTimers[table].Push(timer.Id);
    }

    /// <summary>
    /// The table of a partition's timers (0: timers without one). Each partition's thread touches only its own; a timer
    /// without a partition is the calling thread's, so partition 1's worker must not create or drop one.
    /// </summary>
    private int TimerTable(int partition)
    {
        if (partition < 0 && _worker is { } w && w.IsCurrentThread)
        {
            throw new InvalidOperationException("A timer without a partition was created or dropped by partition 1's thread: give it the partition's TimeProvider (SimClock.PartitionTime).");
        }

        return partition + 1;
    }

    private int AddTimerSlot(int table)
    {
        _timers[table].Add(null);
        return _timers[table].Count - 1;
    }
}
