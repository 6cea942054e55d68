using ConnMgr.Engine.Internal;

namespace ConnMgr.Engine;

public sealed partial class ConnectionManager<TPeer>
{
    private DialLedger Ledger => _rare.Ledger ??= new DialLedger { Window = Options.DialWindow?.Initial ?? double.PositiveInfinity };

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
        var l = Ledger;
        var ring = l.Lingering ??= new long[Math.Min(budget.Flows, 1 << 16)];
        if (l.LingerCount == ring.Length)
        {
            l.LingerHead = (l.LingerHead + 1) % ring.Length;
            l.LingerCount--;
        }

        ring[(l.LingerHead + l.LingerCount) % ring.Length] = now;
        l.LingerCount++;
    }

    /// <summary>Flows closed within the linger before <paramref name="now"/>; forgets older ones (close times only grow).</summary>
    private int LingeringAt(long now)
    {
        if (_rare.Ledger?.Lingering is not { } ring || Options.FlowBudget is not { } budget)
        {
            return 0;
        }

        var l = _rare.Ledger;
        var since = now - budget.Linger.Ticks;
        while (l.LingerCount > 0 && ring[l.LingerHead] <= since)
        {
            l.LingerHead = (l.LingerHead + 1) % ring.Length;
            l.LingerCount--;
        }

        return l.LingerCount;
    }
}
