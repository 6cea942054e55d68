using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Network;

/// <summary>A network group's constants and the runner's cumulative counters (interval deltas are taken at sampling).</summary>
internal sealed class GroupRuntime(NetworkGroupSpec spec, int first, int count, int low, int high)
{
    public NetworkGroupSpec Spec { get; } = spec;

    public int First { get; } = first;

    public int Count { get; } = count;

    /// <summary>The group's engines keep a flow budget or a dial window: the runner asks them before every dial (TryBeginDial).</summary>
    public bool GatesDials { get; init; }

    public int Low { get; } = low;

    public int High { get; } = high;

    public long Dials;
    public long DialsConnected;
    public long DialTimeouts;
    public long Pruned;
    public long ProtectedPruned;
    public long Trims;

    /// <summary>Trim cycles that took the count down, the sum of those falls, and the largest.</summary>
    public long TrimsThatClosed, TrimDropSum;
    public int TrimDropMax;
    public long Rejected;
    public long Accepted;
    public long Ops;

    /// <summary>Most dials any node of the group had in flight at once.</summary>
    public int MaxDialsInFlight;

    /// <summary>Rejections per <see cref="ConnMgr.Engine.RejectReason"/> value.</summary>
    public long[] RejectedBy { get; } = new long[Enum.GetValues<ConnMgr.Engine.RejectReason>().Length];

    /// <summary>Counters at the previous sample, for per-interval deltas (dials, connected, pruned, ops, rejected, admissions).</summary>
    public long[] Previous { get; } = new long[6];

    public double MeanCountSum;
    public int Samples;

    /// <summary>Counter deltas since the previous sample, in <see cref="Previous"/>'s order; the baseline moves to now.</summary>
    public void Deltas(Span<long> d)
    {
        ReadOnlySpan<long> current = [Dials, DialsConnected, Pruned, Ops, Rejected, Accepted + Rejected];
        for (var i = 0; i < current.Length; i++)
        {
            d[i] = current[i] - Previous[i];
            Previous[i] = current[i];
        }
    }
}
