using System.Globalization;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Running;

/// <summary>Evaluates an <see cref="ExpectSpec"/> against a run's measurements.</summary>
internal static class Expectations
{
    /// <summary>Network mode: the group-level expectations plus router deaths, dial success and rude redials.</summary>
    public static IReadOnlyList<ExpectationResult> EvaluateNetwork(ExpectSpec? x, IReadOnlyList<GroupSummary> groups, NetworkTotals totals, Network.SubsystemTotals? subsystems)
    {
        var results = Evaluate(x is null ? null : new ExpectSpec
        {
            ProtectedPruned = x.ProtectedPruned,
            Pruned = x.Pruned,
            Trims = x.Trims,
            Rejected = x.Rejected,
            TimeAboveHighWater = x.TimeAboveHighWater,
            MaxCount = x.MaxCount,
            MeanCount = x.MeanCount,
            FinalCount = x.FinalCount,
        }, groups, []).ToList();
        if (x is null)
        {
            return results;
        }

        if (x.RouterDeaths is { } rd)
        {
            results.Add(InRange("router deaths", totals.RouterDeaths, rd));
        }

        if (x.DialSuccess is { } ds)
        {
            results.Add(InRange("dial success", totals.DialSuccess, ds));
        }

        if (x.RudeRedials is { } rr)
        {
            results.Add(InRange("redials of a pruning peer within the window", totals.RudeRedials, rr));
        }

        var pubsub = subsystems?.PubsubOverall;
        var dht = subsystems?.DhtOverall;
        void Check(string name, RangeSpec? range, double? measured, string missing)
        {
            if (range is not null)
            {
                results.Add(measured is { } m ? InRange(name, m, range) : new ExpectationResult(name, "a measurement", missing, false));
            }
        }

        Check("subscribed time with mesh below D_lo", x.MeshBelowDLo, pubsub?.BelowDLoTime, "no pubsub");
        Check("message delivery ratio", x.DeliveryRatio, pubsub?.DeliveryRatio, "no pubsub");
        Check("delivery latency p50 (ms)", x.DeliveryLatencyP50Ms, pubsub?.LatencyP50Ms, "no pubsub");
        Check("delivery latency p99 (ms)", x.DeliveryLatencyP99Ms, pubsub?.LatencyP99Ms, "no pubsub");
        Check("mesh peers pruned", x.MeshPeersPruned, subsystems?.MeshPeersPruned, "no pubsub");
        Check("trims leaving pubsub below its reserve", x.QuotaViolations, subsystems?.QuotaViolations, "no pubsub");
        Check("lookup success", x.LookupSuccess, dht?.Success, "no dht");
        Check("lookup hops (mean)", x.LookupHops, dht?.HopsMean, "no dht");
        Check("connections opened per lookup", x.ConnectionsPerLookup, dht?.ConnectionsPerLookup, "no dht");
        return results;
    }

    private static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    private static ExpectationResult InRange(string name, double measured, RangeSpec r) => new(
        name,
        r.Min is null ? $"<= {F(r.Max!.Value)}" : r.Max is null ? $">= {F(r.Min.Value)}" : $"in [{F(r.Min.Value)}, {F(r.Max.Value)}]",
        F(measured),
        (r.Min is null || measured >= r.Min) && (r.Max is null || measured <= r.Max));

    public static IReadOnlyList<ExpectationResult> Evaluate(ExpectSpec? x, IReadOnlyList<GroupSummary> groups, IReadOnlyList<FocalNode> nodes)
    {
        var results = new List<ExpectationResult>();
        if (x is null)
        {
            return results;
        }

        void AtMost(string name, double measured, double limit) => results.Add(new ExpectationResult(name, $"<= {F(limit)}", F(measured), measured <= limit));

        if (x.CountAfterTrimAtMostLowWater == true)
        {
            var worst = nodes.Where(n => n.MaxAfterTrim >= 0).Select(n => n.MaxAfterTrim - n.Low).DefaultIfEmpty(int.MinValue).Max();
            var ok = worst <= 0;
            results.Add(new ExpectationResult("count after trim <= LowWater", "every trim ends <= LowWater", worst == int.MinValue ? "no trim" : $"worst excess {worst}", ok));
        }

        if (x.MaxCountAfterTrim is { } mcat)
        {
            AtMost("max count after a trim", nodes.Max(n => n.MaxAfterTrim), mcat);
        }

        if (x.ProtectedPruned is { } pp)
        {
            var measured = groups.Sum(g => g.ProtectedPruned);
            results.Add(new ExpectationResult("protected peers pruned", $"== {pp}", measured.ToString(CultureInfo.InvariantCulture), measured == pp));
        }

        if (x.Pruned is { } pr)
        {
            results.Add(InRange("peers pruned", groups.Sum(g => g.Pruned), pr));
        }

        if (x.Trims is { } tr)
        {
            results.Add(InRange("trim cycles", groups.Sum(g => g.Trims), tr));
        }

        if (x.Rejected is { } rj)
        {
            results.Add(InRange("rejected connections", groups.Sum(g => g.Rejected), rj));
        }

        if (x.TimeAboveHighWater is { } tah)
        {
            var measured = groups.Max(g => g.MaxTimeAboveHighWaterSeconds);
            results.Add(new ExpectationResult("time above HighWater (s, worst node)", $"<= {F(tah.TotalSeconds)}", F(measured), measured <= tah.TotalSeconds));
        }

        if (x.MaxCount is { } mc)
        {
            AtMost("max count", groups.Max(g => g.MaxCount), mc);
        }

        if (x.MeanCount is { } mean)
        {
            results.Add(InRange("time-averaged count", groups.Average(g => g.MeanCount), mean));
        }

        if (x.FinalCount is { } fc)
        {
            results.Add(InRange("final count", groups.Average(g => g.FinalCount), fc));
        }

        return results;
    }
}
