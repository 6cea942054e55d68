using ConnMgr.Sim.Randomness;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Experiments.Sweeps;

/// <summary>Turns a sweep's dimensions into points: every combination (grid), or n points drawn at random or by Latin hypercube.</summary>
internal static class SweepDesignExpansion
{
    public static List<SweepPoint> Points(List<Factor[]> dimensions, SweepSpec sweep, WhereExpression? where)
    {
        var raw = sweep.Design == SweepDesign.Grid ? Grid(dimensions) : Drawn(dimensions, sweep);
        var points = new List<SweepPoint>();
        foreach (var values in raw)
        {
            var byName = new Dictionary<string, string>(StringComparer.Ordinal);
            var overrides = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (factor, value) in values)
            {
                byName[factor.Name] = value;
                overrides[factor.Path] = value;
            }

            if (where is null || where.Holds(byName))
            {
                points.Add(new SweepPoint(points.Count, byName, overrides));
            }
        }

        return points;
    }

    /// <summary>Every combination of levels; the first dimension varies slowest.</summary>
    private static IEnumerable<List<(Factor, string)>> Grid(List<Factor[]> dimensions)
    {
        var at = new int[dimensions.Count];
        while (true)
        {
            var values = new List<(Factor, string)>();
            for (var d = 0; d < dimensions.Count; d++)
            {
                foreach (var f in dimensions[d])
                {
                    values.Add((f, f.Levels[at[d]]));
                }
            }

            yield return values;
            var k = dimensions.Count - 1;
            while (k >= 0 && ++at[k] == dimensions[k][0].Levels.Length)
            {
                at[k--] = 0;
            }

            if (k < 0)
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// n points: random draws u ~ U[0, 1) per dimension, or a Latin hypercube (each dimension's [0, 1) cut in n strata, a
    /// random permutation of strata per dimension, a uniform draw inside each); zip members share their dimension's u.
    /// </summary>
    private static IEnumerable<List<(Factor, string)>> Drawn(List<Factor[]> dimensions, SweepSpec sweep)
    {
        var rng = RandomStreams.For(sweep.Seed, "sweep-design");
        var n = sweep.Points;
        var strata = new int[dimensions.Count][];
        for (var d = 0; d < dimensions.Count; d++)
        {
            strata[d] = [.. Enumerable.Range(0, n)];
            if (sweep.Design == SweepDesign.Lhs)
            {
                rng.Shuffle(strata[d]);
            }
        }

        for (var p = 0; p < n; p++)
        {
            var values = new List<(Factor, string)>();
            for (var d = 0; d < dimensions.Count; d++)
            {
                var u = sweep.Design == SweepDesign.Lhs ? (strata[d][p] + rng.NextDouble()) / n : rng.NextDouble();
                foreach (var f in dimensions[d])
                {
                    values.Add((f, f.Continuous(u)));
                }
            }

            yield return values;
        }
    }
}
