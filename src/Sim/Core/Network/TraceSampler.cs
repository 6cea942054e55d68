using ConnMgr.Sim.Results;

namespace ConnMgr.Sim.Network;

/// <summary>
/// The layout of a network run's timeseries and summary: the runner's columns first, then each model's slice in
/// call order. Rows are filled by one sweep over the nodes per group and trace interval.
/// </summary>
internal sealed class TraceSampler
{
    /// <summary>Event kind of the trace sample (after the runner's dial kinds).</summary>
    public const int Kind = 100;

    public TraceSampler(IReadOnlyList<NetworkModel> models)
    {
        Models = models;
        Timeseries = new ResultTable([.. NetworkColumns.Trace, .. models.SelectMany(m => m.TraceColumns)]);
        SummaryColumns = [.. NetworkColumns.Summary, .. models.SelectMany(m => m.SummaryColumns)];
    }

    public IReadOnlyList<NetworkModel> Models { get; }

    public ResultTable Timeseries { get; }

    public IReadOnlyList<Column> SummaryColumns { get; }

    /// <summary>Connection counts of the online nodes of the group being sampled (percentiles without a sort).</summary>
    public CountDistribution ConnectionCounts { get; } = new();

    /// <summary>Dials in flight of the online nodes of the group being sampled.</summary>
    public CountDistribution DialsInFlight { get; } = new();

    public long LastSample { get; set; }

    /// <summary>Lets each model fill its slice of <paramref name="row"/> after the runner's own columns.</summary>
    public void SampleModels(int group, double interval, double[] row)
    {
        var at = NetworkColumns.Trace.Count;
        foreach (var m in Models)
        {
            var n = m.TraceColumns.Count;
            m.Sample(group, interval, row.AsSpan(at, n));
            at += n;
        }
    }

    /// <summary>Lets each model fill its slice of a summary row.</summary>
    public void SummarizeModels(int group, double[] row)
    {
        var at = NetworkColumns.Summary.Count;
        foreach (var m in Models)
        {
            var n = m.SummaryColumns.Count;
            m.Summarize(group, row.AsSpan(at, n));
            at += n;
        }
    }
}
