namespace ConnMgr.Engine.Tags;

/// <summary>How the manager decays its decaying tags.</summary>
public sealed record DecayOptions
{
    /// <summary>When false, decaying tags keep their values (they behave like static tags that bumps can change). Default true.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Where interval boundaries fall. Default <see cref="DecaySchedule.PerTagAnchored"/>.</summary>
    public DecaySchedule Schedule { get; init; } = DecaySchedule.PerTagAnchored;

    /// <summary>
    /// Resolution grid (anchored at the manager's creation) onto which boundaries are rounded up; zero = exact
    /// boundaries. go-libp2p uses 1 min; intervals shorter than a non-zero resolution are raised to it.
    /// </summary>
    public TimeSpan Resolution { get; init; }

    /// <summary>
    /// When true, bumping a tag that a peer does not hold creates it from 0 using the tag's registered definition
    /// (go-libp2p). When false (ours, nim) such a bump is a no-op: re-tag to revive. Default false.
    /// </summary>
    public bool BumpCreatesTag { get; init; }

    internal void Validate()
    {
        Guard.NonNegative(Resolution, "Decay.Resolution");
        Guard.Defined(Schedule, "Decay.Schedule");
    }
}
