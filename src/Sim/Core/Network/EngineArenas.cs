using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ConnMgr.Engine;
using ConnMgr.Sim.Kernel;

namespace ConnMgr.Sim.Network;

/// <summary>
/// The engines' tables, carved from shared chunks (<see cref="TableArena"/>), one arena per partition so that each
/// partition's thread carves only from its own. On Linux each new chunk's pages are populated in one
/// <c>madvise(MADV_POPULATE_WRITE)</c> call: a fresh page taken by a first write costs ~11 µs on this project's VMs,
/// and about half that when populated 4 MiB at a time (benchmarks/README.md, issue 13 "twenty-fourth step").
/// </summary>
internal static partial class EngineArenas
{
    /// <summary><c>MADV_POPULATE_WRITE</c> (Linux 5.14): fault the range in, writable, as one call.</summary>
    private const int PopulateWrite = 23;

    private const int PageBytes = 4096;

    /// <summary>One arena per partition, indexed by <see cref="NodePartition.Of"/>.</summary>
    public static TableArena[] PerPartition() => [Create(), Create()];

    private static TableArena Create() => new() { ChunkAllocated = OperatingSystem.IsLinux() ? (chunk, bytes) => Populate(chunk, bytes) : null };

    /// <summary>
    /// Populates a new chunk's whole pages; false when the kernel refused. Best effort: a kernel without the call
    /// (EINVAL before Linux 5.14) leaves the pages to fault in one by one, as without it.
    /// </summary>
    internal static unsafe bool Populate(Array chunk, long bytes)
    {
        // Chunks hold no references, so they live on the pinned heap: the address stays valid for the call.
        var start = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(chunk));
        var end = start + (nint)bytes;
        var first = (start + PageBytes - 1) & ~(nint)(PageBytes - 1);
        var last = end & ~(nint)(PageBytes - 1);
        return last <= first || Madvise(first, (nuint)(last - first), PopulateWrite) == 0;
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}
