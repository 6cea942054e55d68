using ConnMgr.Sim.Scenarios;
using MathNet.Numerics.Distributions;

namespace ConnMgr.Sim.Randomness;

/// <summary>
/// Draws durations (in ticks) from a <see cref="DurationDistributionSpec"/> using MathNet.Numerics, from its own
/// stream or from one it is handed (a <see cref="PerNodeStream"/> pointed at a node). Allocation-free per draw.
/// </summary>
public sealed class DurationSampler
{
    private readonly DistributionKind _kind;
    private readonly double _a, _b;
    private readonly Random? _own;

    /// <summary>Creates a sampler; <paramref name="random"/> is its own stream, or null when every draw is handed one.</summary>
    public DurationSampler(DurationDistributionSpec spec, Random? random)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _kind = spec.Kind;
        _own = random;
        switch (spec.Kind)
        {
            case DistributionKind.Constant:
                _a = spec.Mean!.Value.TotalSeconds;
                break;
            case DistributionKind.Exponential:
                _a = 1.0 / spec.Mean!.Value.TotalSeconds;
                _ = new Exponential(_a); // MathNet's constructor rejects invalid parameters once, here
                break;
            case DistributionKind.Weibull:
                (_a, _b) = (spec.Shape!.Value, spec.Scale!.Value.TotalSeconds);
                _ = new Weibull(_a, _b); // MathNet's constructor rejects invalid parameters once, here
                break;
            case DistributionKind.Pareto:
                (_a, _b) = (spec.Scale!.Value.TotalSeconds, spec.Shape!.Value);
                _ = new Pareto(_a, _b); // MathNet's constructor rejects invalid parameters once, here
                break;
            case DistributionKind.Lognormal:
                (_a, _b) = (Math.Log(spec.Median!.Value.TotalSeconds), spec.Sigma!.Value);
                _ = new LogNormal(_a, _b); // MathNet's constructor rejects invalid parameters once, here
                break;
            default:
                throw new ArgumentException($"Unknown duration distribution '{spec.Kind}'.", nameof(spec));
        }
    }

    /// <summary>One draw from the sampler's own stream, in ticks, at least one tick.</summary>
    public long SampleTicks() => SampleTicks(_own ?? throw new InvalidOperationException("this sampler has no stream of its own: hand it one"));

    /// <summary>One draw from <paramref name="random"/>, in ticks, at least one tick.</summary>
    public long SampleTicks(Random random)
    {
        var seconds = _kind switch
        {
            DistributionKind.Exponential => Exponential.Sample(random, _a),
            DistributionKind.Weibull => Weibull.Sample(random, _a, _b),
            DistributionKind.Pareto => Pareto.Sample(random, _a, _b),
            DistributionKind.Lognormal => LogNormal.Sample(random, _a, _b),
            _ => _a,
        };
        var ticks = seconds * TimeSpan.TicksPerSecond;
        return ticks >= long.MaxValue / 4 ? long.MaxValue / 4 : Math.Max(1, (long)ticks);
    }
}
