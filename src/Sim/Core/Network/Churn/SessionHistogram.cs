namespace ConnMgr.Sim.Network.Churn;

/// <summary>
/// Session lengths a group drew, in one-minute bins up to 14 days (one overflow bin): fine enough to hold a
/// published quantile to ±15 min, O(1) and allocation-free per session.
/// </summary>
internal sealed class SessionHistogram
{
    private const int Bins = 14 * 24 * 60;
    private readonly long[] _bins = new long[Bins + 1];

    public long Count { get; private set; }

    public void Add(long ticks)
    {
        var minutes = ticks / TimeSpan.TicksPerMinute;
        _bins[minutes < 0 ? 0 : minutes >= Bins ? Bins : minutes]++;
        Count++;
    }

    /// <summary>The q-quantile in hours (upper edge of its minute bin); NaN when empty, +∞ when it is in the overflow bin.</summary>
    public double QuantileHours(double q)
    {
        if (Count == 0)
        {
            return double.NaN;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(q * Count));
        long seen = 0;
        for (var i = 0; i < Bins; i++)
        {
            seen += _bins[i];
            if (seen >= rank)
            {
                return (i + 1) / 60.0;
            }
        }

        return double.PositiveInfinity;
    }

    public void AddTo(SessionHistogram total)
    {
        for (var i = 0; i <= Bins; i++)
        {
            total._bins[i] += _bins[i];
        }

        total.Count += Count;
    }
}
