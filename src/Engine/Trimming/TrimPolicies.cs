namespace ConnMgr.Engine.Trimming;

/// <summary>The trim policies shipped with the engine. Each is stateless apart from <see cref="Random"/>'s seed.</summary>
public static class TrimPolicies
{
    /// <summary>Lowest score first, then the tie-breakers, then peer id (the default).</summary>
    public static ITrimPolicy Score { get; } = new SortingTrimPolicy("score", PrimaryKey.Score);

    /// <summary>Longest-connected first regardless of score (ties by score, tie-breakers, peer id).</summary>
    public static ITrimPolicy OldestFirst { get; } = new SortingTrimPolicy("oldest-first", PrimaryKey.OldestFirst);

    /// <summary>Most recently connected first regardless of score.</summary>
    public static ITrimPolicy NewestFirst { get; } = new SortingTrimPolicy("newest-first", PrimaryKey.NewestFirst);

    /// <summary>A uniformly random order from its own seeded stream (a baseline for comparisons).</summary>
    public static ITrimPolicy Random(int seed) => new RandomTrimPolicy(seed);

    /// <summary>
    /// Bitcoin Core-style diversity: shields the best peer of the rarest network groups, the lowest-latency peers and
    /// the most recently useful peers, then trims the rest by score.
    /// </summary>
    public static ITrimPolicy Diversity(int networkGroups = 4, int lowestLatency = 8, int recentlyUseful = 4) =>
        new DiversityTrimPolicy(networkGroups, lowestLatency, recentlyUseful);

    /// <summary>
    /// Bitcoin Core's inbound eviction (node/eviction.cpp): shields one peer of each of <paramref name="networkGroups"/>
    /// network groups picked by a hash keyed with <paramref name="key"/>, the <paramref name="lowestLatency"/> fastest,
    /// the <paramref name="recentlyUseful"/> most recently useful and the longest-connected <paramref name="longestConnected"/>
    /// share of the rest, then evicts the youngest peer of the largest network group, repeatedly. Defaults are Bitcoin
    /// Core's: 4 groups, 8 by ping, 4 + 4 by novel transactions and blocks (one usefulness signal here), half by age.
    /// </summary>
    public static ITrimPolicy Bitcoin(int networkGroups = 4, int lowestLatency = 8, int recentlyUseful = 8, double longestConnected = 0.5, int key = 0) =>
        new BitcoinEvictionPolicy(networkGroups, lowestLatency, recentlyUseful, longestConnected, key);

    /// <summary>Resolves a scenario-file name (<c>score</c>, <c>oldest-first</c>, <c>newest-first</c>, <c>random</c>, <c>diversity</c>, <c>bitcoin</c>); <paramref name="seed"/> seeds <c>random</c> and keys <c>bitcoin</c>.</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the allowed ones.</exception>
    public static ITrimPolicy FromName(string name, int seed = 0) => name switch
    {
        "score" => Score,
        "oldest-first" => OldestFirst,
        "newest-first" => NewestFirst,
        "random" => Random(seed),
        "diversity" => Diversity(),
        "bitcoin" => Bitcoin(key: seed),
        _ => throw new ArgumentException($"Unknown trim policy '{name}'. Allowed: {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>The names accepted by <see cref="FromName"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["score", "oldest-first", "newest-first", "random", "diversity", "bitcoin"];

    internal static TieBreaker[] ToArray(IReadOnlyList<TieBreaker> list)
    {
        var a = new TieBreaker[list.Count];
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = list[i];
        }

        return a;
    }
}
