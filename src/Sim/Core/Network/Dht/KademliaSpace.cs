using System.Numerics;

namespace ConnMgr.Sim.Network.Dht;

/// <summary>
/// The DHT's id space: 64-bit node ids (a hash of the node handle and the seed), the servers sorted by id, and each
/// node's routing table as a function rather than storage. Bucket b of node x holds servers sharing exactly b leading
/// bits with x; those form one contiguous range of the sorted ids, and x keeps k of them spread evenly over the range
/// from an offset hashed from (x, b), which is what a well-refreshed table of random bucket members looks like. So a
/// million routing tables cost two arrays, membership is O(log n), and hop counts grow like log n as in Kademlia.
/// </summary>
internal sealed class KademliaSpace
{
    private readonly ulong[] _id;
    private readonly ulong[] _sorted;
    private readonly int[] _sortedNode;
    private readonly int[] _rank;

    /// <summary>Builds ids for <paramref name="nodes"/> nodes; <paramref name="isServer"/> picks the nodes that answer queries.</summary>
    public KademliaSpace(int nodes, Func<int, bool> isServer, ulong seed, int k)
    {
        K = k;
        _id = new ulong[nodes];
        _rank = new int[nodes];
        var servers = new List<int>();
        for (var i = 0; i < nodes; i++)
        {
            _id[i] = Mix(seed ^ ((ulong)i * 0x9E3779B97F4A7C15UL));
            _rank[i] = -1;
            if (isServer(i))
            {
                servers.Add(i);
            }
        }

        _sortedNode = [.. servers];
        _sorted = new ulong[_sortedNode.Length];
        for (var i = 0; i < _sortedNode.Length; i++)
        {
            _sorted[i] = _id[_sortedNode[i]];
        }

        // Array.Sort is deterministic for a given input order; a 64-bit id collision is practically impossible.
        Array.Sort(_sorted, _sortedNode);
        for (var i = 0; i < _sortedNode.Length; i++)
        {
            _rank[_sortedNode[i]] = i;
        }
    }

    /// <summary>Bucket size.</summary>
    public int K { get; }

    /// <summary>Nodes that answer queries.</summary>
    public int Servers => _sorted.Length;

    /// <summary>The id of <paramref name="node"/>.</summary>
    public ulong Id(int node) => _id[node];

    /// <summary>True when <paramref name="node"/> answers queries.</summary>
    public bool IsServer(int node) => _rank[node] >= 0;

    /// <summary>Leading bits two ids share (64 when equal).</summary>
    public static int CommonPrefix(ulong a, ulong b) => a == b ? 64 : BitOperations.LeadingZeroCount(a ^ b);

    /// <summary>SplitMix64 finaliser.</summary>
    public static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The sorted-server range [lo, hi) of ids sharing exactly <paramref name="b"/> (&lt; 64) leading bits with <paramref name="id"/>.</summary>
    public (int Lo, int Hi) Bucket(ulong id, int b)
    {
        var bit = 1UL << (63 - b);
        var start = (id ^ bit) & ~(bit - 1);
        return Range(start, start | (bit - 1));
    }

    /// <summary>Servers sharing the first <paramref name="depth"/> bits with <paramref name="id"/>.</summary>
    public int SubtreeSize(ulong id, int depth)
    {
        if (depth == 0)
        {
            return _sorted.Length;
        }

        var low = depth >= 64 ? 0UL : ulong.MaxValue >> depth;
        var (lo, hi) = Range(id & ~low, id | low);
        return hi - lo;
    }

    /// <summary>True when <paramref name="peer"/> is in <paramref name="node"/>'s routing table.</summary>
    public bool InTable(int node, int peer)
    {
        var r = _rank[peer];
        if (node == peer || r < 0)
        {
            return false;
        }

        var b = CommonPrefix(_id[node], _id[peer]);
        if (b >= 64)
        {
            return false;
        }

        var (lo, hi) = Bucket(_id[node], b);
        long m = hi - lo;
        if (m <= K)
        {
            return true;
        }

        var rel = ((r - lo - Offset(node, b, m)) % m + m) % m;
        var j = ((rel * K) + m - 1) / m;
        return j < K && j * m / K == rel;
    }

    /// <summary>Peers in <paramref name="node"/>'s routing table: min(k, members) summed over its non-empty buckets.</summary>
    public int TableSize(int node)
    {
        var id = _id[node];
        var self = IsServer(node) ? 1 : 0;
        var size = 0;
        for (var b = 0; b < 64; b++)
        {
            var (lo, hi) = Bucket(id, b);
            size += Math.Min(K, hi - lo);
            if (SubtreeSize(id, b + 1) <= self)
            {
                break;
            }
        }

        return size;
    }

    /// <summary>Common prefix of a node and a peer (the peer's bucket in the node's table).</summary>
    public int BucketOf(int node, int peer) => CommonPrefix(_id[node], _id[peer]);

    /// <summary>
    /// The peers <paramref name="node"/> returns for <paramref name="target"/> (at most K): the members of its bucket
    /// for the target, then of deeper buckets, nearest first by bucket.
    /// </summary>
    public int Closest(int node, ulong target, Span<int> into)
    {
        var id = _id[node];
        var first = Math.Min(CommonPrefix(id, target), 63);
        var n = 0;
        for (var d = first; d < 64 && n < into.Length; d++)
        {
            if (d > first && SubtreeSize(id, d) <= 1)
            {
                break; // nothing but the node itself below this depth
            }

            var (lo, hi) = Bucket(id, d);
            long m = hi - lo;
            if (m == 0)
            {
                continue;
            }

            if (m <= K)
            {
                for (var i = lo; i < hi && n < into.Length; i++)
                {
                    into[n++] = _sortedNode[i];
                }

                continue;
            }

            var off = Offset(node, d, m);
            for (var j = 0; j < K && n < into.Length; j++)
            {
                into[n++] = _sortedNode[lo + (int)((off + (j * m / K)) % m)];
            }
        }

        return n;
    }

    /// <summary>The server XOR-closest to <paramref name="target"/> among those <paramref name="online"/> accepts, looking at the nearest ones in id order; -1 if none.</summary>
    public int ClosestServer(ulong target, Func<int, bool> online, int window = 48)
    {
        var at = LowerBound(target);
        var best = -1;
        var bestDistance = ulong.MaxValue;
        for (var i = Math.Max(0, at - window); i < Math.Min(_sorted.Length, at + window); i++)
        {
            var distance = _sorted[i] ^ target;
            if (distance < bestDistance && online(_sortedNode[i]))
            {
                bestDistance = distance;
                best = _sortedNode[i];
            }
        }

        return best;
    }

    private long Offset(int node, int bucket, long m) => (long)(Mix(_id[node] ^ ((ulong)(bucket + 1) * 0xD6E8FEB86659FD93UL)) % (ulong)m);

    private (int Lo, int Hi) Range(ulong first, ulong last) => (LowerBound(first), last == ulong.MaxValue ? _sorted.Length : LowerBound(last + 1));

    private int LowerBound(ulong value)
    {
        int lo = 0, hi = _sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
