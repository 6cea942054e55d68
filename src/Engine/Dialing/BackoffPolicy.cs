namespace ConnMgr.Engine.Dialing;

/// <summary>
/// Exponential backoff: attempt n (1-based) waits min(Base × Factor^(n−1), Max), spread by ±Jitter (a fraction).
/// </summary>
/// <param name="Base">First wait; &gt; 0.</param>
/// <param name="Factor">Growth per attempt; ≥ 1.</param>
/// <param name="Max">Cap on a single wait; ≥ Base.</param>
/// <param name="Jitter">Fraction in [0, 1): each wait is multiplied by a uniform factor in [1 − Jitter, 1 + Jitter].</param>
/// <param name="MaxAttempts">Attempts before giving up; ≥ 1 (ignored where a backoff never gives up).</param>
public sealed record BackoffPolicy(TimeSpan Base, double Factor, TimeSpan Max, double Jitter = 0, int MaxAttempts = int.MaxValue)
{
    /// <summary>The wait before attempt <paramref name="attempt"/> (1-based), without jitter.</summary>
    public TimeSpan Delay(int attempt)
    {
        var ticks = Base.Ticks * Math.Pow(Factor, Math.Max(0, attempt - 1));
        return ticks >= Max.Ticks ? Max : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>The wait before <paramref name="attempt"/> with jitter drawn from <paramref name="random"/> (may be null: no jitter).</summary>
    public TimeSpan Delay(int attempt, Random? random)
    {
        var d = Delay(attempt);
        if (Jitter <= 0 || random is null)
        {
            return d;
        }

        var f = 1 + (Jitter * ((2 * random.NextDouble()) - 1));
        return TimeSpan.FromTicks((long)(d.Ticks * f));
    }

    internal void Validate(string path)
    {
        if (Base <= TimeSpan.Zero)
        {
            Guard.Positive(Base, $"{path}.Base"); // the name is built only for the error: every manager checks two policies
        }

        if (!(Factor >= 1))
        {
            throw new ArgumentOutOfRangeException(path, Factor, $"{path}.Factor must be >= 1.");
        }

        if (Max < Base)
        {
            throw new ArgumentOutOfRangeException(path, Max, $"{path}.Max must be >= Base ({Base}).");
        }

        if (!(Jitter >= 0 && Jitter < 1))
        {
            throw new ArgumentOutOfRangeException(path, Jitter, $"{path}.Jitter must be in [0, 1).");
        }

        if (MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(path, MaxAttempts, $"{path}.MaxAttempts must be >= 1.");
        }
    }
}
