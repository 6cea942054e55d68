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

    /// <summary>
    /// Starts loading every cache line that holds part of the first <paramref name="bytes"/> bytes of
    /// <paramref name="o"/>'s fields. Takes the object's address only: nothing of it is read.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Fields(object o, int bytes)
    {
        if (Sse.IsSupported)
        {
            var first = (byte*)Unsafe.AsPointer(ref FirstField(o));
            for (var line = (byte*)((nuint)first & ~(nuint)63); line < first + bytes; line += 64)
            {
                Sse.Prefetch0(line);
            }
        }
    }

    /// <summary>A reference to the first byte of <paramref name="o"/>'s fields (past its method-table pointer).</summary>
    public static ref byte FirstField(object o) => ref Unsafe.As<RawObject>(o).Data;

    /// <summary>Any object seen as a class whose one byte field is where every object's fields start.</summary>
    private sealed class RawObject
    {
#pragma warning disable CS0649 // never written: only its address is taken
        public byte Data;
#pragma warning restore CS0649
    }
}
