using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Randomness;

/// <summary>Draws integer tag values from a <see cref="ValueDistributionSpec"/>.</summary>
public sealed class ValueSampler(ValueDistributionSpec spec, Random random)
{
    /// <summary>One draw, rounded to the nearest integer.</summary>
    public int Sample() => spec.Kind switch
    {
        ValueKind.Uniform => (int)Math.Round(spec.Min!.Value + (random.NextDouble() * (spec.Max!.Value - spec.Min.Value))),
        ValueKind.Exponential => (int)Math.Round(-spec.Mean!.Value * Math.Log(1 - random.NextDouble())),
        _ => (int)Math.Round(spec.Value ?? 0),
    };
}
