using MathNet.Numerics.Distributions;

namespace ConnMgr.Sim.Experiments.Replications;

/// <summary>
/// Mean of independent replications with its 95 % Student-t confidence interval (MathNet's t quantile, n − 1 degrees
/// of freedom). Sd, Low and High are NaN when n is too small to estimate them; every field is NaN when n is 0.
/// </summary>
/// <param name="N">Values the interval is made of.</param>
/// <param name="Mean">Their mean.</param>
/// <param name="Sd">Sample standard deviation.</param>
/// <param name="Low">Lower end of the 95 % interval of the mean.</param>
/// <param name="High">Upper end of the 95 % interval of the mean.</param>
public readonly record struct Interval95(int N, double Mean, double Sd, double Low, double High)
{
    /// <summary>The interval of <paramref name="values"/>' mean.</summary>
    public static Interval95 Of(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var n = values.Count;
        if (n == 0)
        {
            return new(0, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var mean = values.Average();
        if (n == 1)
        {
            return new(1, mean, double.NaN, double.NaN, double.NaN);
        }

        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        var half = StudentT.InvCDF(0, 1, n - 1, 0.975) * sd / Math.Sqrt(n);
        return new(n, mean, sd, mean - half, mean + half);
    }

    /// <summary>True when the interval is known and excludes 0 (a paired difference that is not noise).</summary>
    public bool ExcludesZero => Low > 0 || High < 0;
}
