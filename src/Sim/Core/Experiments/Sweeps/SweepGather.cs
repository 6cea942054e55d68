using System.Globalization;
using System.Text;
using ConnMgr.Sim.Experiments.Replications;
using ConnMgr.Sim.Traces;

namespace ConnMgr.Sim.Experiments.Sweeps;

/// <summary>
/// Gathers a sweep: runs.csv (one row per run: index, point, replication, seed, key, factors, every summary cell of
/// <see cref="SummaryCells"/>) and points.csv (<see cref="PointTable"/>: per point the factors, n, and per metric the
/// mean, sd and 95 % Student-t interval over the replications). Both depend only on the run files, so a sweep run
/// locally, resumed after a kill or run as a Slurm array gathers to the same bytes.
/// </summary>
public static class SweepGather
{
    /// <summary>Writes runs.csv and points.csv under the sweep's folder; returns the number of runs gathered.</summary>
    /// <exception cref="InvalidOperationException">Runs are missing (the message lists them in Slurm array syntax).</exception>
    public static int Gather(SweepPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var missing = SweepRuns.Missing(plan);
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"{missing.Count} of {plan.Runs.Count} runs are not done: {SweepRuns.ArraySyntax(missing)}");
        }

        var summaries = plan.Runs
            .Select(r => (SummaryCells.Read(r.Plan.OutputDir) ?? throw new InvalidOperationException($"run {r.Index} has no all row")).ToDictionary(c => c.Column, c => c.Value))
            .ToArray();
        var metrics = PointTable.Metrics(summaries);
        var runs = new StringBuilder(string.Join(',', SweepPlan.RunKeyColumns));
        foreach (var f in plan.FactorNames)
        {
            runs.Append(',').Append(CsvTables.Quote(f));
        }

        runs.Append(',').Append(string.Join(',', metrics)).Append('\n');
        for (var i = 0; i < plan.Runs.Count; i++)
        {
            var r = plan.Runs[i];
            runs.Append(CultureInfo.InvariantCulture, $"{r.Index},{r.Point.Index},{r.Replication},{r.Seed},{r.Key}");
            foreach (var f in plan.FactorNames)
            {
                runs.Append(',').Append(CsvTables.Quote(r.Point.Values[f]));
            }

            foreach (var m in metrics)
            {
                runs.Append(',').Append(summaries[i].GetValueOrDefault(m, ""));
            }

            runs.Append('\n');
        }

        var points = plan.Points
            .Select(p => new StudyPoint(
                p.Index,
                [.. plan.FactorNames.Select(f => p.Values[f])],
                [.. plan.Runs.Select((r, i) => (r, i)).Where(x => x.r.Point.Index == p.Index).Select(x => (IReadOnlyDictionary<string, string>)summaries[x.i])]))
            .ToArray();
        AtomicFile.Write(Path.Combine(plan.Root, "runs.csv"), tmp => File.WriteAllText(tmp, runs.ToString()));
        AtomicFile.Write(Path.Combine(plan.Root, "points.csv"), tmp => File.WriteAllText(tmp, PointTable.Csv(plan.FactorNames, points)));
        return plan.Runs.Count;
    }
}
