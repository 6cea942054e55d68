namespace ConnMgr.Engine.Trimming;

/// <summary>Sorts by bucket, a primary key, score, tie-breakers, peer id. O(n log n).</summary>
internal sealed class SortingTrimPolicy(string name, PrimaryKey primary) : ITrimPolicy
{
    private TieBreaker[] _cached = [];
    private IReadOnlyList<TieBreaker>? _cachedFor;

    public string Name => name;

    public int Order(Span<TrimCandidate> candidates, in TrimContext context)
    {
        candidates.Sort(new CandidateComparer(primary, TieBreakersOf(context.TieBreakers)));
        return candidates.Length;
    }

    private TieBreaker[] TieBreakersOf(IReadOnlyList<TieBreaker> list)
    {
        // Options are immutable, so one array per options instance is enough; races only rebuild it.
        if (!ReferenceEquals(_cachedFor, list))
        {
            _cached = TrimPolicies.ToArray(list);
            _cachedFor = list;
        }

        return _cached;
    }
}
