using System.Runtime.InteropServices;

namespace ConnMgr.Sim.Kernel;

/// <summary>
/// The clock's state for one thread of a run (lane 0: the calling thread; lane 1: partition 1's worker), 128 bytes
/// apart so the two threads, each writing its own lane on every event, never share a cache line (or the line its
/// neighbour prefetcher pairs it with).
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal struct Lane
{
    /// <summary>The running event's due time.</summary>
    [FieldOffset(0)]
    public long Now;

    /// <summary>Events this lane has run.</summary>
    [FieldOffset(8)]
    public long Processed;

    /// <summary>Events a batch event ran beyond itself (a delivery bucket's messages after its first), counted by <see cref="SimClock.CountBatched"/>.</summary>
    [FieldOffset(16)]
    public long Batched;
}
