namespace ConnMgr.Sim.Scenarios;

/// <summary>
/// A parameter study over a scenario: factors keyed by the same JSON paths as <c>--set</c> and variants, a design that
/// turns them into points, and replications per point (see scenarios/README.md, "Sweeps").
/// </summary>
public sealed class SweepSpec
{
    /// <summary>Output folder name under results/; default "&lt;scenario name&gt;-sweep".</summary>
    public string? Name { get; set; }

    /// <summary>The factors, first one varying slowest in a grid.</summary>
    public List<FactorSpec> Factors { get; set; } = [];

    /// <summary>Keeps only points for which this holds, e.g. "lowWater &lt; highWater" (factor names, numbers, 'text', &lt; &lt;= &gt; &gt;= == !=, &amp;&amp;, ||).</summary>
    public string? Where { get; set; }

    /// <summary>Runs per point. Default 1.</summary>
    [RangeOf(1, 100_000)]
    public int Replications { get; set; } = 1;

    /// <summary>grid (every combination), random or lhs (Latin hypercube) with <see cref="Points"/> points. Default grid.</summary>
    public SweepDesign Design { get; set; } = SweepDesign.Grid;

    /// <summary>Points drawn by random and lhs designs.</summary>
    public int Points { get; set; }

    /// <summary>Seed of the random and lhs designs. Default 1.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>
    /// common (default): replication r runs with seed (scenario seed + r) at every point, so differences between
    /// points are paired (common random numbers); independent: every run has its own seed.
    /// </summary>
    public SeedPolicy Seeds { get; set; } = SeedPolicy.Common;
}

/// <summary>One factor: a JSON path and its levels (a list, a linear or a log range), or factors varied in parallel (zip).</summary>
public sealed class FactorSpec
{
    /// <summary>Short name (outputs, <c>where</c>); default the last segment of the path.</summary>
    public string? Name { get; set; }

    /// <summary>JSON path of a single value, as <c>--set</c> takes it (e.g. nodes[0].engine.lowWater).</summary>
    public string Path { get; set; } = "";

    /// <summary>The levels as a list (numbers, strings or booleans).</summary>
    [AnyScalar]
    public List<string>? Values { get; set; }

    /// <summary>Range start (inclusive).</summary>
    public double? From { get; set; }

    /// <summary>Range end (inclusive when reached by the steps).</summary>
    public double? To { get; set; }

    /// <summary>Linear range step.</summary>
    public double? Step { get; set; }

    /// <summary>Number of levels from <see cref="From"/> to <see cref="To"/> (linear, or geometric with scale log).</summary>
    public int? Count { get; set; }

    /// <summary>linear (default) or log (geometric levels; needs from, to &gt; 0 and count).</summary>
    public FactorScale Scale { get; set; } = FactorScale.Linear;

    /// <summary>Factors varied in parallel (each with the same number of levels): one dimension of the design.</summary>
    public List<FactorSpec>? Zip { get; set; }
}

/// <summary>How a sweep turns factors into points.</summary>
public enum SweepDesign
{
    /// <summary>Every combination of levels.</summary>
    Grid,

    /// <summary><c>points</c> points, each factor drawn uniformly (ranges continuously).</summary>
    Random,

    /// <summary><c>points</c> points of a Latin hypercube: each factor's range cut in <c>points</c> strata, one point per stratum.</summary>
    Lhs,
}

/// <summary>Levels of a range factor.</summary>
public enum FactorScale
{
    /// <summary>Evenly spaced.</summary>
    Linear,

    /// <summary>Geometrically spaced.</summary>
    Log,
}

/// <summary>Seeds of a sweep's replications.</summary>
public enum SeedPolicy
{
    /// <summary>Replication r has the same seed at every point (paired comparisons).</summary>
    Common,

    /// <summary>Every run its own seed.</summary>
    Independent,
}

/// <summary>A list whose items may be any JSON scalar (number, string, boolean), read as text.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AnyScalarAttribute : Attribute;
