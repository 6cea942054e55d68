using ConnMgr.Sim.Running;
using ConnMgr.Sim.Traces;
using CsvHelper;

namespace ConnMgr.Sim.Cli;

/// <summary>compare/summary.csv: one row per variant (first group's figures, totals over groups).</summary>
internal static class CompareOutputs
{
    public static void Write(string dir, IReadOnlyList<(string Name, RunResult Result)> results)
    {
        Directory.CreateDirectory(dir);
        AtomicFile.Write(Path.Combine(dir, "summary.csv"), tmp =>
        {
            using var csv = CsvWriter.ToFile(tmp, CsvWriterOptions.Default with { NewLine = "\n" });
            csv.WriteRecord(["variant", "mean_count", "final_count", "max_count", "pruned", "protected_pruned", "trims", "rejected", "max_time_above_high_water_s", "mean_score_kept", "mean_score_pruned", "passed"]);
            foreach (var (name, r) in results)
            {
                var g = r.Groups[0];
                csv.WriteField(name);
                csv.WriteField(g.MeanCount, "0.####");
                csv.WriteField(g.FinalCount, "0.####");
                csv.WriteField(g.MaxCount, "0");
                csv.WriteField(r.Groups.Sum(x => x.Pruned), "0");
                csv.WriteField(r.Groups.Sum(x => x.ProtectedPruned), "0");
                csv.WriteField(r.Groups.Sum(x => x.Trims), "0");
                csv.WriteField(r.Groups.Sum(x => x.Rejected), "0");
                csv.WriteField(g.MaxTimeAboveHighWaterSeconds, "0.###");
                csv.WriteField(g.MeanScoreKept, "0.####");
                csv.WriteField(g.MeanScorePruned, "0.####");
                csv.WriteField(r.Passed);
                csv.EndRecord();
            }
        });

        if (results.Any(r => r.Result.Subsystems is not null))
        {
            AtomicFile.Write(Path.Combine(dir, "subsystems.csv"), tmp =>
            {
                using var csv = CsvWriter.ToFile(tmp, CsvWriterOptions.Default with { NewLine = "\n" });
                csv.WriteRecord(["variant", "mesh_below_d_lo_time", "delivery_ratio", "delivery_p50_ms", "delivery_p99_ms", "mesh_peers_pruned", "quota_violations", "lookups", "lookup_success", "lookup_hops_mean", "lookup_p99_ms", "connections_per_lookup"]);
                foreach (var (name, r) in results)
                {
                    var p = r.Subsystems?.PubsubOverall;
                    var d = r.Subsystems?.DhtOverall;
                    csv.WriteField(name);
                    csv.WriteField(p?.BelowDLoTime ?? double.NaN, "0.######");
                    csv.WriteField(p?.DeliveryRatio ?? double.NaN, "0.######");
                    csv.WriteField(p?.LatencyP50Ms ?? double.NaN, "0");
                    csv.WriteField(p?.LatencyP99Ms ?? double.NaN, "0");
                    csv.WriteField(r.Subsystems?.MeshPeersPruned ?? 0, "0");
                    csv.WriteField(r.Subsystems?.QuotaViolations ?? 0, "0");
                    csv.WriteField(d?.Lookups ?? 0, "0");
                    csv.WriteField(d?.Success ?? double.NaN, "0.####");
                    csv.WriteField(d?.HopsMean ?? double.NaN, "0.###");
                    csv.WriteField(d?.LatencyP99Ms ?? double.NaN, "0");
                    csv.WriteField(d?.ConnectionsPerLookup ?? double.NaN, "0.###");
                    csv.EndRecord();
                }
            });
        }
    }
}