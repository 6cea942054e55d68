namespace ConnMgr.Sim.Network;

/// <summary>
/// Millisecond histogram (1 ms bins up to 60 s, one overflow bin) for latency quantiles without keeping samples:
/// adding is O(1) and allocation-free, a quantile is one pass over the bins.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int Bins = 60_000;
    private readonly long[] _bins = new long[Bins + 1];

    public long Count { get; private set; }

    public void Add(long ticks)
    {
        var ms = ticks / TimeSpan.TicksPerMillisecond;
        _bins[ms < 0 ? 0 : ms >= Bins ? Bins : ms]++;
        Count++;
    }

    /// <summary>The q-quantile in milliseconds (bin upper edge); 0 when empty.</summary>
    public double QuantileMs(double q)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(q * Count));
        long seen = 0;
        for (var i = 0; i <= Bins; i++)
        {
            seen += _bins[i];
            if (seen >= rank)
            {
                return i + 1;
            }
        }

        return Bins + 1;
    }

    public void AddTo(LatencyHistogram total)
    {
        for (var i = 0; i <= Bins; i++)
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
