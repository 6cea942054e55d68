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
    }
}
