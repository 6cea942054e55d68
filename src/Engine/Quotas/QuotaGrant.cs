namespace ConnMgr.Engine.Quotas;

/// <summary>How the manager answered a subsystem's <see cref="QuotaRequest"/>.</summary>
public enum QuotaAnswer
{
    /// <summary>Granted as asked.</summary>
    Accepted,

    /// <summary>
    /// Granted with a smaller reserve, which the subsystem must plan with: the reserve asked for did not fit beside the
    /// other subsystems' reserves within the capacity.
    /// </summary>
    CounterProposal,
}

/// <summary>The bounds a subsystem holds after enrolling: the manager enforces them at every regulation round (trim).</summary>
/// <param name="Subsystem">The subsystem's name.</param>
/// <param name="Answer">Accepted, or a counter-proposal.</param>
/// <param name="Reserved">Reserved minimum granted: trims never take the subsystem below it while another is above its own.</param>
/// <param name="Max">Maximum granted (<see cref="int.MaxValue"/> = none): a regulation round prunes what is above it and not on loan.</param>
public readonly record struct QuotaGrant(string Subsystem, QuotaAnswer Answer, int Reserved, int Max);
