namespace ConnMgr.Sim.Experiments.Replications;

/// <summary>
/// The paired difference of a metric between two configurations run on common random numbers: replication r of both
/// used the same seed, so d_r = x_r − reference_r removes the seed's share of the noise and the Student-t interval of
/// the mean of d is narrower than the difference of two independent means.
/// </summary>
public static class PairedDifference
{
    /// <summary>
    /// The interval of the mean difference of <paramref name="metric"/> over the replications both lists hold (paired
    /// by position); replications where either value is missing are left out.
    /// </summary>
    public static Interval95 Of(IReadOnlyList<IReadOnlyDictionary<string, string>> runs, IReadOnlyList<IReadOnlyDictionary<string, string>> reference, string metric)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(reference);
        var differences = new List<double>();
        for (var r = 0; r < Math.Min(runs.Count, reference.Count); r++)
        {
            var x = SummaryCells.Number(runs[r], metric);
            var y = SummaryCells.Number(reference[r], metric);
            if (!double.IsNaN(x) && !double.IsNaN(y))
            {
                differences.Add(x - y);
            }
        }

        return Interval95.Of(differences);
    }
}
