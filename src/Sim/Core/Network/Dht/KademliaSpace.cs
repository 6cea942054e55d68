using System.Numerics;
using ConnMgr.Sim.Randomness;

namespace ConnMgr.Sim.Network.Dht;

/// <summary>
/// The DHT's id space: 64-bit node ids (a hash of the node handle and the seed), the servers sorted by id, and each
/// node's routing table as a function rather than storage. Bucket b of node x holds servers sharing exactly b leading
/// bits with x; those form one contiguous range of the sorted ids, and x keeps k of them spread evenly over the range
/// from an offset hashed from (x, b), which is what a well-refreshed table of random bucket members looks like. So a
/// million routing tables cost two arrays, membership is O(log n), and hop counts grow like log n as in Kademlia.
/// With <see cref="Present"/> set, the k slots of a bucket are k stretches of that range, and each holds the first
/// member of its stretch that is present: a departed server's slot passes to a live neighbour, as a kad-dht table
/// that evicts unresponsive peers and refills from peers its queries find.
/// </summary>
internal sealed partial class KademliaSpace
{
    /// <summary>Fewest ids per directory run on average (the bits are rounded down, so fewer than twice this).</summary>
    private const int IdsPerDirectoryEntry = 8;

    private readonly ulong[] _id;
    private readonly ulong[] _sorted;
    private readonly int[] _sortedNode;
    private readonly int[] _rank;

    /// <summary>
    /// Where each run of ids with the same top <see cref="_directoryBits"/> bits starts in <see cref="_sorted"/> (one
    /// more entry for the end): a search starts from its run of 8 to 16 ids (one to three cache lines) instead of halving
    /// all 440k ids of a million-node network 19 times.
    /// </summary>
    private readonly int[] _directory;
    private readonly int _directoryBits;

    /// <summary>
    /// Builds ids for <paramref name="nodes"/> nodes; <paramref name="isServer"/> picks the nodes that answer queries.
    /// <paramref name="place"/>, when set, moves a node's id (given the node and every node's hashed id): how sybils
    /// choose ids next to a victim's.
    /// </summary>
    public KademliaSpace(int nodes, Func<int, bool> isServer, ulong seed, int k, Func<int, Func<int, ulong>, ulong>? place = null)
    {
        K = k;
        _id = new ulong[nodes];
        _rank = new int[nodes];
        var servers = new List<int>();
        ulong Hashed(int node) => RandomStreams.Mix(seed ^ ((ulong)node * 0x9E3779B97F4A7C15UL));
        for (var i = 0; i < nodes; i++)
        {
            _id[i] = place is null ? Hashed(i) : place(i, Hashed);
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

        (_directory, _directoryBits) = BuildDirectory(_sorted);
    }

    /// <summary>Bucket size.</summary>
    public int K { get; }

    /// <summary>Which servers routing tables hold; null = every server (tables never evict).</summary>
    public Func<int, bool>? Present { get; init; }

    /// <summary>Nodes that answer queries.</summary>
    public int Servers => _sorted.Length;

    /// <summary>The id of <paramref name="node"/>.</summary>
    public ulong Id(int node) => _id[node];

    /// <summary>True when <paramref name="node"/> answers queries.</summary>
    public bool IsServer(int node) => _rank[node] >= 0;

    /// <summary>Leading bits two ids share (64 when equal).</summary>
    public static int CommonPrefix(ulong a, ulong b) => a == b ? 64 : BitOperations.LeadingZeroCount(a ^ b);

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

        if (GroupOf is not null)
        {
            return FilteredContains(node, b, peer);
        }

        var (lo, hi) = Bucket(_id[node], b);
        long m = hi - lo;
        if (m <= K)
        {
            return IsPresent(peer);
        }

        var off = Offset(node, b, m);
        var rel = ((r - lo - off) % m + m) % m;
        var slot = (((rel + 1) * K) - 1) / m;
        if (Present is null)
        {
            return SlotStart(slot, m) == rel;
        }

        // In the table when present and no earlier member of its stretch is.
        return IsPresent(peer) && FirstPresent(off, lo, m, slot) == r;
    }

    /// <summary>Peers in <paramref name="node"/>'s routing table: min(k, members) summed over its non-empty buckets (the present ones when tables evict).</summary>
    public int TableSize(int node)
    {
        if (GroupOf is not null)
        {
            return FilteredWalk(node, -1, []);
        }

        var id = _id[node];
        var self = IsServer(node) ? 1 : 0;
        var size = 0;
        Span<int> members = stackalloc int[K];
        for (var b = 0; b < 64; b++)
        {
            var (lo, hi) = Bucket(id, b);
            size += Present is null ? Math.Min(K, hi - lo) : TableBucket(node, b, members);
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
    /// The peers <paramref name="node"/> returns for <paramref name="target"/> (at most K, at most the span's length):
    /// the members of its bucket for the target, then of deeper buckets, nearest first by bucket; each peer's id goes
    /// to the same index of <paramref name="ids"/>, read beside the sorted order rather than from a random place.
    /// </summary>
    public int Closest(int node, ulong target, Span<int> into, Span<ulong> ids)
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

            n += TableBucket(node, d, into[n..], ids[n..]);
        }

        return n;
    }

