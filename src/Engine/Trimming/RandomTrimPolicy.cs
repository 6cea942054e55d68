namespace ConnMgr.Engine.Trimming;

/// <summary>
/// Buckets first (tag-only entries, idle transients), then a Fisher–Yates shuffle of the rest from a seeded stream.
/// The input is first put in peer-id order so the result depends only on the seed and the candidate set.
/// </summary>
internal sealed class RandomTrimPolicy(int seed) : ITrimPolicy
{
    private readonly Random _random = new(seed);

    public string Name => "random";

    public int Order(Span<TrimCandidate> candidates, in TrimContext context)
    {
        candidates.Sort(static (a, b) => a.Bucket != b.Bucket ? a.Bucket.CompareTo(b.Bucket) : a.PeerRank.CompareTo(b.PeerRank));
        var start = 0;
        while (start < candidates.Length && candidates[start].Bucket < 2)
        {
            start++;
        }

        lock (_random)
        {
            _random.Shuffle(candidates[start..]);
        }

        return candidates.Length;
    }
}
