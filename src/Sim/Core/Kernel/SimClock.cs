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
    private readonly List<SimTimer?> _timers = [];
    private readonly Stack<int> _freeTimers = new();
    private readonly int _timerHandler;
    private readonly EventProfile? _profile = EventProfile.Enabled ? new EventProfile() : null;
    private long _seq;
    private bool _hints;

    /// <summary>Creates a clock whose time starts at <paramref name="start"/> (default 2026-01-01T00:00:00Z).</summary>
    public SimClock(DateTimeOffset? start = null)
    {
        Start = (start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)).ToUniversalTime();
        NowTicks = Start.UtcTicks;
        _timerHandler = Register(this);
        _times = [new PartitionClock(this, 0), new PartitionClock(this, 1)];
    }

    /// <summary>Virtual time at creation.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Current virtual time in UTC ticks.</summary>
    public long NowTicks { get; private set; }

    /// <summary>Virtual time elapsed since <see cref="Start"/>.</summary>
    public TimeSpan Elapsed => new(NowTicks - Start.UtcTicks);

    /// <summary>Events processed so far.</summary>
    public long EventsProcessed { get; private set; }

    /// <summary>Events pending.</summary>
    public int Pending => _queue.Count + (_partitions is null ? 0 : _partitions[0].Count + _partitions[1].Count + _crossing[0].Count + _crossing[1].Count);

    /// <summary>Live timers created through <see cref="CreateTimer(TimerCallback, object?, TimeSpan, TimeSpan)"/>.</summary>
    public int ActiveTimers => _timers.Count - _freeTimers.Count;

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

        var e = new SimEvent(due, _seq++, handler, kind, a, b);
        if (_partitions is null)
        {
            _queue.Push(e);
            return;
        }

        SchedulePartitioned(in e);
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
        var reached = _partitions is null ? RunQueue(_queue, endTicks, cancel) : RunPartitioned(endTicks, cancel);
        _profile?.LoopLeft();
        if (reached && endTicks > NowTicks)
        {
            NowTicks = endTicks;
        }

        return reached;
    }

    /// <summary>Runs <paramref name="queue"/>'s events due at or before <paramref name="endTicks"/>; false when cancelled.</summary>
    private bool RunQueue(EventQueue queue, long endTicks, CancellationToken cancel)
    {
        while (queue.Count > 0 && queue.Peek().Due <= endTicks)
        {
            if ((EventsProcessed & 4095) == 0 && cancel.IsCancellationRequested)
            {
                return false;
            }

            RunNext(queue);
        }

        return true;
    }

    /// <summary>Pops and runs <paramref name="queue"/>'s next event (its time becomes now), profiled when the profile is on.</summary>
    private void RunNext(EventQueue queue)
    {
        var e = queue.Pop();
        NowTicks = e.Due;
        EventsProcessed++;
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
        var id = _freeTimers.Count > 0 ? _freeTimers.Pop() : AddTimerSlot();
        var timer = new SimTimer(this, id, callback, state, partition);
        _timers[id] = timer;
        timer.Change(dueTime, period);
        return timer;
    }

    void IEventHandler.Handle(in SimEvent e)
    {
        var timer = _timers[e.A];
        if (timer is null || timer.Generation != e.B)
        {
            return; // re-armed or disposed since this entry was queued
        }

        timer.Fire();
    }

    /// <summary>A timer's event belongs to its partition (node 0 or 1 stands for partition 0 or 1); -1 without one.</summary>
    int IEventHandler.Owner(in SimEvent e) => e.Handler == _timerHandler ? _timers[e.A]?.Partition ?? -1 : -1;

    internal void Arm(SimTimer timer, long due) => Schedule(due, _timerHandler, 0, timer.Id, timer.Generation);

    internal void Release(int id)
    {
        _timers[id] = null;
        _freeTimers.Push(id);
    }

    private int AddTimerSlot()
    {
        _timers.Add(null);
        return _timers.Count - 1;
    }
}
