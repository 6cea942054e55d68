using ConnMgr.Engine.Internal;

namespace ConnMgr.Engine;

public sealed partial class ConnectionManager<TPeer>
{
    /// <summary>
    /// A hint for hosts that know which peer their next call concerns (a simulator's event queue holds it): starts
    /// loading the memory that call will read — the peer's index bucket, the slot and connection node a new
    /// connection would take — so the cache misses of many managers' calls overlap instead of queueing. Changes no
    /// state and raises nothing; a no-op without x86 prefetch or before the first connection.
    /// </summary>
    /// <param name="peer">The peer the next call is about.</param>
    public void Prefetch(TPeer peer)
    {
        _index.Prefetch(peer);
        _slots.Prefetch(_freeSlot >= 0 ? _freeSlot : _slotCount); // _slotCount ≤ _slots.Length
        _conns.PrefetchNext();
    }
}
