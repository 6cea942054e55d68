using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace ConnMgr.Engine.Internal;

/// <summary>
/// Cache-line prefetch hints (x86 <c>prefetcht0</c>). A hint reads nothing and cannot fault, so an address that
/// moved under the collector since it was taken costs a wasted fill, never a wrong answer. No-ops elsewhere.
/// </summary>
internal static unsafe class CacheHint
{
    /// <summary>
    /// Starts loading the line of <c>array[index]</c> without reading the array's length (that would be a cache miss
    /// of its own): the caller keeps <paramref name="index"/> within the array, or at worst one past its end.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Element<T>(T[] array, int index)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(array), (nint)(uint)index)));
        }
    }
}
