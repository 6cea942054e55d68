using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ConnMgr.Engine.Internal;

/// <summary>
/// A manager's table: a whole array of its own, or a run of a chunk shared with other managers
/// (<see cref="TableArena"/>). The length lives beside the reference, in the manager, so an element's read never
/// touches the array header (a cache line of its own when the element is far from it).
/// </summary>
internal readonly struct Table<T>
{
    private readonly T[] _array;
    private readonly int _offset;

    public Table(T[] array)
        : this(array, 0, array.Length)
    {
    }

    public Table(T[] array, int offset, int length)
    {
        // The indexer checks an index against Length only: the run must lie inside the array.
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)offset, (uint)array.Length, nameof(offset));
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)length, (uint)(array.Length - offset), nameof(length));
        _array = array;
        _offset = offset;
        Length = length;
    }

    public static Table<T> Empty => new([]);

    /// <summary>A reservation of <paramref name="length"/> zeroed elements: carved from <paramref name="arena"/>, or a long-lived array of its own without one.</summary>
    public static Table<T> Reserve(int length, TableArena? arena) =>
        arena is null ? new Table<T>(LongLivedArrays.Allocate<T>(length)) : arena.Carve<T>(length);

    public int Length { get; }

    public ref T this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if ((uint)index >= (uint)Length)
            {
                ThrowOutOfRange();
            }

            return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_array), (nint)(uint)(_offset + index));
        }
    }

    public Span<T> AsSpan() => _array.AsSpan(_offset, Length);

    /// <summary>Starts loading element <paramref name="index"/>'s line; the caller keeps it within the table or one past its end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(int index) => CacheHint.Element(_array, _offset + index);

    /// <summary>A table of <paramref name="length"/> elements of its own (growth beyond a reservation), holding this one's elements first.</summary>
    public Table<T> Regrown(int length)
    {
        var array = new T[length];
        AsSpan().CopyTo(array);
        return new Table<T>(array);
    }

    private static void ThrowOutOfRange() => throw new ArgumentOutOfRangeException("index");
}
