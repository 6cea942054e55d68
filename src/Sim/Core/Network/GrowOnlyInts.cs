namespace ConnMgr.Sim.Network;

/// <summary>
/// An array of ints that grows in blocks of 65,536 that never move, under a directory allocated once: one thread
/// may grow it while another reads or writes elements it already has, which a doubling <c>Array.Resize</c> would lose
/// (the edge store with two threads: docs/design/two-partition-kernel.md, step 4). An element is one more dependent
/// load than in a flat array (the directory, 256 KB, stays in cache).
/// </summary>
internal sealed class GrowOnlyInts
{
    private const int Shift = 16;
    private const int Mask = (1 << Shift) - 1;
    private const int MaxBlocks = 1 << 15; // 2^31 elements

    private readonly int[]?[] _blocks = new int[]?[MaxBlocks];
    private readonly int _fill;
    private readonly Lock _grow = new();
    private int _blockCount;

    /// <param name="fill">The value of an element before it is written.</param>
    public GrowOnlyInts(int fill = 0)
    {
        _fill = fill;
    }

    /// <summary>Elements held (whole blocks).</summary>
    public long Capacity => (long)Volatile.Read(ref _blockCount) << Shift;

    /// <summary>Element <paramref name="i"/>, which must be below <see cref="Capacity"/> (see <see cref="Ensure"/>).</summary>
    public ref int this[int i] => ref _blocks[i >> Shift]![i & Mask];

    /// <summary>True when element <paramref name="i"/> exists.</summary>
    public bool Has(int i) => i >= 0 && (i >> Shift) < MaxBlocks && _blocks[i >> Shift] is not null;

    /// <summary>Makes element <paramref name="i"/> exist (its block filled with the fill value); safe while other threads use other elements.</summary>
    public void Ensure(int i)
    {
        if (_blocks[i >> Shift] is not null)
        {
            return;
        }

        lock (_grow)
        {
            var b = i >> Shift;
            if (b >= MaxBlocks)
            {
                throw new InvalidOperationException($"more than {(long)MaxBlocks << Shift:N0} elements");
            }

            if (_blocks[b] is null)
            {
                var block = new int[1 << Shift];
                if (_fill != 0)
                {
                    Array.Fill(block, _fill);
                }

                Volatile.Write(ref _blocks[b], block);
                _blockCount++;
            }
        }
    }
}
