namespace ConnMgr.Sim.Network.Churn;

/// <summary>
/// Session lengths a group drew, in one-minute bins up to 14 days (one overflow bin): fine enough to hold a published
/// quantile to ±15 min.
/// </summary>
internal sealed class SessionHistogram() : DurationHistogram(TimeSpan.TicksPerMinute, 14 * 24 * 60)
{
    /// <summary>The q-quantile in hours (upper edge of its minute bin; 14 days and a minute in the overflow bin); NaN when empty.</summary>
    public double QuantileHours(double q) => Count == 0 ? double.NaN : QuantileBins(q) / 60.0;
}
