using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace ConnMgr.Sim.Kernel;

/// <summary>
/// Cache-prefetch hints for the state of the next events (x86 <c>prefetcht0</c>; no-ops elsewhere). A hint reads
/// nothing and cannot fault, so an object the collector moved since costs a wasted fill, never a wrong result:
/// outputs are byte-identical with hints on or off. <c>CONNMGR_SIM_PREFETCH=0</c> turns them off, to measure them.
/// </summary>
internal static unsafe class Prefetcher
{
    /// <summary>False when the environment sets <c>CONNMGR_SIM_PREFETCH=0</c>, or the CPU has no prefetch instruction.</summary>
    public static readonly bool Enabled = Sse.IsSupported && Environment.GetEnvironmentVariable("CONNMGR_SIM_PREFETCH") != "0";

    /// <summary>Starts loading the cache line holding <paramref name="item"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Item<T>(ref T item)
    {
        if (Enabled)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref item));
        }
    }
}
