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

    /// <summary>The counters, one set per partition (one without partitions); the properties below are their totals.</summary>
    public GroupCounters[] Parts { get; private set; } = [new()];

    public long Dials => Parts.Sum(c => c.Dials);
    public long DialsConnected => Parts.Sum(c => c.DialsConnected);
    public long DialTimeouts => Parts.Sum(c => c.DialTimeouts);
    public long Pruned => Parts.Sum(c => c.Pruned);
    public long ProtectedPruned => Parts.Sum(c => c.ProtectedPruned);
    public long Trims => Parts.Sum(c => c.Trims);
    public long TrimsThatClosed => Parts.Sum(c => c.TrimsThatClosed);
    public long TrimDropSum => Parts.Sum(c => c.TrimDropSum);
    public int TrimDropMax => Parts.Max(c => c.TrimDropMax);
    public long Rejected => Parts.Sum(c => c.Rejected);
    public long Accepted => Parts.Sum(c => c.Accepted);
    public long Ops => Parts.Sum(c => c.Ops);
    public int MaxDialsInFlight => Parts.Max(c => c.MaxDialsInFlight);

    /// <summary>Rejections for <paramref name="reason"/>.</summary>
    public long RejectedBy(int reason) => Parts.Sum(c => c.RejectedBy[reason]);

    /// <summary>One set of counters per partition from now on (before the first event).</summary>
    public void UsePartitions() => Parts = [new(), new()];

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
