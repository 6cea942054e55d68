namespace ConnMgr.Sim.Network;

/// <summary>Per-node measurements kept by the runner as struct-of-arrays: time above HighWater, largest count, inbound accepted.</summary>
internal sealed class NodeCounters(int nodes)
{
    private readonly long[] _aboveSince = new long[nodes];
    private readonly long[] _timeAbove = new long[nodes];
    private readonly int[] _maxCount = new int[nodes];
    private readonly int[] _inboundAccepted = new int[nodes];

    public int MaxCount(int node) => _maxCount[node];

    public long InboundAccepted(int node) => _inboundAccepted[node];

    public void Accepted(int node) => _inboundAccepted[node]++;

    /// <summary>Total time above HighWater up to <paramref name="now"/>.</summary>
    public long TimeAbove(int node, long now) => _timeAbove[node] + (_aboveSince[node] != 0 ? now - _aboveSince[node] : 0);

    /// <summary>The count changed: keeps the largest count and the time above HighWater exact.</summary>
    public void CountChanged(int node, int count, int high, long now)
    {
        _maxCount[node] = Math.Max(_maxCount[node], count);
        var above = count > high;
        var since = _aboveSince[node];
        if (above && since == 0)
        {
            _aboveSince[node] = now;
        }
        else if (!above && since != 0)
        {
            _timeAbove[node] += now - since;
            _aboveSince[node] = 0;
        }
    }
}
