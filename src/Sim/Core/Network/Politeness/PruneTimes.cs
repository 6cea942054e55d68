using System.Runtime.CompilerServices;

namespace ConnMgr.Sim.Network.Politeness;

/// <summary>
/// When each (node, pruner) pair last heard a prune: an open-addressing table of 16-byte (key, time) entries with
/// linear probing. It replaces a <c>Dictionary&lt;long, long&gt;</c>, whose lookup is two dependent misses (bucket,
/// then entry) and whose growth copies millions of entries through the large-object heap; here a lookup, mostly for a
/// pair that is not there (a dial completed to a peer that never pruned the dialer), reads one line or two adjacent
/// ones. Keys are already mixed (<see cref="PolitenessModel"/>'s multiplicative key), so the top bits pick the home
/// slot; 0 marks an empty slot, which no key is (a node never prunes itself). The table doubles above 5/8 full and
/// halves after a sweep leaves it under 1/8 full, so memory follows the pairs the window can still match. The sweep
/// works in place: a table of this kind that swept into a second array held 0.68 GiB more at 1M and gained nothing
/// (benchmarks/README.md, issue 13 twenty-eighth and thirtieth steps).
/// </summary>
internal sealed class PruneTimes
{
    private const int MinBits = 10;

    private Entry[] _entries;
    private int _bits;
    private int _count;

    public PruneTimes()
    {
        _bits = MinBits;
        _entries = new Entry[1 << MinBits];
    }

    /// <summary>Pairs held.</summary>
    public int Count => _count;

    /// <summary>Slots in the table (a power of two).</summary>
    public int Capacity => _entries.Length;

    /// <summary>The time stored for <paramref name="key"/>, if any.</summary>
    public bool TryGet(long key, out long at)
    {
        ref var entry = ref _entries[SlotOf(_entries, _bits, key)];
        at = entry.At; // 0 in an empty slot
        return entry.Key != 0;
    }

    /// <summary>Stores <paramref name="at"/> for <paramref name="key"/> (not 0), replacing its earlier time.</summary>
    public void Set(long key, long at)
    {
        if (key == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(key), "0 marks an empty slot");
        }

        var i = SlotOf(_entries, _bits, key);
        if (_entries[i].Key == 0)
        {
            if ((_count + 1) * 8L > _entries.Length * 5L)
            {
                Resize(_bits + 1);
                i = SlotOf(_entries, _bits, key);
            }

            _count++;
        }

        _entries[i] = new Entry(key, at);
    }

    /// <summary>Removes every pair stored before <paramref name="cutoff"/>; halves the table while it is under 1/8 full.</summary>
    public void RemoveOlderThan(long cutoff)
    {
        var entries = _entries;
        var i = 0;
        while (i < entries.Length)
        {
            if (entries[i].Key != 0 && entries[i].At < cutoff)
            {
                RemoveAt(i); // a later entry may have moved into i: look at i again
            }
            else
            {
                i++;
            }
        }

        var bits = _bits;
        while (bits > MinBits && _count * 8L < (1L << bits))
        {
            bits--;
        }

        if (bits != _bits)
        {
            Resize(bits);
        }
    }

    /// <summary>
    /// Empties slot <paramref name="hole"/> by backward shift: each later entry of its run that may sit at the hole
    /// (its home is not between the hole and itself) moves into it, and the hole moves on, so no probe ever stops early.
    /// An entry that moves from the start of the table to its end during a sweep has been looked at already and is looked
    /// at again, harmlessly; every other moved entry moves to a slot the sweep has not reached.
    /// </summary>
    private void RemoveAt(int hole)
    {
        var entries = _entries;
        var mask = entries.Length - 1;
        for (var j = (hole + 1) & mask; entries[j].Key != 0; j = (j + 1) & mask)
        {
            var home = Home(entries[j].Key, _bits);
            if (((j - home) & mask) >= ((j - hole) & mask))
            {
                entries[hole] = entries[j];
                hole = j;
            }
        }

        entries[hole] = default;
        _count--;
    }

    /// <summary>Moves every pair into a table of 2^<paramref name="bits"/> slots: keys are distinct, so each takes the first empty slot from its home.</summary>
    private void Resize(int bits)
    {
        var entries = new Entry[1 << bits];
        foreach (var e in _entries)
        {
            if (e.Key != 0)
            {
                entries[SlotOf(entries, bits, e.Key)] = e;
            }
        }

        _entries = entries;
        _bits = bits;
    }

    private static int Home(long key, int bits) => (int)((ulong)key >> (64 - bits));

    /// <summary>The probe every operation shares: the first slot from <paramref name="key"/>'s home that holds it or is empty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SlotOf(Entry[] entries, int bits, long key)
    {
        var mask = entries.Length - 1;
        var i = Home(key, bits);
        while (entries[i].Key != 0 && entries[i].Key != key)
        {
            i = (i + 1) & mask;
        }

        return i;
    }

    private readonly record struct Entry(long Key, long At);
}
