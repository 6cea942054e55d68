using Microsoft.Extensions.Configuration;

namespace ConnMgr.Sim.Scenarios;

/// <summary>
/// A scenario file (JSON, see scenarios/README.md and scenarios/schema.json): one or more groups of focal nodes
/// running the real engine against synthetic peers, a scripted timeline, variants for <c>compare</c> and
/// expectations for <c>check</c>. Property names are the JSON keys in camelCase.
/// </summary>
public sealed class Scenario
{
    /// <summary>Editor hint pointing at schema.json; ignored by the simulator.</summary>
    [ConfigurationKeyName("$schema")]
    public string? Schema { get; set; }

    /// <summary>Name; also the default output folder results/&lt;name&gt;.</summary>
    public string Name { get; set; } = "";

    /// <summary>What the scenario shows.</summary>
    public string? Description { get; set; }

    /// <summary>Master seed: every component's random stream is derived from it.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Virtual time to simulate ("hh:mm:ss").</summary>
    public TimeSpan Duration { get; set; }

    /// <summary>Sampling period of timeseries.csv. Default 10 s.</summary>
    public TimeSpan TraceInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Write events.csv (every connect, prune, trim, rejection). Default false.</summary>
    public bool EventLog { get; set; }

    /// <summary>Focal node groups (engines against synthetic peers). Leave empty in network mode.</summary>
    public List<NodeGroupSpec> Nodes { get; set; } = [];

    /// <summary>Network mode: every node runs an engine; connections are edges between them.</summary>
    public NetworkSpec? Network { get; set; }

    /// <summary>Scripted actions and asserts.</summary>
    public List<TimelineAction> Timeline { get; set; } = [];

    /// <summary>Named overrides run side by side by <c>compare</c>.</summary>
    public List<VariantSpec> Variants { get; set; } = [];

    /// <summary>
    /// Expectations evaluated by <c>check</c>: key → range on the summary's all row (keys and their meanings are in
    /// docs/outputs.md; a number, duration or boolean is accepted where the key's kind says).
    /// </summary>
    public Dictionary<string, RangeSpec> Expect { get; set; } = [];

    /// <summary>A parameter study over this scenario (<c>connmgr-sim sweep</c>); ignored by run, compare and check.</summary>
    public SweepSpec? Sweep { get; set; }

    /// <summary>Headline metrics (summary column names) that <c>compare</c> prints; empty = the contract's headline columns.</summary>
    public List<string> Report { get; set; } = [];

    /// <summary>The expect block read against the catalog (set by the loader).</summary>
    public IReadOnlyList<Results.ExpectedRange> Expectations => _expectations;

    private IReadOnlyList<Results.ExpectedRange> _expectations = [];

    /// <summary>The run mode this scenario asks for.</summary>
    public Results.RunMode Mode => Network is null ? Results.RunMode.Focal : Results.RunMode.Network;

    /// <summary>Names of the summary's group rows (network groups in network mode, focal groups otherwise).</summary>
    internal IReadOnlyList<string> GroupNames => Network is { } net ? [.. net.Groups.Select(g => g.Name)] : [.. Nodes.Select(g => g.Name)];

    internal void SetExpectations(IReadOnlyList<Results.ExpectedRange> expectations) => _expectations = expectations;
}

/// <summary>A group of identical focal nodes.</summary>
public sealed class NodeGroupSpec
{
    /// <summary>Group name, used by the timeline and in outputs.</summary>
    public string Name { get; set; } = "node";

    /// <summary>Nodes in the group; ≥ 1.</summary>
    public int Count { get; set; } = 1;

    /// <summary>Engine profile: default, go, nim, js, py.</summary>
    public string Profile { get; set; } = "default";

    /// <summary>Overrides on top of the profile.</summary>
    public EngineSpec Engine { get; set; } = new();

    /// <summary>Synthetic peers.</summary>
    public WorkloadSpec Workload { get; set; } = new();
}

/// <summary>A named set of overrides (JSON paths to values), as <c>--set</c> takes them.</summary>
public sealed class VariantSpec
{
    /// <summary>Variant name (legend and output folder).</summary>
    public string Name { get; set; } = "";

    /// <summary>Overrides: "nodes[0].engine.trimPolicy" → "oldest-first".</summary>
    public Dictionary<string, string> Set { get; set; } = [];
}

/// <summary>An inclusive range; a missing bound is open.</summary>
public sealed class RangeSpec
{
    /// <summary>Lower bound.</summary>
    public double? Min { get; set; }

    /// <summary>Upper bound.</summary>
    public double? Max { get; set; }
}
