using ConnMgr.Sim.Results;

namespace ConnMgr.Sim.Network.Pubsub;

/// <summary>The pubsub model's columns: trace samples, run totals and the mesh-degree distribution.</summary>
internal sealed partial class PubsubModel
{
    /// <inheritdoc/>
    public override IReadOnlyList<Column> TraceColumns => PubsubColumns.Trace;

    /// <inheritdoc/>
    public override IReadOnlyList<Column> SummaryColumns => PubsubColumns.Summary;

    /// <summary>Per-group figures at a trace sample; updates the degree distribution and the interval baselines.</summary>
    public override void Sample(int group, double intervalSeconds, Span<double> values)
    {
        if (!_inGroup[group])
        {
            values.Fill(double.NaN);
            return;
        }

        var (first, count) = _net.GroupRange(group);
        var stats = Stats[group];
        var now = _clock.NowTicks;
        long degreeSum = 0, slots = 0, belowNow = 0, online = stats.OnlineTicks, below = stats.BelowTicks;
        AddOpenIntervals(first, count, now, ref online, ref below);
        for (var node = first; node < first + count; node++)
        {
            var f = _firstSlot[node];
            for (var s = f; f >= 0 && s < f + _perNode; s++)
            {
                if (_countFrom[s] == 0)
                {
                    continue;
                }

                var d = _degree[s];
                degreeSum += d;
                slots++;
                belowNow += d < _spec.DLo ? 1 : 0;
                stats.DegreeSamples[Math.Min(d, _cap)]++;
            }
        }

        var onlineDelta = online - stats.PreviousOnline;
        var belowDelta = below - stats.PreviousBelow;
        stats.PreviousOnline = online;
        stats.PreviousBelow = below;
        values[0] = slots == 0 ? 0 : degreeSum / (double)slots;
        values[1] = slots == 0 ? 0 : belowNow / (double)slots;
        values[2] = onlineDelta <= 0 ? 0 : belowDelta / (double)onlineDelta;
        values[3] = stats.IntervalPublished / intervalSeconds;
        values[4] = stats.IntervalExpected == 0 ? 1 : stats.IntervalDelivered / (double)stats.IntervalExpected;
        values[5] = stats.IntervalLatency.QuantileMs(0.5);
        values[6] = stats.IntervalLatency.QuantileMs(0.99);
        stats.EndInterval();
    }

    /// <summary>Run totals of a group, or of every pubsub group (-1): subscribed time below D_lo (open intervals included) and deliveries.</summary>
    public override void Summarize(int group, Span<double> values)
    {
        if (group >= 0 && !_inGroup[group])
        {
            values.Fill(double.NaN);
            return;
        }

        var now = _clock.NowTicks;
        long online = 0, below = 0, published = 0, expected = 0, delivered = 0, grafts = 0, prunes = 0, meshPruned = 0, violations = 0;
        var latency = new LatencyHistogram();
        foreach (var g in GroupSelection.Of(_inGroup, group))
        {
            var stats = Stats[g];
            online += stats.OnlineTicks;
            below += stats.BelowTicks;
            published += stats.Published;
            expected += stats.Expected;
            delivered += stats.Delivered;
            grafts += stats.Grafts;
            prunes += stats.Prunes;
            meshPruned += stats.MeshPeersPruned;
            violations += stats.QuotaViolations;
            stats.Latency.AddTo(latency);
            var (first, count) = _net.GroupRange(g);
            AddOpenIntervals(first, count, now, ref online, ref below);
        }

        values[0] = online == 0 ? 0 : below / (double)online;
        values[1] = published;
        values[2] = expected == 0 ? 1 : delivered / (double)expected;
        values[3] = latency.QuantileMs(0.5);
        values[4] = latency.QuantileMs(0.99);
        values[5] = grafts;
        values[6] = prunes;
        values[7] = meshPruned;
        values[8] = violations;
    }

    /// <summary>mesh-degree.csv: the share of trace samples at each mesh degree, per pubsub group.</summary>
    public override IEnumerable<DistributionTable> Distributions()
    {
        var rows = new List<(string, double, double[])>();
        for (var g = 0; g < Stats.Length; g++)
        {
            if (!_inGroup[g])
            {
                continue;
            }

            var samples = Stats[g].DegreeSamples;
            var total = Math.Max(1, samples.Sum());
            for (var d = 0; d < samples.Length; d++)
            {
                rows.Add((_net.Spec.Groups[g].Name, d, [samples[d] / (double)total]));
            }
        }

        yield return new DistributionTable("mesh-degree.csv", PubsubColumns.Degree, [PubsubColumns.DegreeShare], rows);
    }

    /// <summary>Adds the subscribed time (and the part below D_lo) still open at <paramref name="now"/> for nodes [first, first + count).</summary>
    private void AddOpenIntervals(int first, int count, long now, ref long online, ref long below)
    {
        for (var node = first; node < first + count; node++)
        {
            var f = _firstSlot[node];
            for (var s = f; f >= 0 && s < f + _perNode; s++)
            {
                if (_countFrom[s] != 0)
                {
                    online += now - _countFrom[s];
                    below += _belowFrom[s] == 0 ? 0 : now - _belowFrom[s];
                }
            }
        }
    }
}
