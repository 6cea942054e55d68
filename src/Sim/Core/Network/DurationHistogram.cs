namespace ConnMgr.Sim.Network;

/// <summary>
/// Durations in fixed bins (one overflow bin) for quantiles without keeping samples: adding is O(1) and allocation-free,
/// a quantile is one pass over the bins. <see cref="LatencyHistogram"/> (1 ms bins) and the churn model's session
/// lengths (1 min bins) are two sizes of it.
/// </summary>
internal class DurationHistogram(long binTicks, int bins)
{
    private readonly long[] _bins = new long[bins + 1];

    public long Count { get; private set; }

    public void Add(long ticks)
    {
        var bin = ticks / binTicks;
        _bins[bin < 0 ? 0 : bin >= bins ? bins : bin]++;
        Count++;
    }

    /// <summary>The q-quantile in bins (the upper edge of its bin: bin index + 1; bins + 1 in the overflow bin); 0 when empty.</summary>
    public int QuantileBins(double q)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(q * Count));
        long seen = 0;
        for (var i = 0; i <= bins; i++)
        {
            seen += _bins[i];
            if (seen >= rank)
            {
                return i + 1;
            }
        }

        return bins + 1;
    }

    /// <summary>Adds this histogram's counts to <paramref name="total"/> (the same bins).</summary>
    public void AddTo(DurationHistogram total)
    {
        ArgumentNullException.ThrowIfNull(total);
        for (var i = 0; i <= bins; i++)
        {
            total._bins[i] += _bins[i];
        }

        total.Count += Count;
    }

    public void Clear()
    {
        if (Count > 0)
        {
            Array.Clear(_bins);
            Count = 0;
        }
    }
}
