using ConnMgr.Engine.Events;
using ConnMgr.Engine.Internal;

namespace ConnMgr.Engine;

public sealed partial class ConnectionManager<TPeer>
{
    /// <summary>
    /// The remote closed its connection to <paramref name="peer"/>'s side — us — and said why and how long not to
    /// redial (a disconnect reason with a back-off, libp2p/specs #479 and #520; go-libp2p #238). With
    /// <see cref="ConnectionManagerOptions.HonourRemoteBackoffUpTo"/> above zero the manager keeps the peer out of
    /// <see cref="CanDial"/> until now + the back-off (capped there, so a remote cannot bar itself from us for ever);
    /// at zero, the default and what every libp2p manager does today, the notice is ignored. A host sends its own
    /// notices from <see cref="IConnectionManagerObserver{TPeer}.OnPruned"/> with <see cref="NextDialTime"/> as the
    /// back-off: the time it will not redial the peer itself.
    /// </summary>
    /// <returns>True when the back-off was applied.</returns>
    public bool RemoteClosed(TPeer peer, PruneReason reason, TimeSpan backoff)
    {
        using var call = LockRaising();
        var cap = Options.HonourRemoteBackoffUpTo;
        if (cap <= TimeSpan.Zero || backoff <= TimeSpan.Zero)
        {
            return false;
        }

        var now = NowTicks();
        Reap(now);
        var honoured = backoff < cap ? backoff : cap;
        var s = Find(peer);
        var created = s < 0;
        if (created)
        {
            s = CreateSlot(peer, now);
        }

        ref var p = ref _slots[s];
        p.DialAllowedAt = Math.Max(p.DialAllowedAt, now + honoured.Ticks);
        if (created)
        {
            ScheduleReap(s, now); // kept until the back-off ends
        }

        _metrics.RemoteBackoffsHonoured++;
        Emit(EventKind.RemoteBackoff, peer, value: (int)Math.Min(int.MaxValue, (long)honoured.TotalMilliseconds), reason: (int)reason);
        return true;
    }
}
