namespace ConnMgr.Engine.Limits;

/// <summary>
/// How the manager bounds its connection count: <see cref="WatermarkPolicy"/> (trim from HighWater down to LowWater)
/// or <see cref="MaxConnectionsPolicy"/> (a hard maximum).
/// </summary>
public abstract record LimitPolicy
{
    private protected LimitPolicy()
    {
    }

    /// <summary>Peers (or connections) younger than this are not trimmed. Zero disables the grace period.</summary>
    public abstract TimeSpan GracePeriod { get; }
}
