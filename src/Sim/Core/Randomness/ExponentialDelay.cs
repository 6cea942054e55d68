namespace ConnMgr.Sim.Randomness;

/// <summary>
/// Waiting times of a Poisson process in clock ticks. A tiny rate (a fuzzed 10^-300 per second) gives a wait past any
/// run; it is capped at a century so that "now + wait" cannot overflow into the past and replay the same instant.
/// </summary>
public static class ExponentialDelay
{
    /// <summary>The longest wait returned: 100 years, beyond any run the validator accepts.</summary>
    public static readonly long MaxTicks = TimeSpan.FromDays(36_525).Ticks;

    /// <summary>An exponential wait with mean 1 / <paramref name="ratePerSecond"/>, in ticks, at least 1.</summary>
    public static long Ticks(Random random, double ratePerSecond)
    {
        ArgumentNullException.ThrowIfNull(random);
        var seconds = -Math.Log(1 - random.NextDouble()) / ratePerSecond;
        return seconds * TimeSpan.TicksPerSecond is var ticks && ticks < MaxTicks ? Math.Max(1, (long)ticks) : MaxTicks;
    }
}
