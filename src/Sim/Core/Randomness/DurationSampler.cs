using ConnMgr.Sim.Scenarios;
using MathNet.Numerics.Distributions;

namespace ConnMgr.Sim.Randomness;

/// <summary>Draws durations (in ticks) from a <see cref="DurationDistributionSpec"/> using MathNet.Numerics. Allocation-free per draw.</summary>
public sealed class DurationSampler
{
    private readonly IContinuousDistribution? _distribution;
    private readonly double _constantSeconds;

    /// <summary>Creates a sampler on its own stream.</summary>
    public DurationSampler(DurationDistributionSpec spec, Random random)
    {
        ArgumentNullException.ThrowIfNull(spec);
        switch (spec.Kind)
        {
            case DistributionKind.Constant:
                _constantSeconds = spec.Mean!.Value.TotalSeconds;
                break;
            case DistributionKind.Exponential:
                _distribution = new Exponential(1.0 / spec.Mean!.Value.TotalSeconds, random);
                break;
            case DistributionKind.Weibull:
                _distribution = new Weibull(spec.Shape!.Value, spec.Scale!.Value.TotalSeconds, random);
                break;
            case DistributionKind.Pareto:
                _distribution = new Pareto(spec.Scale!.Value.TotalSeconds, spec.Shape!.Value, random);
                break;
            case DistributionKind.Lognormal:
                _distribution = new LogNormal(Math.Log(spec.Median!.Value.TotalSeconds), spec.Sigma!.Value, random);
                break;
            default:
                throw new ArgumentException($"Unknown duration distribution '{spec.Kind}'.", nameof(spec));
        }
    }

    /// <summary>Mean of the distribution in seconds (∞ for heavy tails without one).</summary>
    public double MeanSeconds => _distribution?.Mean ?? _constantSeconds;

    /// <summary>One draw, in ticks, at least one tick.</summary>
    public long SampleTicks()
    {
        var seconds = _distribution?.Sample() ?? _constantSeconds;
        var ticks = seconds * TimeSpan.TicksPerSecond;
        return ticks >= long.MaxValue / 4 ? long.MaxValue / 4 : Math.Max(1, (long)ticks);
    }
}
