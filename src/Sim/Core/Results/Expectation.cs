namespace ConnMgr.Sim.Results;

/// <summary>
/// A key of a scenario's <c>expect</c> block: which summary column of the <c>all</c> row it checks and how its value
/// reads. Declared next to the columns it checks (by the runner or a model) and registered in <see cref="MetricCatalog"/>.
/// </summary>
/// <param name="Key">The JSON key (camelCase), e.g. <c>routerDeaths</c>.</param>
/// <param name="Column">The summary column checked.</param>
/// <param name="Kind">What a value of the key means.</param>
/// <param name="Mode">The runs it applies to; a key for the other mode is a validation error.</param>
/// <param name="Description">How the check is printed, e.g. "router deaths".</param>
public sealed record Expectation(string Key, string Column, ExpectationKind Kind, RunMode Mode, string Description)
{
    /// <summary>Printed when the column has no value (NaN) in a run: why it cannot be evaluated.</summary>
    public string WhenMissing { get; init; } = "not measured in this run";
}

/// <summary>What the value of an <c>expect</c> key means.</summary>
public enum ExpectationKind
{
    /// <summary><c>{ "min": a, "max": b }</c> (either bound may be left out): the measured value is in the range.</summary>
    Range,

    /// <summary>A number or duration: the measured value is at most it (a range is accepted too).</summary>
    AtMost,

    /// <summary>A number: the measured value equals it (a range is accepted too).</summary>
    Exactly,

    /// <summary><c>true</c>: the measured value is at most 0 (<c>false</c> checks nothing).</summary>
    Flag,
}

/// <summary>The two kinds of run.</summary>
[Flags]
public enum RunMode
{
    /// <summary>Focal nodes against synthetic peers.</summary>
    Focal = 1,

    /// <summary>A network of engine-running nodes.</summary>
    Network = 2,

    /// <summary>Both.</summary>
    Both = Focal | Network,
}

/// <summary>One evaluated expectation, printed by <c>check</c>.</summary>
/// <param name="Name">Description of the check.</param>
/// <param name="Expected">The expected range in words.</param>
/// <param name="Measured">The measured value, or why there is none.</param>
/// <param name="Passed">True when measured and in range.</param>
public sealed record ExpectationResult(string Name, string Expected, string Measured, bool Passed);

/// <summary>A timeline assert, as checked at its time.</summary>
public sealed record AssertResult(TimeSpan At, string What, string Expected, string Actual, bool Passed);

/// <summary>A bound expectation: the key's declaration and the range read from the scenario.</summary>
/// <param name="Path">JSON path of the key (expect.routerDeaths), for messages.</param>
/// <param name="Declaration">The catalog entry.</param>
/// <param name="Min">Lower bound, or null.</param>
/// <param name="Max">Upper bound, or null.</param>
public sealed record ExpectedRange(string Path, Expectation Declaration, double? Min, double? Max)
{
    /// <summary>The summary row checked: <see cref="ResultRow.All"/>, or a group's name (<c>key@group</c>).</summary>
    public string Group { get; init; } = ResultRow.All;
}
