using ConnMgr.Engine.Internal;

namespace ConnMgr.Engine.Dialing;

/// <summary>
/// The auto-connector: while the count is below LowWater (py-libp2p: "start auto-connecting when below" the low
/// watermark), every <see cref="Interval"/> it asks the host to dial candidates it was given
/// (<see cref="ConnectionManager{TPeer}.AddDialCandidate"/>), skipping peers whose dial failed within
/// <see cref="FailureCooldown"/> and peers in prune backoff. Defaults are js-libp2p's
/// (<c>connection-manager/constants.ts</c>), which py-libp2p's connection config mirrors.
/// </summary>
public sealed record AutoConnectOptions
{
    /// <summary>No auto-connector.</summary>
    public static AutoConnectOptions Off { get; } = new();

    /// <summary>When true the manager requests dials below the target. Default false.</summary>
    public bool Enabled { get; init; }

    /// <summary>Time between rounds while below the target: 5 s (js <c>AUTO_DIAL_INTERVAL</c>).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A candidate whose dial failed is skipped this long: 60 s (js <c>AUTO_DIAL_PEER_RETRY_THRESHOLD</c>).</summary>
    public TimeSpan FailureCooldown { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>At most this many dials per round: 25 (js <c>AUTO_DIAL_CONCURRENCY</c>).</summary>
    public int MaxDialsPerRound { get; init; } = 25;

    internal void Validate()
    {
        Guard.Positive(Interval, "AutoConnect.Interval");
        Guard.NonNegative(FailureCooldown, "AutoConnect.FailureCooldown");
        Guard.AtLeast(MaxDialsPerRound, 1, "AutoConnect.MaxDialsPerRound");
    }
}
