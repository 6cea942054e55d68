namespace ConnMgr.Engine;

/// <summary>Properties of a connection given to <see cref="ConnectionManager{TPeer}.Connected"/>.</summary>
[Flags]
public enum ConnectionFlags
{
    /// <summary>An ordinary connection.</summary>
    None = 0,

    /// <summary>
    /// Opened for a short exchange (a DHT query): short grace, trimmed first once idle, and not counted against
    /// HighWater up to <see cref="ConnectionManagerOptions.TransientAllowance"/>.
    /// </summary>
    Transient = 1,

    /// <summary>The source was allow-listed by the gate in bypass mode: exempt from caps and never pruned.</summary>
    AllowListed = 2,
}
