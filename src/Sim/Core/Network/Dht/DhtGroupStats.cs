namespace ConnMgr.Sim.Network.Dht;

/// <summary>Lookup counters of one network group: cumulative totals and the current trace interval.</summary>
internal sealed class DhtGroupStats
{
    public long Lookups, Succeeded, HopSum, Opened, Queries, Abandoned;
    public long IntervalLookups, IntervalSucceeded, IntervalHopSum, IntervalOpened;
    public readonly long[] HopCounts = new long[65];
    public readonly LatencyHistogram Latency = new();
    public readonly LatencyHistogram IntervalLatency = new();

    public void Record(long latencyTicks)
    {
        Latency.Add(latencyTicks);
        IntervalLatency.Add(latencyTicks);
    }

    public void EndInterval()
    {
        IntervalLookups = IntervalSucceeded = IntervalHopSum = IntervalOpened = 0;
        IntervalLatency.Clear();
    }
}
