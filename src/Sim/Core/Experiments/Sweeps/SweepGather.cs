using System.Globalization;
using System.Text;
using ConnMgr.Sim.Traces;
using MathNet.Numerics.Distributions;

namespace ConnMgr.Sim.Experiments.Sweeps;

/// <summary>
/// Gathers a sweep: runs.csv (one row per run: index, point, replication, seed, key, factors, every summary metric of
/// the all row, as written) and points.csv (per point: factors, n, and per metric the mean, standard deviation and
/// 95 % Student-t confidence interval over the replications). Both depend only on the run files, so a sweep run
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

        var summaries = plan.Runs.Select(r => SweepRuns.Summary(r) ?? throw new InvalidOperationException($"run {r.Index} has no all row")).ToArray();
        var metrics = summaries.SelectMany(s => s.Header.Skip(1)).Distinct().ToArray();
        var factorHeader = string.Concat(plan.FactorNames.Select(f => "," + SweepPlan.Csv(f)));

        var runs = new StringBuilder($"index,point,replication,seed,key{factorHeader},{string.Join(',', metrics)}\n");
        for (var i = 0; i < plan.Runs.Count; i++)
        {
            var r = plan.Runs[i];
            runs.Append(CultureInfo.InvariantCulture, $"{r.Index},{r.Point.Index},{r.Replication},{r.Seed},{r.Key}");
            AppendFactors(runs, plan, r.Point);
            foreach (var m in metrics)
            {
                var c = Array.IndexOf(summaries[i].Header, m);
                runs.Append(',').Append(c < 0 ? "" : summaries[i].All[c]);
            }

            runs.Append('\n');
        }

        var points = new StringBuilder($"point{factorHeader},n");
        foreach (var m in metrics)
        {
            points.Append(CultureInfo.InvariantCulture, $",{m}_mean,{m}_sd,{m}_ci95_low,{m}_ci95_high");
        }

        points.Append('\n');
        foreach (var p in plan.Points)
        {
            var mine = plan.Runs.Select((r, i) => (r, i)).Where(x => x.r.Point.Index == p.Index).Select(x => summaries[x.i]).ToArray();
            points.Append(p.Index.ToString(CultureInfo.InvariantCulture));
            AppendFactors(points, plan, p);
            points.Append(',').Append(mine.Length.ToString(CultureInfo.InvariantCulture));
            foreach (var m in metrics)
            {
                var values = mine.Select(s => Array.IndexOf(s.Header, m) is var c and >= 0 ? CsvTables.Number(s.All[c]) : double.NaN).Where(v => !double.IsNaN(v)).ToArray();
                var (mean, sd, low, high) = Interval(values);
                points.Append(',').Append(F(mean)).Append(',').Append(F(sd)).Append(',').Append(F(low)).Append(',').Append(F(high));
            }

            points.Append('\n');
        }

        AtomicFile.Write(Path.Combine(plan.Root, "runs.csv"), tmp => File.WriteAllText(tmp, runs.ToString()));
        AtomicFile.Write(Path.Combine(plan.Root, "points.csv"), tmp => File.WriteAllText(tmp, points.ToString()));
        return plan.Runs.Count;
    }

    /// <summary>Mean, sample standard deviation and the 95 % Student-t interval of the mean (NaN where n is too small).</summary>
    public static (double Mean, double Sd, double Low, double High) Interval(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var n = values.Count;
        if (n == 0)
        {
            return (double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var mean = values.Average();
        if (n == 1)
        {
            return (mean, double.NaN, double.NaN, double.NaN);
        }

        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        var half = StudentT.InvCDF(0, 1, n - 1, 0.975) * sd / Math.Sqrt(n);
        return (mean, sd, mean - half, mean + half);
    }

    private static void AppendFactors(StringBuilder b, SweepPlan plan, SweepPoint p)
    {
        foreach (var f in plan.FactorNames)
        {
            b.Append(',').Append(SweepPlan.Csv(p.Values[f]));
        }
    }

    private static string F(double v) => double.IsNaN(v) ? "" : v.ToString("G10", CultureInfo.InvariantCulture);
}
