namespace ConnMgr.Engine.Internal;

/// <summary>
/// When the manager next needs to wake: the one timer it keeps (armed for the earliest of a pending trim, the
/// ticker, a keep-alive redial or a reap), and the trim bookkeeping the trigger policies read. 48 bytes.
/// </summary>
internal struct TrimSchedule
{
    public TrimSchedule()
    {
    }

    /// <summary>The one timer (created on first need).</summary>
    public ITimer? Timer;

    /// <summary>When <see cref="Timer"/> is armed for (long.MaxValue = not armed).</summary>
    public long TimerDueAt = long.MaxValue;

    /// <summary>Set by Dispose: nothing is scheduled any more.</summary>
    public bool Disposed;

    /// <summary>Start of the last automatic trim (long.MinValue = none yet).</summary>
    public long LastTrimAt = long.MinValue;

    /// <summary>A trim deferred by silence or grace is due then (long.MaxValue = none).</summary>
    public long TrimDueAt = long.MaxValue;

    /// <summary>The next tick of a ticker trigger (long.MaxValue = none).</summary>
    public long TickerDueAt = long.MaxValue;
}
