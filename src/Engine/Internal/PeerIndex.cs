namespace ConnMgr.Engine.Internal;

/// <summary>Where an index reads the key stored at a position: a struct, so the index's code is specialised for it.</summary>
internal interface IKeyTable<TPeer>
{
    TPeer KeyAt(int position);
}

/// <summary>The keys of a manager's peer slots.</summary>
internal readonly struct SlotKeys<TPeer>(Table<PeerSlot<TPeer>> slots) : IKeyTable<TPeer>
{
    public TPeer KeyAt(int position) => slots[position].Key;
}

/// <summary>
/// Open-addressing hash index from peer key to a position (a slot, or a backoff record's place in the reap queue):
/// one int per bucket (position + 1; 0 = empty), linear probing, backward-shift deletion, power-of-two capacity at
/// ≤ 3/4 load. About 5–10 bytes per peer, against ~28 for a <see cref="Dictionary{TKey, TValue}"/> of (key, int).
/// </summary>
internal struct PeerIndex<TPeer>
    where TPeer : notnull, IEquatable<TPeer>
{
    private Table<int> _buckets;
    private int _count;

    /// <summary><c>_buckets.Length - 1</c> (or -1 when empty), kept beside the array so a prefetch reads no array header.</summary>
    private int _mask;

    public PeerIndex()
    {
        _buckets = Table<int>.Empty;
        _mask = -1;
    }

    public readonly int Find(TPeer key, Table<PeerSlot<TPeer>> slots) => Find(key, new SlotKeys<TPeer>(slots));

    public readonly int Find<TKeys>(TPeer key, TKeys keys)
        where TKeys : struct, IKeyTable<TPeer>
    {
        if (_count == 0)
        {
            return -1;
        }

        var mask = _buckets.Length - 1;
        var i = Hash(key) & mask;
        while (true)
        {
            var b = _buckets[i];
            if (b == 0)
            {
                return -1;
            }

            if (keys.KeyAt(b - 1).Equals(key))
            {
                return b - 1;
            }

            i = (i + 1) & mask;
        }
    }

    /// <summary>Starts loading the bucket where a lookup of <paramref name="key"/> begins.</summary>
    public readonly void Prefetch(TPeer key)
    {
        if (_mask >= 0)
        {
            _buckets.Prefetch(Hash(key) & _mask);
        }
    }

    public void Add(TPeer key, int slot, Table<PeerSlot<TPeer>> slots) => Add(key, slot, new SlotKeys<TPeer>(slots));

    public void Add<TKeys>(TPeer key, int slot, TKeys keys)
        where TKeys : struct, IKeyTable<TPeer>
    {
        if ((_count + 1) * 4 > _buckets.Length * 3)
        {
            Grow(keys);
        }

        Insert(key, slot);
        _count++;
    }

    /// <summary>Sizes an empty index for <paramref name="peers"/> keys at ≤ 3/4 load, so adding them never regrows it.</summary>
    public void Reserve(int peers, TableArena? arena)
    {
        if (_count == 0 && peers > 0)
        {
            var buckets = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(((peers * 4L) + 2) / 3, 8, 1 << 30));
            _buckets = Table<int>.Reserve(buckets, arena);
            _mask = _buckets.Length - 1;
        }
    }

    /// <summary>Indexes slots 0 to <paramref name="count"/> - 1 of an empty index, sized as <see cref="Reserve"/> sizes it.</summary>
    public void Rebuild(Table<PeerSlot<TPeer>> slots, int count)
    {
        Reserve(count, arena: null);
        for (var s = 0; s < count; s++)
        {
            Insert(slots[s].Key, s);
        }

        _count = count;
    }

    public void Remove(TPeer key, Table<PeerSlot<TPeer>> slots) => Remove(key, new SlotKeys<TPeer>(slots));

    public void Remove<TKeys>(TPeer key, TKeys keys)
        where TKeys : struct, IKeyTable<TPeer>
    {
        var mask = _buckets.Length - 1;
        var i = Hash(key) & mask;
        while (true)
        {
            var b = _buckets[i];
            if (b == 0)
            {
                return;
            }

            if (keys.KeyAt(b - 1).Equals(key))
            {
                break;
            }

            i = (i + 1) & mask;
        }

        // Backward-shift deletion keeps probe chains intact without tombstones.
        var hole = i;
        var j = i;
        while (true)
        {
            j = (j + 1) & mask;
            var b = _buckets[j];
            if (b == 0)
            {
                break;
            }

            var home = Hash(keys.KeyAt(b - 1)) & mask;
            var between = hole <= j ? home > hole && home <= j : home > hole || home <= j;
            if (!between)
            {
                _buckets[hole] = b;
                hole = j;
            }
        }

        _buckets[hole] = 0;
        _count--;
    }

    private static int Hash(TPeer key)
    {
        // murmur3's finaliser: int keys hash to themselves, so mix before masking the low bits.
        var h = (uint)EqualityComparer<TPeer>.Default.GetHashCode(key);
        h ^= h >> 16;
        h *= 0x85EBCA6Bu;
        h ^= h >> 13;
        h *= 0xC2B2AE35u;
        h ^= h >> 16;
        return (int)(h & 0x7FFFFFFF);
    }

    private void Insert(TPeer key, int slot)
    {
        var mask = _buckets.Length - 1;
        var i = Hash(key) & mask;
        while (_buckets[i] != 0)
        {
            i = (i + 1) & mask;
        }

        _buckets[i] = slot + 1;
    }

    private void Grow<TKeys>(TKeys keys)
        where TKeys : struct, IKeyTable<TPeer>
    {
        var old = _buckets;
        _buckets = new Table<int>(new int[Math.Max(8, old.Length * 2)]);
        _mask = _buckets.Length - 1;
        foreach (var b in old.AsSpan())
        {
            if (b != 0)
            {
                Insert(keys.KeyAt(b - 1), b - 1);
            }
        }
    }
}