    /// <summary>The members of <paramref name="node"/>'s bucket <paramref name="bucket"/> in its routing table (at most K, and at most the span's length).</summary>
    public int TableBucket(int node, int bucket, Span<int> into) => TableBucket(node, bucket, into, []);

    /// <summary>
    /// The members of a bucket as <see cref="TableBucket(int, int, Span{int})"/>, each with its id in
    /// <paramref name="ids"/> (as long as <paramref name="into"/>, or empty when the caller needs no ids).
    /// </summary>
    private int TableBucket(int node, int bucket, Span<int> into, Span<ulong> ids)
    {
        if (GroupOf is not null)
        {
            var filtered = FilteredWalk(node, bucket, into);
            for (var i = 0; i < filtered && !ids.IsEmpty; i++)
            {
                ids[i] = _id[into[i]];
            }

            return filtered;
        }

        var (lo, hi) = Bucket(_id[node], bucket);
        long m = hi - lo;
        var n = 0;
        if (m <= K)
        {
            for (var i = lo; i < hi && n < into.Length; i++)
            {
                if (IsPresent(_sortedNode[i]))
                {
                    Take(i, n++, into, ids);
                }
            }

            return n;
        }

        var off = Offset(node, bucket, m);
        for (var slot = 0; slot < K && n < into.Length; slot++)
        {
            var at = FirstPresent(off, lo, m, slot);
            if (at >= 0)
            {
                Take(at, n++, into, ids);
            }
        }

        return n;
    }

    /// <summary>Writes the server at sorted position <paramref name="at"/> to index <paramref name="n"/>, and its id when ids are wanted.</summary>
    private void Take(int at, int n, Span<int> into, Span<ulong> ids)
    {
        into[n] = _sortedNode[at];
        if (!ids.IsEmpty)
        {
            ids[n] = _sorted[at];
        }
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

    /// <summary>
    /// The member of a bucket (sorted range from <paramref name="lo"/>, <paramref name="m"/> &gt; K members, the
    /// table's offset <paramref name="off"/> into it) in slot <paramref name="slot"/>: its stretch's first member, or
    /// its first present one when tables evict, as a position in the sorted order; -1 when none is present.
    /// </summary>
    private int FirstPresent(long off, int lo, long m, long slot)
    {
        var end = SlotStart(slot + 1, m);
        for (var rel = SlotStart(slot, m); rel < end; rel++)
        {
            var at = lo + (int)((off + rel) % m);
            if (IsPresent(_sortedNode[at]))
            {
                return at;
            }
        }

        return -1;
    }

    /// <summary>First position (relative to the bucket's offset) of slot <paramref name="slot"/>'s stretch; slot K is the end.</summary>
    private long SlotStart(long slot, long m) => slot * m / K;

    private bool IsPresent(int peer) => Present is not { } present || present(peer);

    private long Offset(int node, int bucket, long m) => (long)(RandomStreams.Mix(_id[node] ^ ((ulong)(bucket + 1) * 0xD6E8FEB86659FD93UL)) % (ulong)m);

    private (int Lo, int Hi) Range(ulong first, ulong last) => (LowerBound(first), last == ulong.MaxValue ? _sorted.Length : LowerBound(last + 1));

    /// <summary>The <see cref="_directory"/> of sorted ids: 1 to 24 top bits, <see cref="IdsPerDirectoryEntry"/> to twice that many ids per run on average.</summary>
    private static (int[] Directory, int Bits) BuildDirectory(ulong[] sorted)
    {
        var bits = Math.Clamp(BitOperations.Log2((uint)Math.Max(1, sorted.Length / IdsPerDirectoryEntry)), 1, 24);
        var directory = new int[(1 << bits) + 1];
        for (int i = 0, run = 0; run <= 1 << bits; run++)
        {
            while (i < sorted.Length && (int)(sorted[i] >> (64 - bits)) < run)
            {
                i++;
            }

            directory[run] = i;
        }

        return (directory, bits);
    }

    private int LowerBound(ulong value)
    {
        var run = (int)(value >> (64 - _directoryBits));
        int lo = _directory[run], hi = _directory[run + 1];
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
