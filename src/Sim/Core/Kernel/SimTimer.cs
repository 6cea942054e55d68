namespace ConnMgr.Sim.Kernel;

/// <summary>
/// A timer on a <see cref="SimClock"/>. <see cref="Change"/> bumps a generation so queue entries of earlier arms are
/// skipped when popped; no entry is ever removed from the middle of the queue. A timer created through a partition's
/// <see cref="SimClock.PartitionTime"/> runs in that partition (<see cref="Partition"/>), else between windows (-1).
/// </summary>
internal sealed class SimTimer(SimClock clock, int id, TimerCallback callback, object? state, int partition) : ITimer
{
    private long _period = -1;
    private bool _disposed;

    public int Id { get; } = id;

    public int Partition { get; } = partition;

    public int Generation { get; private set; }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        if (_disposed)
        {
            return false;
        }

        Generation++;
        _period = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? -1 : period.Ticks;
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            clock.Arm(this, clock.NowTicks + Math.Max(0, dueTime.Ticks));
        }

        return true;
    }

    public void Fire()
    {
        if (_period > 0)
        {
            clock.Arm(this, clock.NowTicks + _period);
        }

        callback(state);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Generation++;
        clock.Release(this);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
