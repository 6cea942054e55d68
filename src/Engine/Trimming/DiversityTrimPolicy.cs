namespace ConnMgr.Engine.Trimming;

/// <summary>
/// Eviction in the manner of Bitcoin Core's inbound eviction (net.cpp, <c>SelectNodeToEvict</c>): before trimming by
/// score, shield (a) the best-scored peer of each of the <c>networkGroups</c> rarest network groups, (b) the
/// <c>lowestLatency</c> lowest-latency peers, (c) the <c>recentlyUseful</c> most recently useful peers. An attacker
/// must then win on several independent axes to eclipse the node.
/// </summary>
internal sealed class DiversityTrimPolicy : ITrimPolicy
{
    private readonly int _groups;
    private readonly int _latency;
    private readonly int _useful;

    public DiversityTrimPolicy(int networkGroups, int lowestLatency, int recentlyUseful)
    {
        Guard.NonNegative(networkGroups, nameof(networkGroups));
        Guard.NonNegative(lowestLatency, nameof(lowestLatency));
        Guard.NonNegative(recentlyUseful, nameof(recentlyUseful));
        _groups = networkGroups;
        _latency = lowestLatency;
        _useful = recentlyUseful;
    }

    public string Name => "diversity";

    public int Order(Span<TrimCandidate> candidates, in TrimContext context)
    {
        var n = candidates.Length;
        var shield = new bool[n];
        var idx = new int[n];

        // (b) lowest latency, ties by peer rank.
        var local = candidates.ToArray();
        Fill(idx);
        Array.Sort(idx, (a, b) => local[a].LatencyTicks != local[b].LatencyTicks ? local[a].LatencyTicks.CompareTo(local[b].LatencyTicks) : local[a].PeerRank.CompareTo(local[b].PeerRank));
        ShieldFirst(idx, local, shield, _latency, c => c.LatencyTicks != long.MaxValue);

        // (c) most recently useful.
        Fill(idx);
        Array.Sort(idx, (a, b) => local[a].LastUsefulTicks != local[b].LastUsefulTicks ? local[b].LastUsefulTicks.CompareTo(local[a].LastUsefulTicks) : local[a].PeerRank.CompareTo(local[b].PeerRank));
        ShieldFirst(idx, local, shield, _useful, c => c.LastUsefulTicks != 0);

        // (a) best peer of each of the rarest groups.
        var groups = new Dictionary<int, (int Size, int Best)>();
        for (var i = 0; i < n; i++)
        {
            var g = local[i].NetworkGroup;
            if (g < 0 || local[i].Bucket < 2)
            {
                continue;
            }

            if (!groups.TryGetValue(g, out var e))
            {
                groups[g] = (1, i);
            }
            else
            {
                var best = local[i].Score > local[e.Best].Score || (local[i].Score == local[e.Best].Score && local[i].PeerRank < local[e.Best].PeerRank) ? i : e.Best;
                groups[g] = (e.Size + 1, best);
            }
        }

        var taken = 0;
        foreach (var kv in groups.OrderBy(kv => kv.Value.Size).ThenBy(kv => kv.Key))
        {
            if (taken++ >= _groups)
            {
                break;
            }

            shield[kv.Value.Best] = true;
        }

        // Unshielded by score order first, shielded ones after (not closed in this cycle).
        var comparer = new CandidateComparer(PrimaryKey.Score, TrimPolicies.ToArray(context.TieBreakers));
        Fill(idx);
        Array.Sort(idx, (a, b) => shield[a] != shield[b] ? shield[a].CompareTo(shield[b]) : comparer.Compare(local[a], local[b]));
        var eligible = 0;
        for (var i = 0; i < n; i++)
        {
            candidates[i] = local[idx[i]];
            if (!shield[idx[i]])
            {
                eligible++;
            }
        }

        return eligible;
    }

    private static void Fill(int[] idx)
    {
        for (var i = 0; i < idx.Length; i++)
        {
            idx[i] = i;
        }
    }

    private static void ShieldFirst(int[] order, TrimCandidate[] c, bool[] shield, int count, Func<TrimCandidate, bool> known)
    {
        var taken = 0;
        foreach (var i in order)
        {
            if (taken >= count)
            {
                break;
            }

            // Tag-only entries and idle transients are never worth shielding.
            if (c[i].Bucket < 2 || !known(c[i]) || shield[i])
            {
                continue;
            }

            shield[i] = true;
            taken++;
        }
    }
}
