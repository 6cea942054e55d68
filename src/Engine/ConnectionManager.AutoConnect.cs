using ConnMgr.Engine.Internal;

namespace ConnMgr.Engine;

public sealed partial class ConnectionManager<TPeer>
{
    private AutoConnector<TPeer>? _auto;

    /// <summary>
    /// Gives the auto-connector a peer it may dial (a known address, e.g. from the peer store). With
    /// <see cref="ConnectionManagerOptions.AutoConnect"/> enabled, while the count is below LowWater the manager
    /// requests dials through
    /// <c>OnAutoDialRequested</c> every interval.
    /// </summary>
    public void AddDialCandidate(TPeer peer)
    {
        using var call = Lock();
        (_auto ??= new AutoConnector<TPeer>()).Add(peer);
        var now = NowTicks();
        ScheduleAutoConnect(now);
        RearmTimer(now);
    }

    /// <summary>Removes a candidate given to <see cref="AddDialCandidate"/>.</summary>
    /// <returns>True when it was a candidate.</returns>
    public bool RemoveDialCandidate(TPeer peer)
    {
        using var call = Lock();
        return _auto?.Remove(peer) ?? false;
    }

    /// <summary>Arms a round now when the count is below the target and none is due.</summary>
    private void ScheduleAutoConnect(long now)
    {
        if (_auto is { Count: > 0, DueAt: Never } && Options.AutoConnect.Enabled && Count < _limits.LowWater)
        {
            _auto.DueAt = now;
        }
    }

    /// <summary>One round: request dials for the deficit (at most the per-round cap), then come back after the interval while below target.</summary>
    private void AutoConnectRound(long now)
    {
        var auto = _auto!;
        auto.DueAt = Never;
        var deficit = _limits.LowWater - Count;
        if (deficit <= 0 || !Options.AutoConnect.Enabled)
        {
            return;
        }

        var picked = auto.Pick(Math.Min(deficit, Options.AutoConnect.MaxDialsPerRound), now, Options.AutoConnect.FailureCooldown.Ticks, new NotConnectedNorBackedOff(this, now));
        foreach (var peer in picked)
        {
            Emit(EventKind.AutoDialRequested, peer);
        }

        auto.DueAt = now + Options.AutoConnect.Interval.Ticks;
    }

    private readonly struct NotConnectedNorBackedOff(ConnectionManager<TPeer> manager, long now) : IDialFilter<TPeer>
    {
        public bool Dialable(TPeer peer)
        {
            var s = manager._index.Find(peer, manager._slots);
            return s < 0 ? manager.RecordDialAllowedAt(peer) <= now : manager._slots[s].Connections == 0 && manager._slots[s].DialAllowedAt <= now;
        }
    }
}
