using System.Runtime.CompilerServices;
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

    /// <summary>
    /// The stage before <see cref="Prefetch"/>: starts loading the fields of <paramref name="manager"/> that a connect
    /// or disconnect reads (the first <see cref="HotFieldBytes"/> bytes; tags, quotas and rarely used features lie
    /// after them), and no more. Static, so that nothing of the object is read to call it. A no-op for null or without
    /// x86 prefetch.
    /// </summary>
    /// <param name="manager">The manager a call will soon concern; only its address is taken.</param>
    public static void PrefetchFields(ConnectionManager<TPeer>? manager)
    {
        if (manager is not null)
        {
            CacheHint.Fields(manager, HotFieldBytes);
        }
    }

    /// <summary>
    /// Bytes from a manager's first field to the end of the last one a connect or disconnect reads: the runtime lays
    /// out references, then primitives, then structs in declaration order, and ConnectionManager.cs declares the hot
    /// structs first, the cold ones after (<see cref="MeasureLayout"/>).
    /// </summary>
    internal static readonly int HotFieldBytes = MeasureLayout().HotEnd;

    /// <summary>
    /// Where the hot fields end and the cold ones start, from the first field, on an object no constructor ran on: the
    /// hot end is the last byte of the structs a connect or disconnect reads (of the metrics, its first counters, to
    /// <see cref="MetricCounters.Rejected"/>); the cold start is the first of tags, decaying tags, protections, quotas,
    /// the decay book, the rarely used references and the last manual trim's report.
    /// </summary>
    internal static (int HotEnd, int ColdStart) MeasureLayout()
    {
        var m = (ConnectionManager<TPeer>)RuntimeHelpers.GetUninitializedObject(typeof(ConnectionManager<TPeer>));
        int[] hotEnds =
        [
            EndOf(m, ref m._limits), EndOf(m, ref m._slots), EndOf(m, ref m._index), EndOf(m, ref m._conns),
            EndOf(m, ref m._counts), EndOf(m, ref m._reap), EndOf(m, ref m._schedule), EndOf(m, ref m._metrics.Rejected),
        ];
        int[] coldStarts =
        [
            OffsetOf(m, ref m._tags), OffsetOf(m, ref m._decays), OffsetOf(m, ref m._prots), OffsetOf(m, ref m._quotas),
            OffsetOf(m, ref m._decay), OffsetOf(m, ref m._rare), OffsetOf(m, ref m._lastManualReport),
        ];
        return (hotEnds.Max(), coldStarts.Min());
    }

    private static int OffsetOf<T>(ConnectionManager<TPeer> manager, ref T field) =>
        (int)Unsafe.ByteOffset(ref CacheHint.FirstField(manager), ref Unsafe.As<T, byte>(ref field));

    private static int EndOf<T>(ConnectionManager<TPeer> manager, ref T field) => OffsetOf(manager, ref field) + Unsafe.SizeOf<T>();
}
