namespace ConnMgr.Engine.Trimming;

/// <summary>What a trim policy may consult besides the candidates.</summary>
/// <param name="TieBreakers">The configured tie-breakers, in order.</param>
/// <param name="NowTicks">The cycle's time, in UTC ticks.</param>
public readonly record struct TrimContext(IReadOnlyList<TieBreaker> TieBreakers, long NowTicks);

/// <summary>
/// Chooses which candidates a trim cycle closes first. The engine builds the candidates (never protected peers),
/// asks the policy for an order, then closes from the front, honouring subsystem quotas, until it reaches its target.
/// </summary>
/// <remarks>Implementations must be deterministic for a given input order and their own seed.</remarks>
public interface ITrimPolicy
{
    /// <summary>The policy's name as used in scenario files (e.g. <c>score</c>).</summary>
    string Name { get; }

    /// <summary>Orders <paramref name="candidates"/> in place, first closed first.</summary>
    /// <returns>How many leading candidates may be closed in this cycle; the rest are shielded by the policy.</returns>
    int Order(Span<TrimCandidate> candidates, in TrimContext context);
}
