namespace ConnMgr.Sim.Results;

/// <summary>Everything a run produced, in the shape of its output files (the results contract).</summary>
public sealed class RunResult
{
    /// <summary>Scenario name.</summary>
    public required string Name { get; init; }

    /// <summary>Master seed used.</summary>
    public required int Seed { get; init; }

    /// <summary>Focal or network.</summary>
    public required RunMode Mode { get; init; }

    /// <summary>True when the run reached its duration (false when cancelled).</summary>
    public required bool Completed { get; init; }

    /// <summary>Virtual time reached.</summary>
    public required TimeSpan VirtualTime { get; init; }

    /// <summary>Events the kernel processed.</summary>
    public required long EventsProcessed { get; init; }

    /// <summary>Wall time of the simulation loop.</summary>
    public required TimeSpan WallTime { get; init; }

    /// <summary>timeseries.csv: one row per trace interval and group.</summary>
    public required ResultTable Timeseries { get; init; }

    /// <summary>summary.csv: one row per group, then the <c>all</c> row.</summary>
    public required ResultTable Summary { get; init; }

    /// <summary>Distribution files (mesh-degree.csv, lookup-hops.csv, scores.csv).</summary>
    public IReadOnlyList<DistributionTable> Distributions { get; init; } = [];

    /// <summary>Timeline asserts.</summary>
    public IReadOnlyList<AssertResult> Asserts { get; init; } = [];

    /// <summary>Expectations (empty without an expect block, or when the run did not complete).</summary>
    public IReadOnlyList<ExpectationResult> Expectations { get; init; } = [];

    /// <summary>True when every assert and expectation passed.</summary>
    public bool Passed => Asserts.All(a => a.Passed) && Expectations.All(e => e.Passed);

    /// <summary>A summary value: <paramref name="column"/> of <paramref name="group"/> (default the all row); NaN when absent.</summary>
    public double Metric(string column, string group = ResultRow.All) => Summary.Value(group, column);
}

/// <summary>A distribution written as its own CSV: group, a key column and value columns.</summary>
/// <param name="File">File name (mesh-degree.csv).</param>
/// <param name="Key">The key column (degree, hops, score).</param>
/// <param name="Values">The value columns.</param>
/// <param name="Rows">(group, key, values) rows.</param>
public sealed record DistributionTable(string File, Column Key, IReadOnlyList<Column> Values, IReadOnlyList<(string Group, double Key, double[] Values)> Rows);

/// <summary>One row of events.csv.</summary>
public readonly record struct EventRow(double TimeSeconds, string Group, int Node, string Event, string Peer, int? Score, int Count, string Reason);
