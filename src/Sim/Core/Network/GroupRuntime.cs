using ConnMgr.Engine.Quotas;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Network;

/// <summary>A network group's constants and cumulative counters (deltas per trace interval are taken at sampling).</summary>
internal sealed class GroupRuntime(NetworkGroupSpec spec, int first, int count, int low, int high, int natCapacity, IReadOnlyList<SubsystemQuota> quotas)
{

    public NetworkGroupSpec Spec { get; } = spec;

    public int First { get; } = first;

    public int Count { get; } = count;

    public int Low { get; } = low;

    public int High { get; } = high;

    public int NatCapacity { get; } = natCapacity;

    public long Dials;
    public long DialsConnected;
    public long DialTimeouts;
    public long Pruned;
    public long ProtectedPruned;
    public long Trims;
    public long Rejected;
    public long RudeRedials;
    public long Ops;
    public long RouterDrops;
    public long RouterDeaths;
    public long RouterEvictions;
    public long Joins;
    public long Crawls;
    public long MeshPeersPruned;
    public long QuotaViolations;

    /// <summary>Engine subsystem index of pubsub (the engine's order: other first, then the quotas), or -1.</summary>
    public int PubsubQuotaIndex { get; } = Array.IndexOf(SubsystemNames(quotas), "pubsub");

    /// <summary>Reserved minimum per engine subsystem index.</summary>
    public int[] QuotaReserved { get; } = [0, .. quotas.Where(q => q.Name != SubsystemQuota.Other).Select(q => q.Reserved)];

    /// <summary>Counters at the previous sample, for per-interval deltas.</summary>
    public long[] Previous { get; } = new long[8];

    public double MeanCountSum;
    public int Samples;

    private static string[] SubsystemNames(IReadOnlyList<SubsystemQuota> quotas) =>
        [SubsystemQuota.Other, .. quotas.Where(q => q.Name != SubsystemQuota.Other).Select(q => q.Name)];
}
