using System.Buffers;
using ConnMgr.Engine.Internal;

namespace ConnMgr.Engine.Trimming;

/// <summary>
/// Sorts by bucket, a primary key, score, tie-breakers, peer rank. O(n log n): packed long keys with an index,
/// reading the 56-byte candidates only to break ties, then one permutation.
/// </summary>
internal sealed class SortingTrimPolicy(string name, PrimaryKey primary) : ITrimPolicy
{
    private TieBreakerCache? _cache;

    public string Name => name;

    public int Order(Span<TrimCandidate> candidates, in TrimContext context)
    {
        var n = candidates.Length;
        var copy = ArrayPool<TrimCandidate>.Shared.Rent(n);
        var keys = ArrayPool<long>.Shared.Rent(n);
        var index = ArrayPool<int>.Shared.Rent(n);
        candidates.CopyTo(copy);
        var tieBreakers = TieBreakersOf(context.TieBreakers);
        for (var i = 0; i < n; i++)
        {
            keys[i] = PackedKey(in copy[i], primary, tieBreakers);
            index[i] = i;
        }

        // Sort by packed key alone (the BCL's primitive-key sort, no comparer), then order each run of equal keys
        // with the full comparer: runs are short because the key holds the leading tie-breakers too. The run sort
        // is a total order, so the result does not depend on how the first sort arranged equal keys.
        Array.Sort(keys, index, 0, n);
        var full = new IndexComparer(copy, new CandidateComparer(primary, tieBreakers));
        for (var start = 0; start < n;)
        {
            var end = start + 1;
            while (end < n && keys[end] == keys[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                StructSort.Sort(index.AsSpan(start, end - start), full);
            }

            start = end;
        }

        for (var i = 0; i < n; i++)
        {
            candidates[i] = copy[index[i]];
        }

        ArrayPool<int>.Shared.Return(index);
        ArrayPool<long>.Shared.Return(keys);
        ArrayPool<TrimCandidate>.Shared.Return(copy);
        return n;
    }

    /// <summary>
    /// Bucket, primary key and as many leading tie-breakers as fit, packed in one long in the comparer's order:
    /// different keys order exactly as the full comparer would, equal keys fall through to it.
    /// </summary>
    private static long PackedKey(in TrimCandidate c, PrimaryKey primary, TieBreaker[] tieBreakers)
    {
        long bucket = c.Bucket;
        if (primary == PrimaryKey.OldestFirst)
        {
            // UTC ticks of this century are below 2^60, so the bucket fits above them.
            return (bucket << 61) | c.ConnectedAtTicks;
        }

        if (primary == PrimaryKey.NewestFirst)
        {
            return (bucket << 61) | ((1L << 60) - c.ConnectedAtTicks);
        }

        var key = (bucket << 32) | (uint)(c.Score ^ int.MinValue);
        var bits = 63 - 34; // keep the sign bit clear: the key is compared as a signed long
        foreach (var t in tieBreakers)
        {
            long part;
            int width;
            switch (t)
            {
                case TieBreaker.InboundFirst:
                    (part, width) = (c.Inbound ? 0 : 1, 1);
                    break;
                case TieBreaker.TransientFirst:
                    (part, width) = (c.Transient ? 0 : 1, 1);
                    break;
                case TieBreaker.ZeroStreamsFirst:
                    (part, width) = (c.Streams == 0 ? 0 : 1, 1);
                    break;
                case TieBreaker.FewerStreamsFirst:
                    // Clamped: two peers with ≥ 65,535 streams tie here and are ordered by the full comparer.
                    (part, width) = (Math.Min(c.Streams, 0xFFFF), 16);
                    break;
                case TieBreaker.MoreStreamsFirst:
                    (part, width) = (0xFFFF - Math.Min(c.Streams, 0xFFFF), 16);
                    break;
                default:
                    width = 64; // an age key does not fit: stop packing
                    part = 0;
                    break;
            }

            if (width > bits)
            {
                break;
            }

            key = (key << width) | part;
            bits -= width;
        }

        return key << bits;
    }

    private TieBreaker[] TieBreakersOf(IReadOnlyList<TieBreaker> list)
    {
        // Options are immutable, so one array per options instance is enough. The list and its array are swapped in
        // as one object: engines on other threads share this policy, and two fields set one after the other could
        // pair one engine's list with another's array. A race only rebuilds the array.
        var cache = Volatile.Read(ref _cache);
        if (cache is null || !ReferenceEquals(cache.For, list))
        {
            cache = new TieBreakerCache(list, TrimPolicies.ToArray(list));
            Volatile.Write(ref _cache, cache);
        }

        return cache.Array;
    }

    private sealed record TieBreakerCache(IReadOnlyList<TieBreaker> For, TieBreaker[] Array);

    private readonly struct IndexComparer(TrimCandidate[] candidates, CandidateComparer comparer) : IComparer<int>
    {
        public int Compare(int x, int y) => comparer.Compare(in candidates[x], in candidates[y]);
    }
}
