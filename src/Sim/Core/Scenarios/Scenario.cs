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

    /// <summary>Expectations evaluated by <c>check</c>.</summary>
    public ExpectSpec? Expect { get; set; }
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

/// <summary>Expectations of a run; each set field is checked and printed with its measured value.</summary>
public sealed class ExpectSpec
{
    /// <summary>Every trim of every node ends at or below its LowWater (Max in max mode).</summary>
    public bool? CountAfterTrimAtMostLowWater { get; set; }

    /// <summary>The largest count any trim ended with is at most this.</summary>
    public int? MaxCountAfterTrim { get; set; }

    /// <summary>Protected peers pruned (the engine guarantees 0).</summary>
    public int? ProtectedPruned { get; set; }

    /// <summary>Peers pruned, summed over nodes.</summary>
    public RangeSpec? Pruned { get; set; }

    /// <summary>Trim cycles, summed over nodes.</summary>
    public RangeSpec? Trims { get; set; }

    /// <summary>Rejected connections, summed over nodes.</summary>
    public RangeSpec? Rejected { get; set; }

    /// <summary>Longest time any node spent above its HighWater.</summary>
    public TimeSpan? TimeAboveHighWater { get; set; }

    /// <summary>Largest count any node reached.</summary>
    public int? MaxCount { get; set; }

    /// <summary>Time-averaged count, averaged over nodes.</summary>
    public RangeSpec? MeanCount { get; set; }

    /// <summary>Count at the end, averaged over nodes.</summary>
    public RangeSpec? FinalCount { get; set; }

    /// <summary>Network mode: router deaths over the run.</summary>
    public RangeSpec? RouterDeaths { get; set; }

    /// <summary>Network mode: share of dials that connected.</summary>
    public RangeSpec? DialSuccess { get; set; }

    /// <summary>Network mode: dials to a peer that pruned the dialer within the redial window.</summary>
    public RangeSpec? RudeRedials { get; set; }

    /// <summary>Pubsub: share of subscribed node-time with a mesh below D_lo (all pubsub groups).</summary>
    public RangeSpec? MeshBelowDLo { get; set; }

    /// <summary>Pubsub: share of expected deliveries that arrived.</summary>
    public RangeSpec? DeliveryRatio { get; set; }

    /// <summary>Pubsub: median delivery latency in milliseconds.</summary>
    public RangeSpec? DeliveryLatencyP50Ms { get; set; }

    /// <summary>Pubsub: 99th percentile delivery latency in milliseconds.</summary>
    public RangeSpec? DeliveryLatencyP99Ms { get; set; }

    /// <summary>Pubsub: mesh peers pruned by the engines.</summary>
    public RangeSpec? MeshPeersPruned { get; set; }

    /// <summary>Quotas: trims that left pubsub below its reserve while another subsystem stayed above its own.</summary>
    public RangeSpec? QuotaViolations { get; set; }

    /// <summary>DHT: share of lookups that reached the closest online server.</summary>
    public RangeSpec? LookupSuccess { get; set; }

    /// <summary>DHT: mean hops of successful lookups.</summary>
    public RangeSpec? LookupHops { get; set; }

    /// <summary>DHT: new connections per lookup.</summary>
    public RangeSpec? ConnectionsPerLookup { get; set; }
}
