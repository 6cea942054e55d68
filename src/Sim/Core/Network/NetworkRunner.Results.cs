using ConnMgr.Sim.Network.Dht;
using ConnMgr.Sim.Running;
using ConnMgr.Sim.Traces;

namespace ConnMgr.Sim.Network;

public sealed partial class NetworkRunner
{
    private readonly List<NetworkTraceRow> _trace = [];
    private int[] _countScratch = [];
    private long _lastSample;

    /// <summary>One sweep over all nodes per trace interval: count distribution, router state, interval deltas.</summary>
    private void SampleTrace()
    {
        var now = Clock.NowTicks;
        var seconds = (now - Clock.Start.UtcTicks) / (double)TimeSpan.TicksPerSecond;
        var interval = Math.Max(1, now - (_lastSample == 0 ? Clock.Start.UtcTicks : _lastSample)) / (double)TimeSpan.TicksPerSecond;
        _lastSample = now;
        for (var gi = 0; gi < _groups.Length; gi++)
        {
            var g = _groups[gi];
            if (_countScratch.Length < g.Count)
            {
                _countScratch = new int[g.Count];
            }

            int online = 0, above = 0, routersDead = 0, routered = 0;
            long sum = 0;
            double natSum = 0, natMax = 0;
            for (var i = g.First; i < g.First + g.Count; i++)
            {
                if ((_flags[i] & RouterDead) != 0)
                {
                    routersDead++;
                }

                if (g.NatCapacity > 0)
                {
                    var occupancy = _natUsed[i] / (double)g.NatCapacity;
                    natSum += occupancy;
                    natMax = Math.Max(natMax, occupancy);
                    routered++;
                }

                if ((_flags[i] & Online) == 0)
                {
                    continue;
                }

                var c = _engines[i].Count;
                _countScratch[online++] = c;
                sum += c;
                above += c > g.High ? 1 : 0;
            }

            Array.Sort(_countScratch, 0, online);
            int P(double q) => online == 0 ? 0 : _countScratch[Math.Min(online - 1, (int)(q * (online - 1) + 0.5))];
            var mean = online == 0 ? 0 : sum / (double)online;
            g.MeanCountSum += mean;
            g.Samples++;

            var d = Deltas(g);
            _trace.Add(new NetworkTraceRow(
                seconds, g.Spec.Name, online, mean, P(0.05), P(0.5), P(0.95), online == 0 ? 0 : _countScratch[online - 1],
                online == 0 ? 0 : above / (double)online,
                d[2] / interval,
                d[0],
                d[0] == 0 ? 0 : d[1] / (double)d[0],
                d[3],
                online == 0 ? 0 : d[4] / (double)online / (interval / 60),
                routered == 0 ? 0 : natSum / routered,
                natMax,
                d[5],
                d[6],
                routersDead,
                d[7])
            {
                Pubsub = _pubsub is not null && _pubsub.InGroup(gi) ? ToColumns(_pubsub.Sample(gi, g.First, g.Count)) : null,
                Dht = _dht is not null && _dht.InGroup(gi) ? _dht.Sample(gi) : null,
            });
        }

        // Forget prunes older than the politeness window: the map holds only what a rude redial can still match.
        if (_prunedAt.Count > 0)
        {
            var cutoff = now - _net.RedialWindow.Ticks;
            foreach (var (key, at) in _prunedAt)
            {
                if (at < cutoff)
                {
                    _prunedAt.Remove(key);
                }
            }
        }
    }

    private static PubsubTraceColumns ToColumns(Pubsub.PubsubSample p) =>
        new(p.DegreeMean, p.BelowDLoNow, p.BelowDLoTime, p.Published, p.DeliveryRatio, p.LatencyP50Ms, p.LatencyP99Ms);

