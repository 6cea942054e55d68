using ConnMgr.Sim.Results;

namespace ConnMgr.Sim.Network;

public sealed partial class NetworkRunner
{
    /// <summary>One sweep over all nodes per trace interval: count distribution and interval deltas, then the models' columns.</summary>
    private void SampleTrace()
    {
        var now = Clock.NowTicks;
        var seconds = (now - Clock.Start.UtcTicks) / (double)TimeSpan.TicksPerSecond;
        var interval = Math.Max(1, now - (_sampler.LastSample == 0 ? Clock.Start.UtcTicks : _sampler.LastSample)) / (double)TimeSpan.TicksPerSecond;
        _sampler.LastSample = now;
        Span<long> d = stackalloc long[6];
        for (var gi = 0; gi < _groups.Length; gi++)
        {
            var g = _groups[gi];
            var counts = _sampler.ConnectionCounts;
            var inFlight = _sampler.DialsInFlight;
            counts.Clear();
            inFlight.Clear();
            var above = 0;
            for (var i = g.First; i < g.First + g.Count; i++)
            {
                if ((_flags[i] & Online) == 0)
                {
                    continue;
                }

                var c = _engines[i].Count;
                inFlight.Add(_pending[i]);
                counts.Add(c);
                above += c > g.High ? 1 : 0;
            }

            var online = (int)counts.Count;
            var mean = counts.Mean;
            g.MeanCountSum += mean;
            g.Samples++;
            g.Deltas(d);
            var row = new double[_sampler.Timeseries.Columns.Count];
            row[0] = online;
            row[1] = mean;
            row[2] = counts.Quantile(0.05);
            row[3] = counts.Quantile(0.5);
            row[4] = counts.Quantile(0.95);
            row[5] = counts.Max;
            row[6] = online == 0 ? 0 : above / (double)online;
            row[7] = d[2] / interval;
            row[8] = d[0] / interval;
            row[9] = d[0] == 0 ? 0 : d[1] / (double)d[0];
            row[10] = online == 0 ? 0 : d[3] / (double)online / (interval / 60);
            row[11] = d[4] / interval;
            row[12] = d[5] / interval;
            row[13] = inFlight.Quantile(0.95);
            row[14] = inFlight.Max;
            _sampler.SampleModels(gi, interval, row);
            _sampler.Timeseries.Add(new ResultRow(seconds, g.Spec.Name, row));
        }

        foreach (var m in _hooks.Sweep)
        {
            m.Sweep();
        }
    }

    private RunResult BuildResult(bool completed, TimeSpan wall)
    {
        var now = Clock.NowTicks;
        var columns = _sampler.SummaryColumns;
        var summary = new ResultTable(columns);
        var rows = new List<double[]>();
        for (var gi = 0; gi < _groups.Length; gi++)
        {
            var g = _groups[gi];
            long worstAbove = 0;
            var maxCount = 0;
            double final = 0;
            var online = 0;
            for (var i = g.First; i < g.First + g.Count; i++)
            {
                ref readonly var counters = ref _observers[i].Counters;
                worstAbove = Math.Max(worstAbove, counters.TimeAbove(now));
                maxCount = Math.Max(maxCount, counters.MaxCount);
                if ((_flags[i] & Online) != 0)
                {
                    final += _engines[i].Count;
                    online++;
                }
            }

            var row = new double[columns.Count];
            double[] own =
            [
                g.Count, g.Low, g.High, g.Samples == 0 ? 0 : g.MeanCountSum / g.Samples, online == 0 ? 0 : final / online, maxCount,
                g.Pruned, g.ProtectedPruned, g.Rejected, g.Trims, worstAbove / (double)TimeSpan.TicksPerSecond,
                g.Accepted + g.Rejected, .. SharedColumns.RejectReasons.Select(r => (double)g.RejectedBy((int)r)),
                g.Dials, g.Dials == 0 ? 0 : g.DialsConnected / (double)g.Dials, double.NaN, g.MaxDialsInFlight,
                g.TrimsThatClosed == 0 ? double.NaN : g.TrimDropSum / (double)g.TrimsThatClosed, g.TrimDropMax,
            ];
            own.CopyTo(row, 0);
            _sampler.SummarizeModels(gi, row);
            rows.Add(row);
            summary.Add(new ResultRow(double.NaN, g.Spec.Name, row));
        }

        var all = SharedColumns.Aggregate(columns, rows);
        var dials = _groups.Sum(g => g.Dials);
        all[NetworkColumns.SummaryIndex(NetworkColumns.DialSuccess)] = dials == 0 ? 0 : _groups.Sum(g => g.DialsConnected) / (double)dials;
        all[NetworkColumns.SummaryIndex(NetworkColumns.OpenConnections)] = _edges.Live;
        var closing = _groups.Sum(g => g.TrimsThatClosed);
        all[NetworkColumns.SummaryIndex(NetworkColumns.TrimDropMean)] = closing == 0 ? double.NaN : _groups.Sum(g => g.TrimDropSum) / (double)closing;
        _sampler.SummarizeModels(-1, all);
        summary.Add(new ResultRow(double.NaN, ResultRow.All, all));
        return new RunResult
        {
            Name = _scenario.Name,
            Seed = _scenario.Seed,
            Mode = RunMode.Network,
            Completed = completed,
            VirtualTime = new TimeSpan(now - Clock.Start.UtcTicks),
            EventsProcessed = Clock.EventsProcessed,
            WallTime = wall,
            Timeseries = _sampler.Timeseries,
            Summary = summary,
            Distributions = [.. _hooks.All.SelectMany(m => m.Distributions())],
            Expectations = completed ? ExpectationEvaluator.Evaluate(_scenario.Expectations, summary) : [],
        };
    }

    /// <summary>
    /// With the event profile on: the engines' tables at the end, online and offline nodes apart — entries in use
    /// against room reserved — so a change to table memory shows where it went (benchmarks/README.md, issue 13).
    /// </summary>
    private void WriteTableProfile()
    {
        if (!Kernel.EventProfile.Enabled)
        {
            return;
        }

        Span<long> tracked = stackalloc long[2];
        Span<long> capacity = stackalloc long[2];
        Span<long> nodes = stackalloc long[2];
        for (var i = 0; i < _engines.Length; i++)
        {
            var up = IsUp(i) ? 0 : 1;
            tracked[up] += _engines[i].TrackedPeers;
            capacity[up] += _engines[i].Capacity;
            nodes[up]++;
        }

        Console.Error.WriteLine(FormattableString.Invariant(
            $"engine tables at the end: online nodes {nodes[0]}: {tracked[0]} peers tracked in {capacity[0]} slots; offline nodes {nodes[1]}: {tracked[1]} in {capacity[1]}"));
        Console.Error.WriteLine(FormattableString.Invariant(
            $"edge store {_edges.Bytes / (double)(1 << 20):F1} MiB; message buckets {(_buckets?.Bytes ?? 0) / (double)(1 << 20):F1} MiB (their chunks at the busiest moment)"));
    }
}
