namespace ConnMgr.Engine;

/// <summary>
/// The manager's answer to <see cref="ConnectionManager{TPeer}.Connected"/>. A rejected connection is not tracked:
/// the host must close it.
/// </summary>
/// <param name="Accepted">True when the connection is now tracked.</param>
/// <param name="Reason">Why it was rejected; <see cref="RejectReason.None"/> when accepted.</param>
public readonly record struct ConnectDecision(bool Accepted, RejectReason Reason)
{
    /// <summary>The connection was accepted.</summary>
    public static ConnectDecision Accept => new(true, RejectReason.None);

    /// <summary>The connection was rejected for <paramref name="reason"/>.</summary>
    public static ConnectDecision Reject(RejectReason reason) => new(false, reason);
}
