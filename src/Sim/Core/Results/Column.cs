namespace ConnMgr.Sim.Results;

/// <summary>
/// One output column or summary metric, declared once: every CSV writer, the <c>compare</c> table, <c>expect</c>,
/// the plots and the columns reference (docs/outputs.md) read this declaration.
/// </summary>
/// <param name="Name">CSV header; snake_case with its unit as a suffix where it has one (<c>_s</c>, <c>_ms</c>, <c>_per_s</c>).</param>
/// <param name="Unit">Unit in words ("connections", "share of dials", "ms").</param>
/// <param name="Meaning">What it measures, one sentence.</param>
/// <param name="Across">How values of several groups (the summary's <c>all</c> row) combine; replications are averaged.</param>
/// <param name="Format">Number format of the CSV field (invariant culture).</param>
public sealed record Column(string Name, string Unit, string Meaning, Across Across = Across.Sum, string Format = "0.####")
{
    /// <summary>Where this column is plotted (file name under plots/), or null for none. Columns sharing a plot share its axes.</summary>
    public string? Plot { get; init; }

    /// <summary>How the column is drawn on its plot.</summary>
    public SeriesStyle Style { get; init; }

    /// <summary>True for metrics that decide a comparison: <c>compare</c> prints them unless the scenario names its own (<c>report</c>).</summary>
    public bool Headline { get; init; }

    /// <summary>True for a family of columns whose name is this prefix plus a name found at run time (subsystem_&lt;name&gt;).</summary>
    public bool IsFamily { get; init; }

    /// <summary>True when <paramref name="header"/> is this column (or a member of this family).</summary>
    public bool Matches(string header) => IsFamily ? header.StartsWith(Name, StringComparison.Ordinal) && header.Length > Name.Length : header == Name;
}

/// <summary>How a metric of several groups (or nodes) is combined into one value.</summary>
public enum Across
{
    /// <summary>Summed (counts).</summary>
    Sum,

    /// <summary>Mean over the groups' values (each group weighs the same).</summary>
    MeanOfGroups,

    /// <summary>Largest value.</summary>
    Max,

    /// <summary>Smallest value.</summary>
    Min,

    /// <summary>A ratio recomputed from its parts by the producer (not derivable from the groups' ratios).</summary>
    Ratio,

    /// <summary>A per-group setting with no meaning across groups (left empty in the <c>all</c> row).</summary>
    None,
}

/// <summary>How a column appears on its plot.</summary>
public enum SeriesStyle
{
    /// <summary>A solid line per group.</summary>
    Line,

    /// <summary>A dotted line per group.</summary>
    Dotted,

    /// <summary>A dashed line per group.</summary>
    Dashed,

    /// <summary>The lower edge of a shaded band (paired with the next <see cref="BandHigh"/> column).</summary>
    BandLow,

    /// <summary>The upper edge of a shaded band.</summary>
    BandHigh,
}
