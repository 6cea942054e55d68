namespace ConnMgr.Engine;

public sealed partial class ConnectionManager<TPeer>
{
    /// <summary>Close times of the flows still lingering, oldest first (a ring; only with a flow budget).</summary>
    private long[]? _lingering;
    private int _lingerHead, _lingerCount;

    /// <summary>
    /// Flows this node holds at its router as the manager counts them: open connections, dials pending since
    /// <see cref="TryBeginDial"/>, and connections closed or dials failed within the budget's linger. Without a
    /// <see cref="ConnectionManagerOptions.FlowBudget"/>, open connections and pending dials only.
    /// </summary>
    public int FlowsInUse
    {
        get
        {
            using var call = Lock();
            return FlowsInUseLocked(NowTicks());
        }
    }

    private int FlowsInUseLocked(long now) => _counts.Connections + _pendingOutbound + LingeringAt(now);

    /// <summary>True when a new dial would exceed the flow budget.</summary>
    private bool AtFlowBudget(long now) => Options.FlowBudget is { } b && FlowsInUseLocked(now) >= b.Flows;

    /// <summary>Notes a flow that closed (a connection) or never opened (a failed or cancelled dial): it lingers.</summary>
    private void FlowClosed(long now)
    {
        if (Options.FlowBudget is not { } budget)
        {
            return;
        }

        // Keep at most Flows close times: more lingering than that is at the budget whichever are kept.
        _lingering ??= new long[Math.Min(budget.Flows, 1 << 16)];
        if (_lingerCount == _lingering.Length)
        {
            _lingerHead = (_lingerHead + 1) % _lingering.Length;
            _lingerCount--;
        }

        _lingering[(_lingerHead + _lingerCount) % _lingering.Length] = now;
        _lingerCount++;
    }

    /// <summary>Flows closed within the linger before <paramref name="now"/>; forgets older ones (close times only grow).</summary>
    private int LingeringAt(long now)
    {
        if (_lingering is null || Options.FlowBudget is not { } budget)
        {
            return 0;
        }

        var since = now - budget.Linger.Ticks;
        while (_lingerCount > 0 && _lingering[_lingerHead] <= since)
        {
            _lingerHead = (_lingerHead + 1) % _lingering.Length;
            _lingerCount--;
        }

        return _lingerCount;
    }
}
