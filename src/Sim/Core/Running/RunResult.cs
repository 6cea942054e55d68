using ConnMgr.Sim.Traces;

namespace ConnMgr.Sim.Running;

/// <summary>Per-group totals of a run (summary.csv).</summary>
public sealed record GroupSummary(
    string Group,
    int Nodes,
    int LowWater,
    int HighWater,
    double MeanCount,
    double FinalCount,
    int MaxCount,
    int MaxCountAfterTrim,
    long Pruned,
    long ProtectedPruned,
    long Rejected,
    long Trims,
    double MaxTimeAboveHighWaterSeconds,
    double MeanScoreKept,
    double MeanScorePruned);

/// <summary>A timeline assert, as checked at its time.</summary>
public sealed record AssertResult(TimeSpan At, string What, string Expected, string Actual, bool Passed);

/// <summary>One expectation of the <c>expect</c> block with its measured value.</summary>
public sealed record ExpectationResult(string Name, string Expected, string Measured, bool Passed);

/// <summary>Everything a run produced.</summary>
public sealed class RunResult
{
    /// <summary>Scenario name (variant name appended for compare).</summary>
    public required string Name { get; init; }

    /// <summary>Master seed used.</summary>
    public required int Seed { get; init; }

    /// <summary>True when the run reached its duration (false when cancelled).</summary>
    public required bool Completed { get; init; }

    /// <summary>Virtual time reached.</summary>
    public required TimeSpan VirtualTime { get; init; }

    /// <summary>Events the kernel processed.</summary>
    public required long EventsProcessed { get; init; }

    /// <summary>Wall time of the simulation loop.</summary>
    public required TimeSpan WallTime { get; init; }

    /// <summary>timeseries.csv rows.</summary>
    public required IReadOnlyList<TraceRow> Trace { get; init; }

    /// <summary>Subsystem column names of the trace.</summary>
    public required IReadOnlyList<string> SubsystemNames { get; init; }

    /// <summary>summary.csv rows.</summary>
    public required IReadOnlyList<GroupSummary> Groups { get; init; }

    /// <summary>Scores of connected peers at the end (all nodes).</summary>
    public required IReadOnlyList<int> KeptScores { get; init; }

    /// <summary>Scores of pruned peers at their prune (all nodes, capped sample).</summary>
    public required IReadOnlyList<int> PrunedScores { get; init; }

    /// <summary>Timeline asserts.</summary>
    public required IReadOnlyList<AssertResult> Asserts { get; init; }

    /// <summary>Expectations (empty without an expect block).</summary>
    public required IReadOnlyList<ExpectationResult> Expectations { get; init; }

    /// <summary>Times of trims with work to do (seconds), for plots.</summary>
    public required IReadOnlyList<double> TrimTimes { get; init; }

    /// <summary>Network mode: timeseries rows (null for focal runs).</summary>
    public IReadOnlyList<Network.NetworkTraceRow>? NetworkTrace { get; init; }

    /// <summary>Network mode: run totals (null for focal runs).</summary>
    public NetworkTotals? Network { get; init; }

    /// <summary>Network mode with pubsub or a DHT: their totals (null otherwise).</summary>
    public Network.SubsystemTotals? Subsystems { get; init; }

    /// <summary>True when every assert and expectation passed.</summary>
    public bool Passed => Asserts.All(a => a.Passed) && Expectations.All(e => e.Passed);
}

/// <summary>Network-wide totals of a network run.</summary>
/// <param name="RouterDeaths">Routers that died (table full, behaviour "die").</param>
/// <param name="RouterDrops">Connections refused by full NAT tables.</param>
/// <param name="DialSuccess">Share of dials that connected.</param>
/// <param name="RudeRedials">Dials to a peer that pruned the dialer within the redial window.</param>
/// <param name="OpenEdges">Connections open at the end.</param>
/// <param name="RouterEvictions">Lingering NAT entries evicted for a new connection (behaviour "evictOldest").</param>
public sealed record NetworkTotals(long RouterDeaths, long RouterDrops, double DialSuccess, long RudeRedials, int OpenEdges, long RouterEvictions);
