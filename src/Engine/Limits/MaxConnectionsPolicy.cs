namespace ConnMgr.Engine.Limits;

/// <summary>What a <see cref="MaxConnectionsPolicy"/> does when a connection would exceed the maximum.</summary>
public enum LimitAction
{
    /// <summary>Accept, then immediately prune the lowest-scored peers back to the maximum.</summary>
    Prune,

    /// <summary>Reject new inbound connections at the maximum; outbound ones are accepted and pruning follows (js-libp2p).</summary>
    RejectInbound,
}

/// <summary>
/// A hard maximum: the count never stays above <see cref="Max"/> (only protected peers can hold it there).
/// </summary>
public sealed record MaxConnectionsPolicy : LimitPolicy
{
    /// <summary>js-libp2p's default maxConnections, 300 (<c>connection-manager/constants.defaults.ts</c>), pruning at the limit, no grace.</summary>
    public static MaxConnectionsPolicy Default { get; } = new(300);

    /// <summary>Creates a hard maximum.</summary>
    /// <param name="max">Maximum count; ≥ 1.</param>
    /// <param name="onLimit">What happens at the limit. The default is <see cref="LimitAction.Prune"/>.</param>
    /// <param name="gracePeriod">New peers are not pruned for this long unless nothing else can go; ≥ 0. Default 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its allowed range.</exception>
    public MaxConnectionsPolicy(int max, LimitAction onLimit = LimitAction.Prune, TimeSpan gracePeriod = default)
    {
        if (max < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(max), max, "Max must be >= 1.");
        }

        if (!Enum.IsDefined(onLimit))
        {
            throw new ArgumentOutOfRangeException(nameof(onLimit), onLimit, "Allowed: Prune, RejectInbound.");
        }

        Guard.NonNegative(gracePeriod, nameof(gracePeriod));
        Max = max;
        OnLimit = onLimit;
        GracePeriod = gracePeriod;
    }

    /// <summary>The maximum count.</summary>
    public int Max { get; }

    /// <summary>What happens at the limit.</summary>
    public LimitAction OnLimit { get; }

    /// <inheritdoc/>
    public override TimeSpan GracePeriod { get; }
}
