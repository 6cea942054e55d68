namespace ConnMgr.Engine.Quotas;

/// <summary>What happened to a negotiated quota.</summary>
public enum QuotaNoticeKind
{
    /// <summary>A request was granted as asked (at enrolment, or re-granted after the limits changed).</summary>
    Granted,

    /// <summary>A request was answered with other bounds (<see cref="QuotaAnswer.CounterProposal"/>).</summary>
    CounterProposed,

    /// <summary>A regulation round let the subsystem keep units above its maximum, lent from others' unused shares.</summary>
    Lent,

    /// <summary>A regulation round pruned units the subsystem held above its maximum and no longer on loan.</summary>
    Reclaimed,
}

/// <summary>A negotiated quota's event (<see cref="Events.IConnectionManagerObserver{TPeer}.OnQuotaNotice"/>).</summary>
/// <param name="Subsystem">The subsystem's name.</param>
/// <param name="Kind">Grant, counter-proposal, loan or reclaim.</param>
/// <param name="Reserved">The subsystem's reserved minimum at the time.</param>
/// <param name="Max">The subsystem's maximum at the time (<see cref="int.MaxValue"/> = none).</param>
/// <param name="Units">Loan held (Lent) or units pruned (Reclaimed); 0 for grants.</param>
public readonly record struct QuotaNotice(string Subsystem, QuotaNoticeKind Kind, int Reserved, int Max, int Units);
