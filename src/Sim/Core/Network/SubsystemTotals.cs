using ConnMgr.Sim.Network.Pubsub;

namespace ConnMgr.Sim.Network;

/// <summary>Pubsub and DHT figures of a network run: per group and over all groups that run them.</summary>
/// <param name="Pubsub">Per group (only groups running pubsub).</param>
/// <param name="Dht">Per group (only groups running lookups).</param>
/// <param name="MeshPeersPruned">Mesh peers the engines pruned (any reason).</param>
/// <param name="QuotaViolations">Trims that left pubsub below its reserve while another subsystem stayed above its own (the engine guarantees 0).</param>
public sealed record SubsystemTotals(
    IReadOnlyList<(string Group, PubsubGroupTotals Totals)> Pubsub,
    IReadOnlyList<(string Group, DhtGroupTotals Totals)> Dht,
    long MeshPeersPruned,
    long QuotaViolations)
{
    /// <summary>Pubsub over every pubsub group.</summary>
    public PubsubGroupTotals? PubsubOverall { get; init; }

    /// <summary>DHT over every DHT group.</summary>
    public DhtGroupTotals? DhtOverall { get; init; }
}

/// <summary>DHT lookups of a group over a whole run.</summary>
/// <param name="Lookups">Lookups finished (abandoned ones excluded).</param>
/// <param name="Success">Share that reached the closest online server to the key.</param>
/// <param name="HopsMean">Mean hops of successful lookups.</param>
/// <param name="HopCounts">Successful lookups per hop count (index = hops).</param>
/// <param name="LatencyP50Ms">Median latency (ms).</param>
/// <param name="LatencyP99Ms">99th percentile latency (ms).</param>
/// <param name="ConnectionsPerLookup">New connections opened per lookup.</param>
/// <param name="QueriesPerLookup">Queries sent per lookup.</param>
/// <param name="Abandoned">Lookups whose node went offline before the end.</param>
public sealed record DhtGroupTotals(long Lookups, double Success, double HopsMean, IReadOnlyList<long> HopCounts, double LatencyP50Ms, double LatencyP99Ms, double ConnectionsPerLookup, double QueriesPerLookup, long Abandoned);
