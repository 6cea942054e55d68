namespace ConnMgr.Sim.Network.Pubsub;

/// <summary>Pubsub counters of one network group: cumulative totals and the current trace interval.</summary>
internal sealed class PubsubGroupStats
{
    public long Published, Expected, Delivered, Grafts, Prunes, DiscoveryDials, MeshPeersPruned, QuotaViolations;
    public long IntervalPublished, IntervalExpected, IntervalDelivered;

    /// <summary>Subscribed node-time (ticks) closed so far, and the part of it with a mesh below D_lo.</summary>
    public long OnlineTicks, BelowTicks;

    /// <summary>The same at the previous trace sample (for per-interval fractions).</summary>
    public long PreviousOnline, PreviousBelow;

    /// <summary>Mesh degrees seen at trace samples (index = degree).</summary>
    public long[] DegreeSamples = [];

    public readonly LatencyHistogram Latency = new();
    public readonly LatencyHistogram IntervalLatency = new();

    public void Record(long latencyTicks)
    {
        Latency.Add(latencyTicks);
        IntervalLatency.Add(latencyTicks);
    }

    public void EndInterval()
    {
        IntervalPublished = IntervalExpected = IntervalDelivered = 0;
        IntervalLatency.Clear();
    }
}
