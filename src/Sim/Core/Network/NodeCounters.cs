namespace ConnMgr.Sim.Network;

/// <summary>
/// One node's measurements: time above HighWater, largest count, inbound accepted. A 24-byte record kept inside the
/// node's <see cref="NodeObserver"/>, because the engine loads that object on every event it raises: the update that
/// follows a connect or close then finds the record on a line already in cache instead of missing on a per-node
/// array of its own (benchmarks/README.md, issue 13 ninth step).
/// </summary>
internal struct NodeCounters
{
    private long _aboveSince;
    private long _timeAbove;

    /// <summary>The largest count the node's engine has reported.</summary>
    public int MaxCount { get; private set; }

    /// <summary>Inbound connections the node accepted.</summary>
    public int InboundAccepted { get; private set; }

    public void Accepted() => InboundAccepted++;

    /// <summary>Total time above HighWater up to <paramref name="now"/>.</summary>
    public readonly long TimeAbove(long now) => _timeAbove + (_aboveSince != 0 ? now - _aboveSince : 0);

    /// <summary>The count changed: keeps the largest count and the time above HighWater exact.</summary>
    public void CountChanged(int count, int high, long now)
    {
        MaxCount = Math.Max(MaxCount, count);
        var above = count > high;
        if (above && _aboveSince == 0)
        {
            _aboveSince = now;
        }
        else if (!above && _aboveSince != 0)
        {
            _timeAbove += now - _aboveSince;
            _aboveSince = 0;
        }
    }
}
