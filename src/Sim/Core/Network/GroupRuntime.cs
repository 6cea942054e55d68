using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Network;

/// <summary>A network group's constants and cumulative counters (deltas per trace interval are taken at sampling).</summary>
internal sealed class GroupRuntime(NetworkGroupSpec spec, int first, int count, int low, int high, int natCapacity)
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

    /// <summary>Counters at the previous sample, for per-interval deltas.</summary>
    public long[] Previous { get; } = new long[8];

    public double MeanCountSum;
    public int Samples;
}
