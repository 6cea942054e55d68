namespace ConnMgr.Engine.Trimming;

/// <summary>
/// Bitcoin Core's inbound eviction (src/node/eviction.cpp, <c>SelectNodeToEvict</c>), the answer to Heilman et al.'s
/// eclipse attack (USENIX Security 2015), as a trim order. Among inbound candidates it shields, in this order:
/// (1) one peer — the longest connected — of each of <c>networkGroups</c> distinct network groups chosen by a keyed
/// hash, so an attacker cannot predict which groups are kept; (2) the <c>lowestLatency</c> peers with the lowest
/// latency; (3) the <c>recentlyUseful</c> peers most recently useful (ties: longer connected); (4) the longest
/// connected <c>longestConnected</c> share of those still unshielded. The rest are evicted one at a time from the
/// network group with the most members (ties: the group whose youngest member is youngest), youngest first, counts
/// updated after each. Outbound connections are never evicted (Bitcoin Core's <c>ProtectOutboundConnections</c>), so
/// a trim may stop above its target; tag-only entries and idle transients still go first, as with every policy.
/// Protections are computed once per trim cycle; Bitcoin Core recomputes them for each single eviction.
/// </summary>
internal sealed class BitcoinEvictionPolicy : ITrimPolicy
{
    private readonly int _groups;
    private readonly int _latency;
    private readonly int _useful;
    private readonly double _longest;
    private readonly ulong _key;

    public BitcoinEvictionPolicy(int networkGroups, int lowestLatency, int recentlyUseful, double longestConnected, int key)
    {
        Guard.NonNegative(networkGroups, nameof(networkGroups));
        Guard.NonNegative(lowestLatency, nameof(lowestLatency));
        Guard.NonNegative(recentlyUseful, nameof(recentlyUseful));
        if (!(longestConnected is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(longestConnected), longestConnected, "longestConnected must be a share in [0, 1].");
        }

        _groups = networkGroups;
        _latency = lowestLatency;
        _useful = recentlyUseful;
        _longest = longestConnected;
        _key = (ulong)(uint)key;
    }

    public string Name => "bitcoin";

    /// <summary>The keyed group value that decides which groups are shielded (Bitcoin: SipHash of the netgroup with a node secret).</summary>
    internal static ulong KeyedGroup(ulong key, int group)
    {
        // SplitMix64 finaliser over (key, group): a fixed, well-mixed function, so the shielded groups are stable for a
        // node and unpredictable across nodes with different keys.
        var z = (key * 0x9E3779B97F4A7C15UL) ^ (uint)group;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public int Order(Span<TrimCandidate> candidates, in TrimContext context)
    {
        var c = candidates.ToArray();
        var n = c.Length;
        var shield = new bool[n];
        var inbound = Indices(c, i => c[i].Bucket == 2 && c[i].Inbound);

        ShieldByGroup(c, inbound, shield);
        ShieldFirst(c, inbound, shield, _latency, i => c[i].LatencyTicks != long.MaxValue,
            (a, b) => c[a].LatencyTicks != c[b].LatencyTicks ? c[a].LatencyTicks.CompareTo(c[b].LatencyTicks) : c[a].PeerRank.CompareTo(c[b].PeerRank));
        ShieldFirst(c, inbound, shield, _useful, i => c[i].LastUsefulTicks != 0, (a, b) =>
            c[a].LastUsefulTicks != c[b].LastUsefulTicks ? c[b].LastUsefulTicks.CompareTo(c[a].LastUsefulTicks) : Longest(c, a, b));
        var remaining = inbound.Count(i => !shield[i]);
        ShieldFirst(c, inbound, shield, (int)(remaining * _longest), _ => true, (a, b) => Longest(c, a, b));

        var order = new List<int>(n);
        order.AddRange(Indices(c, i => c[i].Bucket < 2).OrderBy(i => c[i].Bucket).ThenBy(i => c[i].PeerRank));
        order.AddRange(EvictionOrder(c, inbound.Where(i => !shield[i]).ToList()));
        var eligible = order.Count;
        order.AddRange(Indices(c, i => c[i].Bucket == 2 && (shield[i] || !c[i].Inbound)).OrderBy(i => c[i].PeerRank));

        for (var i = 0; i < n; i++)
        {
            candidates[i] = c[order[i]];
        }

        return eligible;
    }

    /// <summary>Longer connected first, then peer rank.</summary>
    private static int Longest(TrimCandidate[] c, int a, int b) =>
        c[a].ConnectedAtTicks != c[b].ConnectedAtTicks ? c[a].ConnectedAtTicks.CompareTo(c[b].ConnectedAtTicks) : c[a].PeerRank.CompareTo(c[b].PeerRank);

    private static List<int> Indices(TrimCandidate[] c, Func<int, bool> keep)
    {
        var list = new List<int>();
        for (var i = 0; i < c.Length; i++)
        {
            if (keep(i))
            {
                list.Add(i);
            }
        }

        return list;
    }

    private void ShieldByGroup(TrimCandidate[] c, List<int> inbound, bool[] shield)
    {
        var groups = inbound.Where(i => c[i].NetworkGroup >= 0).Select(i => c[i].NetworkGroup).Distinct()
            .OrderByDescending(g => KeyedGroup(_key, g)).ThenBy(g => g).Take(_groups);
        foreach (var g in groups)
        {
            var oldest = inbound.Where(i => c[i].NetworkGroup == g).OrderBy(i => c[i].ConnectedAtTicks).ThenBy(i => c[i].PeerRank).First();
            shield[oldest] = true;
        }
    }

    private static void ShieldFirst(TrimCandidate[] c, List<int> inbound, bool[] shield, int count, Func<int, bool> known, Comparison<int> better)
    {
        var pool = inbound.Where(i => !shield[i] && known(i)).ToList();
        pool.Sort(better);
        foreach (var i in pool.Take(count))
        {
            shield[i] = true;
        }
    }

    /// <summary>Repeatedly the youngest member of the largest group (ties: the group whose youngest is youngest).</summary>
    private static IEnumerable<int> EvictionOrder(TrimCandidate[] c, List<int> evictable)
    {
        // Each group youngest first (a stack popped from the end); a peer without a group counts as group -1.
        var groups = evictable.GroupBy(i => c[i].NetworkGroup)
            .Select(g => g.OrderBy(i => c[i].ConnectedAtTicks).ThenBy(i => c[i].PeerRank).ToList())
            .ToList();
        while (groups.Count > 0)
        {
            var pick = 0;
            for (var g = 1; g < groups.Count; g++)
            {
                var (a, b) = (groups[g], groups[pick]);
                if (a.Count > b.Count || (a.Count == b.Count && Younger(c, a[^1], b[^1])))
                {
                    pick = g;
                }
            }

            var members = groups[pick];
            yield return members[^1];
            members.RemoveAt(members.Count - 1);
            if (members.Count == 0)
            {
                groups.RemoveAt(pick);
            }
        }
    }

    private static bool Younger(TrimCandidate[] c, int a, int b) =>
        c[a].ConnectedAtTicks != c[b].ConnectedAtTicks ? c[a].ConnectedAtTicks > c[b].ConnectedAtTicks : c[a].PeerRank > c[b].PeerRank;
}
