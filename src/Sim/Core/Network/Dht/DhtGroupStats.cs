namespace ConnMgr.Sim.Network.Dht;

/// <summary>Lookup counters of one network group: cumulative totals and the current trace interval.</summary>
internal sealed class DhtGroupStats
{
    public long Lookups, Succeeded, HopSum, Opened, Queries, Abandoned;

    /// <summary>Queries sent on a connection already open, and queries no answer came back for (lookups still running).</summary>
    public long Reused, Unanswered;
    /// <summary>Lookups whose result (the k nearest peers that answered) were all sybils of network.attack.</summary>
    public long SybilOnly;
    public long IntervalLookups, IntervalSucceeded, IntervalHopSum, IntervalOpened;

    /// <summary>Most lookup dials one node had in flight at once (across its concurrent lookups).</summary>
    public int MaxDialsInFlight;

    /// <summary>Sums over trace samples of the mean connected and protected routing-table peers per online server.</summary>
    public double TableConnectedSum, TableProtectedSum;
    public int TableSamples;
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
