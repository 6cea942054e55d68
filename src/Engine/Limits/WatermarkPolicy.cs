namespace ConnMgr.Engine.Limits;

/// <summary>
/// Watermark limits: when the count rises above <see cref="HighWater"/> a trim cycle closes the lowest-scored peers
/// until the count is <see cref="LowWater"/>. At most one automatic cycle runs per <see cref="SilencePeriod"/>.
/// </summary>
public sealed record WatermarkPolicy : LimitPolicy
{
    /// <summary>
    /// go-libp2p's host defaults: LowWater 160, HighWater 192, grace 1 min, silence 10 s (go-libp2p
    /// <c>config/defaults.go</c> DefaultConnectionManager and <c>p2p/net/connmgr/options.go</c>).
    /// </summary>
    public static WatermarkPolicy Default { get; } = new(160, 192, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(10));

    /// <summary>Creates watermark limits.</summary>
    /// <param name="lowWater">Count a trim cycle brings the manager down to; 0 ≤ lowWater ≤ highWater.</param>
    /// <param name="highWater">
    /// Count above which a trim cycle is triggered; ≥ 1, or 0 (with any lowWater) for go-libp2p's "disabled" manager,
    /// which only a manager with <see cref="ConnectionManagerOptions.ZeroWatermarksDisable"/> accepts.
    /// </param>
    /// <param name="gracePeriod">New peers are not trimmed for this long; ≥ 0.</param>
    /// <param name="silencePeriod">Minimum time between two automatic trim cycles; ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its allowed range.</exception>
    public WatermarkPolicy(int lowWater, int highWater, TimeSpan gracePeriod, TimeSpan silencePeriod)
    {
        if (highWater < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(highWater), highWater, "HighWater must be >= 1 (or 0: disabled, go profile only).");
        }

        if (lowWater < 0 || (highWater > 0 && lowWater > highWater))
        {
            throw new ArgumentOutOfRangeException(nameof(lowWater), lowWater, $"LowWater must be in [0, HighWater={highWater}].");
        }

        Guard.NonNegative(gracePeriod, nameof(gracePeriod));
        Guard.NonNegative(silencePeriod, nameof(silencePeriod));
        LowWater = lowWater;
        HighWater = highWater;
        GracePeriod = gracePeriod;
        SilencePeriod = silencePeriod;
    }

    /// <summary>Count a trim cycle brings the manager down to.</summary>
    public int LowWater { get; }

    /// <summary>Count above which a trim cycle is triggered.</summary>
    public int HighWater { get; }

    /// <inheritdoc/>
    public override TimeSpan GracePeriod { get; }

    /// <summary>Minimum time between two automatic trim cycles.</summary>
    public TimeSpan SilencePeriod { get; }

    /// <summary>True when either watermark is 0: go-libp2p's null manager, which never trims.</summary>
    public bool DisablesManager => LowWater == 0 || HighWater == 0;
}
