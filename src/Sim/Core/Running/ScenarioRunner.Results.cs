using ConnMgr.Sim.Results;

namespace ConnMgr.Sim.Running;

public sealed partial class ScenarioRunner
{
    private void SampleTrace()
    {
        var t = Seconds();
        var interval = Math.Max(1e-9, t - _lastSample);
        _lastSample = t;
        var columns = _timeseries.Columns.Count;
        for (var g = 0; g < _scenario.Nodes.Count; g++)
        {
            double conns = 0, avg = 0, inbound = 0, outbound = 0, prot = 0, above = 0;
            long scoreSum = 0, scored = 0;
            var minScore = int.MaxValue;
            int pruned = 0, rejected = 0, admissions = 0, trims = 0, n = 0;
            var subs = new double[_subsystemNames.Length];
            foreach (var node in _nodes)
            {
                if (node.Group != g)
                {
                    continue;
                }

                n++;
                var e = node.Engine;
                conns += e.Count;
                inbound += e.InboundConnections;
                outbound += e.OutboundConnections;
                above += e.Count > node.High ? 1 : 0;
                pruned += node.IntervalPruned;
                rejected += node.IntervalRejected;
                admissions += node.IntervalAccepted + node.IntervalRejected;
                trims += node.IntervalTrims;
                for (var i = 0; i < e.SubsystemNames.Count; i++)
                {
                    var col = Array.IndexOf(_subsystemNames, e.SubsystemNames[i]);
                    subs[col] += e.SubsystemCount(i);
                }

                foreach (var peer in node.Connected)
                {
                    var score = e.PeerScore(peer);
                    scoreSum += score;
                    scored++;
                    minScore = Math.Min(minScore, score);
                    prot += e.IsProtected(peer) ? 1 : 0;
                }

                avg += node.EndInterval();
            }

            var row = new double[columns];
            var k = 0;
            row[k++] = n;
            row[k++] = conns / n;
            row[k++] = avg / n;
            row[k++] = inbound / n;
            row[k++] = outbound / n;
            foreach (var s in subs)
            {
                row[k++] = s / n;
            }

            row[k++] = prot / n;
            row[k++] = pruned / interval;
            row[k++] = rejected / interval;
            row[k++] = admissions / interval;
            row[k++] = trims / interval;
            row[k++] = scored == 0 ? 0 : scoreSum / (double)scored;
            row[k++] = scored == 0 ? 0 : minScore;
            row[k] = above / n;
            _timeseries.Add(new ResultRow(t, _scenario.Nodes[g].Name, row));
        }
    }

    private RunResult BuildResult(bool completed, TimeSpan wall)
    {
        var summary = new ResultTable(FocalColumns.Summary);
        var rows = new List<double[]>();
        var keptAll = new List<int>();
        var prunedAll = new List<int>();
        var elapsed = Math.Max(1, Clock.NowTicks - Clock.Start.UtcTicks);
        for (var g = 0; g < _scenario.Nodes.Count; g++)
        {
            var nodes = _nodes.Where(n => n.Group == g).ToArray();
            var kept = nodes.SelectMany(n => n.Connected.Order().Select(p => n.Engine.PeerScore(p))).ToArray();
            var prunedScores = nodes.SelectMany(n => n.PrunedScores).ToArray();
            keptAll.AddRange(kept);
            prunedAll.AddRange(prunedScores);
            var trimmed = nodes.Where(n => n.MaxAfterTrim >= 0).ToArray();
            double[] row =
            [
                nodes.Length, nodes[0].Low, nodes[0].High,
                nodes.Average(n => n.Area / elapsed), nodes.Average(n => (double)n.Engine.Count), nodes.Max(n => n.MaxCount),
                nodes.Sum(n => n.PrunedTotal), nodes.Sum(n => n.ProtectedPruned), nodes.Sum(n => n.RejectedTotal), nodes.Sum(n => n.TrimsTotal),
                nodes.Max(n => n.TimeAboveTicks) / (double)TimeSpan.TicksPerSecond,
                nodes.Sum(n => n.AcceptedTotal + n.RejectedTotal),
                .. SharedColumns.RejectReasons.Select(r => (double)nodes.Sum(n => n.RejectedBy[(int)r])),
                trimmed.Length == 0 ? double.NaN : trimmed.Max(n => n.MaxAfterTrim),
                trimmed.Length == 0 ? double.NaN : trimmed.Max(n => n.MaxAfterTrim - n.Low),
                kept.Length == 0 ? 0 : kept.Average(), prunedScores.Length == 0 ? 0 : prunedScores.Average(),
            ];
            rows.Add(row);
            summary.Add(new ResultRow(double.NaN, _scenario.Nodes[g].Name, row));
        }

        var all = SharedColumns.Aggregate(FocalColumns.Summary, rows);
        all[^2] = keptAll.Count == 0 ? 0 : keptAll.Average();
        all[^1] = prunedAll.Count == 0 ? 0 : prunedAll.Average();
        summary.Add(new ResultRow(double.NaN, ResultRow.All, all));
        return new RunResult
        {
            Name = _scenario.Name,
            Seed = _scenario.Seed,
            Mode = RunMode.Focal,
            Completed = completed,
            VirtualTime = new TimeSpan(Clock.NowTicks - Clock.Start.UtcTicks),
            EventsProcessed = Clock.EventsProcessed,
            WallTime = wall,
            Timeseries = _timeseries,
            Summary = summary,
            Distributions = [ScoreDistribution(keptAll, prunedAll)],
            Asserts = _asserts,
            Expectations = completed ? ExpectationEvaluator.Evaluate(_scenario.Expectations, summary) : [],
        };
    }

    /// <summary>scores.csv: peers per score value, kept (connected at the end) and pruned (score at the prune).</summary>
    private static DistributionTable ScoreDistribution(List<int> kept, List<int> pruned)
    {
        var keys = kept.Concat(pruned).Distinct().Order().ToArray();
        var k = kept.CountBy(x => x).ToDictionary();
        var p = pruned.CountBy(x => x).ToDictionary();
        var rows = keys.Select(s => (ResultRow.All, (double)s, new double[] { k.GetValueOrDefault(s), p.GetValueOrDefault(s) })).ToList();
        return new DistributionTable("scores.csv", FocalColumns.ScoreKey, [FocalColumns.KeptPeers, FocalColumns.PrunedPeers], rows);
    }

    /// <inheritdoc/>
    public IReadOnlyList<EventRow>? EventRows => _events;
}
