namespace ConnMgr.Sim.Network;

/// <summary>
/// The cumulative counters one partition's events add to for a group (<see cref="GroupRuntime.Parts"/>): each set is
/// written by one partition only, and the group's totals are their sums (maxima for the largest), read at samples
/// and at the end.
/// </summary>
internal sealed class GroupCounters
{
    public long Dials;
    public long DialsConnected;
    public long DialTimeouts;
    public long Pruned;
    public long ProtectedPruned;
    public long Trims;

    /// <summary>Trim cycles that took the count down, the sum of those falls, and the largest.</summary>
    public long TrimsThatClosed, TrimDropSum;
    public int TrimDropMax;
    public long Rejected;
    public long Accepted;
    public long Ops;

    /// <summary>Most dials any node of the group had in flight at once.</summary>
    public int MaxDialsInFlight;

    /// <summary>Rejections per <see cref="ConnMgr.Engine.RejectReason"/> value.</summary>
    public long[] RejectedBy { get; } = new long[Enum.GetValues<ConnMgr.Engine.RejectReason>().Length];
}
