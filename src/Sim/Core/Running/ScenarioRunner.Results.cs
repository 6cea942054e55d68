using ConnMgr.Sim.Traces;

namespace ConnMgr.Sim.Running;

public sealed partial class ScenarioRunner
{
    private void SampleTrace()
    {
        var t = Seconds();
        for (var g = 0; g < _scenario.Nodes.Count; g++)
        {
            double conns = 0, avg = 0, inbound = 0, outbound = 0, prot = 0, above = 0;
            long scoreSum = 0, scored = 0;
            var minScore = int.MaxValue;
            int pruned = 0, rejected = 0, trims = 0, n = 0;
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

            for (var i = 0; i < subs.Length; i++)
            {
                subs[i] /= n;
            }

            _trace.Add(new TraceRow(t, _scenario.Nodes[g].Name, n, conns / n, avg / n, inbound / n, outbound / n, subs, prot / n, pruned, rejected, trims, scored == 0 ? 0 : scoreSum / (double)scored, scored == 0 ? 0 : minScore, above / n));
        }
    }

    private RunResult BuildResult(bool completed, TimeSpan wall)
    {
        var groups = new List<GroupSummary>();
        var kept = new List<int>();
        var prunedScores = new List<int>();
        var elapsed = Math.Max(1, Clock.NowTicks - Clock.Start.UtcTicks);
        for (var g = 0; g < _scenario.Nodes.Count; g++)
        {
            var nodes = _nodes.Where(n => n.Group == g).ToArray();
            var keptHere = nodes.SelectMany(n => n.Connected.Order().Select(p => n.Engine.PeerScore(p))).ToArray();
            var prunedHere = nodes.SelectMany(n => n.PrunedScores).ToArray();
            kept.AddRange(keptHere);
            prunedScores.AddRange(prunedHere);
            groups.Add(new GroupSummary(
                _scenario.Nodes[g].Name,
                nodes.Length,
                nodes[0].Low,
                nodes[0].High,
                nodes.Average(n => n.Area / elapsed),
                nodes.Average(n => (double)n.Engine.Count),
                nodes.Max(n => n.MaxCount),
                nodes.Max(n => n.MaxAfterTrim),
                nodes.Sum(n => n.PrunedTotal),
                nodes.Sum(n => n.ProtectedPruned),
                nodes.Sum(n => n.RejectedTotal),
                nodes.Sum(n => n.TrimsTotal),
                nodes.Max(n => n.TimeAboveTicks) / (double)TimeSpan.TicksPerSecond,
                keptHere.Length == 0 ? 0 : keptHere.Average(),
                prunedHere.Length == 0 ? 0 : prunedHere.Average()));
        }

        return new RunResult
        {
            Name = _scenario.Name,
            Seed = _scenario.Seed,
            Completed = completed,
            VirtualTime = new TimeSpan(Clock.NowTicks - Clock.Start.UtcTicks),
            EventsProcessed = Clock.EventsProcessed,
            WallTime = wall,
            Trace = _trace,
            SubsystemNames = _subsystemNames,
            Groups = groups,
            KeptScores = kept,
            PrunedScores = prunedScores,
            Asserts = _asserts,
            Expectations = completed ? Expectations.Evaluate(_scenario.Expect, groups, _nodes) : [],
            TrimTimes = _trimTimes,
        };
    }

    /// <inheritdoc/>
    public IReadOnlyList<EventRow>? EventRows => _events;
}
