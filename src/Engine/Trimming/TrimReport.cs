namespace ConnMgr.Engine.Trimming;

/// <summary>What started a trim cycle.</summary>
public enum TrimCause
{
    /// <summary>The count rose above HighWater.</summary>
    HighWater,

    /// <summary><see cref="ConnectionManager{TPeer}.TrimOpenConns"/> was called.</summary>
    Manual,

    /// <summary>The count rose above a <see cref="Limits.MaxConnectionsPolicy"/> maximum.</summary>
    MaxLimit,

    /// <summary>An inbound connection was rejected by a cap (nim-libp2p triggers a trim then).</summary>
    RejectedInbound,

    /// <summary>A periodic tick found the count at or above HighWater (go-libp2p).</summary>
    Ticker,

    /// <summary><see cref="ConnectionManager{TPeer}.ForceTrim"/>: go's memory emergency (no grace, busiest peers first).</summary>
    Emergency,

    /// <summary><see cref="ConnectionManager{TPeer}.SetLimits"/> lowered the limits below the current count.</summary>
    LimitLowered,
}

/// <summary>How a trim cycle ended.</summary>
public enum TrimOutcome
{
    /// <summary>The count was already at or below the target.</summary>
    NothingToDo,

    /// <summary>The count reached the target.</summary>
    ReachedTarget,

    /// <summary>Protection, grace, quotas or the policy left too few candidates: the count stays above the target.</summary>
    StoppedAboveTarget,
}

/// <summary>The result of one trim cycle (raised as <c>TrimCompleted</c>).</summary>
/// <param name="Cause">What started the cycle.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Before">Count before the cycle (in the manager's counting unit).</param>
/// <param name="After">Count after the cycle.</param>
/// <param name="Target">The count the cycle aimed for.</param>
/// <param name="PeersClosed">Peers fully disconnected by the cycle (tag-only entries excluded).</param>
/// <param name="ConnectionsClosed">Connections closed by the cycle.</param>
/// <param name="SkippedProtected">Connected peers skipped because protected.</param>
/// <param name="SkippedGrace">Connected peers (or connections) skipped because in their grace period.</param>
/// <param name="SkippedQuota">Candidates skipped to keep a subsystem at its reserved minimum.</param>
/// <param name="ShieldedByPolicy">Candidates the trim policy shielded (e.g. diversity).</param>
public readonly record struct TrimReport(
    TrimCause Cause,
    TrimOutcome Outcome,
    int Before,
    int After,
    int Target,
    int PeersClosed,
    int ConnectionsClosed,
    int SkippedProtected,
    int SkippedGrace,
    int SkippedQuota,
    int ShieldedByPolicy);
