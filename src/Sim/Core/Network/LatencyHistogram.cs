namespace ConnMgr.Sim.Network;

/// <summary>Latencies in 1 ms bins up to 60 s (one overflow bin).</summary>
internal sealed class LatencyHistogram() : DurationHistogram(TimeSpan.TicksPerMillisecond, 60_000)
{
    /// <summary>The q-quantile in milliseconds (bin upper edge); 0 when empty.</summary>
    public double QuantileMs(double q) => QuantileBins(q);
}