    private SubsystemTotals? BuildSubsystemTotals()
    {
        if (_pubsub is null && _dht is null)
        {
            return null;
        }

        var pubsub = new List<(string, Pubsub.PubsubGroupTotals)>();
        var dht = new List<(string, DhtGroupTotals)>();
        var pubsubGroups = new List<(int, int, int)>();
        var dhtGroups = new List<int>();
        for (var gi = 0; gi < _groups.Length; gi++)
        {
            var g = _groups[gi];
            if (_pubsub is not null && _pubsub.InGroup(gi))
            {
                pubsub.Add((g.Spec.Name, _pubsub.Totals([(gi, g.First, g.Count)])));
                pubsubGroups.Add((gi, g.First, g.Count));
            }

            if (_dht is not null && _dht.InGroup(gi))
            {
                dht.Add((g.Spec.Name, _dht.Totals([gi])));
                dhtGroups.Add(gi);
            }
        }

        return new SubsystemTotals(pubsub, dht, _groups.Sum(g => g.MeshPeersPruned), _groups.Sum(g => g.QuotaViolations))
        {
            PubsubOverall = _pubsub is null ? null : _pubsub.Totals(pubsubGroups),
            DhtOverall = _dht is null ? null : _dht.Totals(dhtGroups),
        };
    }

    private static long[] Deltas(GroupRuntime g)
    {
        long[] current = [g.Dials, g.DialsConnected, g.Pruned, g.RudeRedials, g.Ops, g.RouterDrops, g.RouterDeaths, g.Rejected];
        var d = new long[current.Length];
        for (var i = 0; i < d.Length; i++)
        {
            d[i] = current[i] - g.Previous[i];
            g.Previous[i] = current[i];
        }

        return d;
    }

    private RunResult BuildResult(bool completed, TimeSpan wall)
    {
        var now = Clock.NowTicks;
        var summaries = new List<GroupSummary>();
        foreach (var g in _groups)
        {
            long worstAbove = 0;
            var maxCount = 0;
            double final = 0;
            var online = 0;
            for (var i = g.First; i < g.First + g.Count; i++)
            {
                var above = _timeAbove[i] + (_aboveSince[i] != 0 ? now - _aboveSince[i] : 0);
                worstAbove = Math.Max(worstAbove, above);
                maxCount = Math.Max(maxCount, _maxCount[i]);
                if ((_flags[i] & Online) != 0)
                {
                    final += _engines[i].Count;
                    online++;
                }
            }

            summaries.Add(new GroupSummary(
                g.Spec.Name, g.Count, g.Low, g.High,
                g.Samples == 0 ? 0 : g.MeanCountSum / g.Samples,
                online == 0 ? 0 : final / online,
                maxCount, -1, g.Pruned, g.ProtectedPruned, g.Rejected, g.Trims,
                worstAbove / (double)TimeSpan.TicksPerSecond, 0, 0));
        }

        var dials = _groups.Sum(g => g.Dials);
        var network = new NetworkTotals(
            _groups.Sum(g => g.RouterDeaths),
            _groups.Sum(g => g.RouterDrops),
            dials == 0 ? 0 : _groups.Sum(g => g.DialsConnected) / (double)dials,
            _groups.Sum(g => g.RudeRedials),
            _edges.Live,
            _groups.Sum(g => g.RouterEvictions));
        var subsystems = BuildSubsystemTotals();
        return new RunResult
        {
            Name = _scenario.Name,
            Seed = _scenario.Seed,
            Completed = completed,
            VirtualTime = new TimeSpan(now - Clock.Start.UtcTicks),
            EventsProcessed = Clock.EventsProcessed,
            WallTime = wall,
            Trace = [],
            SubsystemNames = ["other"],
            Groups = summaries,
            KeptScores = [],
            PrunedScores = [],
            Asserts = [],
            Expectations = completed ? Expectations.EvaluateNetwork(_scenario.Expect, summaries, network, subsystems) : [],
            TrimTimes = [],
            NetworkTrace = _trace,
            Network = network,
            Subsystems = subsystems,
        };
    }
}
