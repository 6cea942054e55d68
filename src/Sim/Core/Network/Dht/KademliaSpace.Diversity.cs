namespace ConnMgr.Sim.Network.Dht;

/// <summary>
/// The routing-table diversity filter of go-libp2p-kad-dht (rt_diversity_filter.go over go-libp2p-kbucket's
/// peerdiversity; <c>NewRTPeerDiversityFilter(h, 2, 3)</c> in its tests), the answer to the IPFS eclipse of Prünster et
/// al. (USENIX Security 2022): a table admits at most <see cref="MaxPerBucket"/> servers of one network group (IPv4 /16)
/// per bucket and <see cref="MaxPerTable"/> in the whole table. Here a slot whose first member would break a limit
/// takes the next member of its stretch that does not; a slot whose whole stretch is refused (a run of sybils that
/// chose neighbouring ids) is then filled from the rest of the bucket, as a kad-dht bucket takes any acceptable peer
/// its queries find. Buckets are filled in order from bucket 0, so a bucket's members depend on the buckets before it.
/// A filtered lookup of bucket b walks buckets 0..b (its counts reuse three scratch collections: the simulator is
/// single-threaded): fine for the networks that use the filter (thousands of nodes), not for a million.
/// </summary>
internal sealed partial class KademliaSpace
{
    /// <summary>The network group (e.g. /16) of a server for the diversity filter; null = no filter.</summary>
    public Func<int, int>? GroupOf { get; init; }

    /// <summary>Most servers of one group per bucket (kad-dht: 2).</summary>
    public int MaxPerBucket { get; init; } = int.MaxValue;

    /// <summary>Most servers of one group in a whole table (kad-dht: 3).</summary>
    public int MaxPerTable { get; init; } = int.MaxValue;

    // Scratch of one filtered walk: servers per group in the table and in the current bucket, the bucket's members.
    private readonly Dictionary<int, int> _groupsInTable = [];
    private readonly Dictionary<int, int> _groupsInBucket = [];
    private readonly List<int> _bucketMembers = [];

    private bool FilteredContains(int node, int bucket, int peer)
    {
        Span<int> members = stackalloc int[K];
        var n = FilteredWalk(node, bucket, members);
        return members[..n].Contains(peer);
    }

    /// <summary>
    /// Fills the table of <paramref name="node"/> bucket by bucket under the filter; writes bucket
    /// <paramref name="target"/>'s members into <paramref name="into"/> and returns their count, or with target -1
    /// returns the size of the whole table.
    /// </summary>
    private int FilteredWalk(int node, int target, Span<int> into)
    {
        var id = _id[node];
        var self = IsServer(node) ? 1 : 0;
        var members = _bucketMembers;
        var total = 0;
        _groupsInTable.Clear();
        for (var b = 0; b < 64 && (target < 0 || b <= target); b++)
        {
            _groupsInBucket.Clear();
            members.Clear();
            var (lo, hi) = Bucket(id, b);
            long m = hi - lo;
            var off = m > K ? Offset(node, b, m) : 0;
            var slots = m > K ? K : (int)m;
            var emptySlots = false;
            for (var slot = 0; slot < slots; slot++)
            {
                // A small bucket has one member per slot; a large one a stretch per slot.
                var (start, end) = m > K ? (SlotStart(slot, m), SlotStart(slot + 1, m)) : (slot, slot + 1L);
                var filled = false;
                for (var rel = start; rel < end && !filled; rel++)
                {
                    filled = Accept(_sortedNode[lo + (int)((off + rel) % m)]);
                }

                emptySlots |= !filled;
            }

            for (var rel = 0L; m > K && emptySlots && members.Count < K && rel < m; rel++)
            {
                var peer = _sortedNode[lo + (int)((off + rel) % m)];
                if (!members.Contains(peer))
                {
                    Accept(peer);
                }
            }

            total += members.Count;
            if (b == target)
            {
                var n = Math.Min(members.Count, into.Length);
                for (var i = 0; i < n; i++)
                {
                    into[i] = members[i];
                }

                return n;
            }

            if (target < 0 && SubtreeSize(id, b + 1) <= self)
            {
                break;
            }
        }

        return target < 0 ? total : 0;
    }

    /// <summary>Takes <paramref name="peer"/> into the bucket being filled when it is present and its group is under both limits.</summary>
    private bool Accept(int peer)
    {
        var g = GroupOf!(peer);
        var inBucket = _groupsInBucket.GetValueOrDefault(g);
        var inTable = _groupsInTable.GetValueOrDefault(g);
        if (!IsPresent(peer) || inBucket >= MaxPerBucket || inTable >= MaxPerTable)
        {
            return false;
        }

        _groupsInBucket[g] = inBucket + 1;
        _groupsInTable[g] = inTable + 1;
        _bucketMembers.Add(peer);
        return true;
    }
}
