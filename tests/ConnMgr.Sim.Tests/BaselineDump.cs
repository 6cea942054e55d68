using System.Globalization;
using ConnMgr.Sim.Running;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Tests;

[Explicit("writes Approved/metrics from the code as it is; run once before a refactor")]
public class BaselineDump
{
    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    [TestCaseSource(typeof(Repo), nameof(Repo.ScenarioFilesToRun))]
    public void Dump(string file)
    {
        var scenario = ScenarioLoader.Load(Repo.Scenario(file));
        var variants = new List<(string Name, IReadOnlyDictionary<string, string>? Set)> { ("base", null) };
        variants.AddRange(scenario.Variants.Select(v => (v.Name, (IReadOnlyDictionary<string, string>?)v.Set)));
        foreach (var (name, set) in variants)
        {
            var r = ScenarioRuns.Create(ScenarioLoader.Load(Repo.Scenario(file), set)).Run();
            var lines = new List<string> { $"all,events_processed,{r.EventsProcessed}" };
            foreach (var g in r.Groups)
            {
                void G(string m, double v) => lines.Add($"{g.Group},{m},{R(v)}");
                G("nodes", g.Nodes); G("low_water", g.LowWater); G("high_water", g.HighWater); G("mean_count", g.MeanCount);
                G("final_count", g.FinalCount); G("max_count", g.MaxCount); G("max_count_after_trim", g.MaxCountAfterTrim);
                G("pruned", g.Pruned); G("protected_pruned", g.ProtectedPruned); G("rejected", g.Rejected); G("trims", g.Trims);
                G("max_time_above_high_water_s", g.MaxTimeAboveHighWaterSeconds); G("mean_score_kept", g.MeanScoreKept); G("mean_score_pruned", g.MeanScorePruned);
            }

            if (r.Network is { } n)
            {
                lines.Add($"all,router_deaths,{R(n.RouterDeaths)}"); lines.Add($"all,router_drops,{R(n.RouterDrops)}");
                lines.Add($"all,dial_success,{R(n.DialSuccess)}"); lines.Add($"all,rude_redials,{R(n.RudeRedials)}");
                lines.Add($"all,open_connections,{R(n.OpenEdges)}"); lines.Add($"all,router_evictions,{R(n.RouterEvictions)}");
            }

            if (r.Subsystems is { } s)
            {
                void P(string group, Network.Pubsub.PubsubGroupTotals p)
                {
                    lines.Add($"{group},mesh_below_d_lo_time,{R(p.BelowDLoTime)}"); lines.Add($"{group},messages_published,{R(p.Published)}");
                    lines.Add($"{group},delivery_ratio,{R(p.DeliveryRatio)}"); lines.Add($"{group},delivery_p50_ms,{R(p.LatencyP50Ms)}");
                    lines.Add($"{group},delivery_p99_ms,{R(p.LatencyP99Ms)}"); lines.Add($"{group},grafts,{R(p.Grafts)}"); lines.Add($"{group},prunes,{R(p.Prunes)}");
                }

                void D(string group, Network.DhtGroupTotals d)
                {
                    lines.Add($"{group},lookups,{R(d.Lookups)}"); lines.Add($"{group},lookup_success,{R(d.Success)}");
                    lines.Add($"{group},lookup_hops_mean,{R(d.HopsMean)}"); lines.Add($"{group},lookup_p50_ms,{R(d.LatencyP50Ms)}");
                    lines.Add($"{group},lookup_p99_ms,{R(d.LatencyP99Ms)}"); lines.Add($"{group},connections_per_lookup,{R(d.ConnectionsPerLookup)}");
                    lines.Add($"{group},queries_per_lookup,{R(d.QueriesPerLookup)}"); lines.Add($"{group},lookups_abandoned,{R(d.Abandoned)}");
                }

                foreach (var (g, p) in s.Pubsub) { P(g, p); }
                foreach (var (g, d) in s.Dht) { D(g, d); }
                if (s.PubsubOverall is { } po) { P("all", po); }
                if (s.DhtOverall is { } dd) { D("all", dd); }
                lines.Add($"all,mesh_peers_pruned,{R(s.MeshPeersPruned)}"); lines.Add($"all,quota_violations,{R(s.QuotaViolations)}");
            }

            var path = Path.Combine(Repo.Root, "tests", "ConnMgr.Sim.Tests", "Approved", "metrics", $"{Path.GetFileNameWithoutExtension(file)}.{name}.csv");
            File.WriteAllLines(path, ["group,metric,value", .. lines]);
        }
    }
}
