using System.Diagnostics;
using ConnMgr.Sim.Cli;
using ConnMgr.Sim.Experiments.Sweeps;
using ConnMgr.Sim.Scenarios;
using ConnMgr.Sim.Traces;
using MathNet.Numerics.Distributions;

namespace ConnMgr.Sim.Tests;

/// <summary>Sweeps: the design, replications with paired seeds, resumable runs, gathering with confidence intervals.</summary>
[NonParallelizable]
public class SweepTests
{
    /// <summary>A quick focal scenario: Poisson arrivals, exponential sessions, watermarks that trim.</summary>
    private const string Scenario = """
    {
      "name": "sweep-base", "seed": 11, "duration": "00:20:00", "traceInterval": "00:01:00",
      "nodes": [ { "name": "node", "engine": { "lowWater": 20, "highWater": 30, "gracePeriod": "00:00:10", "silencePeriod": "00:00:05" },
                   "workload": { "inbound": { "rate": 0.5 }, "sessions": { "kind": "exponential", "mean": "00:01:30" },
                                 "tagging": { "fraction": 0.5, "value": { "kind": "uniform", "min": 0, "max": 100 } } } } ]
    }
    """;

    private static string Dir() => Repo.TempDir();

    private static string WriteSweep(string dir, string sweep, string set = "{}")
    {
        File.WriteAllText(Path.Combine(dir, "base.json"), Scenario);
        var path = Path.Combine(dir, "sweep.json");
        File.WriteAllText(path, $$"""{ "scenario": "base.json", "set": {{set}}, "sweep": {{sweep}} }""");
        return path;
    }

    private const string Grid3x4 = """
    { "factors": [ { "path": "nodes[0].engine.trimPolicy", "name": "policy", "values": ["score", "oldest-first", "random"] },
                   { "path": "nodes[0].workload.inbound.rate", "name": "rate", "from": 0.25, "to": 1, "count": 4 } ],
      "replications": 5 }
    """;

    [Test]
    public void Grid3x4_With5Replications_Plans60Runs_RunsThemInTwoWorkers_AndGathersWithIntervals()
    {
        var dir = Dir();
        var file = WriteSweep(dir, Grid3x4);
        var output = Path.Combine(dir, "out");
        var (code, text, err) = CliRunner.Invoke("sweep", "plan", file, "--out", output);
        Assert.That(code, Is.Zero, err);
        Assert.That(text, Does.Contain("12 point(s) × 5 replication(s) = 60 runs"));
        Assert.That(File.ReadAllLines(Path.Combine(output, "plan.csv")), Has.Length.EqualTo(61));

        (code, _, err) = CliRunner.Invoke("sweep", "run", file, "--out", output, "--all", "--jobs", "2", "--quiet");
        Assert.That(code, Is.Zero, err);
        (code, _, err) = CliRunner.Invoke("sweep", "gather", file, "--out", output);
        Assert.That(code, Is.Zero, err);
        Assert.That(Directory.GetFiles(Path.Combine(output, "plots"), "*.png").Select(Path.GetFileName), Does.Contain("pruned-by-policy.png").And.Contain("score_kept_mean-by-policy.png"), "bars with CIs per policy");

        var runs = CsvTables.Read(Path.Combine(output, "runs.csv"));
        Assert.That(runs.Rows, Has.Count.EqualTo(60));
        Assert.That(runs.Header, Does.Contain("policy").And.Contain("rate").And.Contain("pruned").And.Contain("score_kept_mean"));
        var points = CsvTables.Read(Path.Combine(output, "points.csv"));
        Assert.That(points.Rows, Has.Count.EqualTo(12));
        Assert.That(points.Header, Does.Contain("pruned_mean").And.Contain("pruned_ci95_low").And.Contain("pruned_ci95_high"));
        var n = Array.IndexOf(points.Header, "n");
        Assert.That(points.Rows.Select(r => r[n]), Is.All.EqualTo("5"));

        // Common random numbers: replication r has the same seed at every point.
        var seed = Array.IndexOf(runs.Header, "seed");
        var rep = Array.IndexOf(runs.Header, "replication");
        Assert.That(runs.Rows.GroupBy(r => r[rep]).Select(g => g.Select(r => r[seed]).Distinct().Count()), Is.All.EqualTo(1));
        Assert.That(runs.Rows.Select(r => r[seed]).Distinct().Count(), Is.EqualTo(5));
    }

    [Test]
    public void KilledSweep_RerunsOnlyTheMissingRuns_AndGathersTheSameBytes()
    {
        var dir = Dir();
        var file = WriteSweep(dir, Grid3x4, """{ "duration": "06:00:00" }""");
        var whole = Path.Combine(dir, "whole");
        Assert.That(CliRunner.Invoke("sweep", "run", file, "--out", whole, "--all", "--jobs", "1", "--quiet").Code, Is.Zero);
        Assert.That(CliRunner.Invoke("sweep", "gather", file, "--out", whole).Code, Is.Zero);

        // A worker process killed with SIGKILL halfway through.
        var killed = Path.Combine(dir, "killed");
        var psi = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "connmgr-sim")) { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var a in new[] { "sweep", "run", file, "--out", killed, "--all", "--jobs", "1", "--quiet" })
        {
            psi.ArgumentList.Add(a);
        }

        using (var worker = Process.Start(psi)!)
        {
            var runsDir = Path.Combine(killed, "runs");
            var watch = Stopwatch.StartNew();
            while (!worker.HasExited && (!Directory.Exists(runsDir) || Directory.GetDirectories(runsDir).Count(d => !Path.GetFileName(d).StartsWith('.')) < 20) && watch.Elapsed < TimeSpan.FromSeconds(60))
            {
                Thread.Sleep(5);
            }

            Assert.That(worker.HasExited, Is.False, "the worker was still running when killed");
            worker.Kill(entireProcessTree: true);
            worker.WaitForExit();
        }

        var plan = SweepPlan.Load(file, killed);
        var missingAfterKill = SweepRuns.Missing(plan).Count;
        Assert.That(missingAfterKill, Is.InRange(1, 40), "the kill came halfway");
        var (code, text, _) = CliRunner.Invoke("sweep", "run", file, "--out", killed, "--all", "--jobs", "1");
        Assert.That(code, Is.Zero);
        Assert.That(text, Does.Contain($"{60 - missingAfterKill} of 60 runs done").And.Contain($"running {missingAfterKill}"));
        Assert.That(CliRunner.Invoke("sweep", "gather", file, "--out", killed).Code, Is.Zero);
        Assert.That(File.ReadAllBytes(Path.Combine(killed, "runs.csv")), Is.EqualTo(File.ReadAllBytes(Path.Combine(whole, "runs.csv"))));
        Assert.That(File.ReadAllBytes(Path.Combine(killed, "points.csv")), Is.EqualTo(File.ReadAllBytes(Path.Combine(whole, "points.csv"))));
        Assert.That(Directory.GetDirectories(Path.Combine(killed, "runs"), ".tmp-*"), Is.Empty, "the run in flight left nothing behind");
    }

    [Test]
    public void LittlesLawSweep_EveryPointsInterval_CoversLambdaOverMu()
    {
        var dir = Dir();
        File.WriteAllText(Path.Combine(dir, "base.json"), """
        { "name": "little", "seed": 3, "duration": "06:00:00", "traceInterval": "00:10:00",
          "nodes": [ { "engine": { "lowWater": 999999, "highWater": 1000000 },
                       "workload": { "inbound": { "rate": 1 }, "sessions": { "kind": "exponential", "mean": "00:00:30" } } } ] }
        """);
        var file = Path.Combine(dir, "sweep.json");
        File.WriteAllText(file, """{ "scenario": "base.json", "sweep": { "factors": [ { "path": "nodes[0].workload.inbound.rate", "name": "lambda", "values": [0.5, 1, 2, 4] } ], "replications": 8 } }""");
        var plan = SweepPlan.Load(file, Path.Combine(dir, "out"));
        foreach (var run in plan.Runs)
        {
            SweepRuns.Execute(run);
        }

        SweepGather.Gather(plan);
        var (header, rows) = CsvTables.Read(Path.Combine(plan.Root, "points.csv"));
        int C(string name) => Array.IndexOf(header, name);
        Assert.That(rows, Has.Count.EqualTo(4));
        foreach (var r in rows)
        {
            // L = λ/μ. The run starts empty, so the time average over [0, T] expects L (1 − (1 − e^(−μT)) / (μT)):
            // 0.14 % below L at μT = 720, far inside the interval, and stated rather than ignored.
            var lambdaOverMu = CsvTables.Number(r[C("lambda")]) * 30;
            var muT = 6 * 3600 / 30.0;
            var expected = lambdaOverMu * (1 - ((1 - Math.Exp(-muT)) / muT));
            var (mean, sd, n) = (CsvTables.Number(r[C("connections_mean_mean")]), CsvTables.Number(r[C("connections_mean_sd")]), CsvTables.Number(r[C("n")]));
            var (low95, high95) = (CsvTables.Number(r[C("connections_mean_ci95_low")]), CsvTables.Number(r[C("connections_mean_ci95_high")]));
            Assert.That(high95 - low95, Is.EqualTo(2 * StudentT.InvCDF(0, 1, n - 1, 0.975) * sd / Math.Sqrt(n)).Within(1e-6), "points.csv holds the 95 % Student-t interval");

            // Four points checked at once: each at 99 % keeps the family's chance of a false alarm near 4 % (Bonferroni).
            var half99 = StudentT.InvCDF(0, 1, n - 1, 0.995) * sd / Math.Sqrt(n);
            Assert.That(expected, Is.InRange(mean - half99, mean + half99), $"λ = {r[C("lambda")]}: L = {lambdaOverMu} (over [0, T]: {expected:0.###}), measured {mean:0.###} ± {half99:0.###} (99 %)");
            Assert.That(2 * half99 / lambdaOverMu, Is.LessThan(0.1), "the interval is tight enough to mean something");
        }
    }

    [TestCase("""{ "factors": [ { "path": "nodes[0].engine.lowWatr", "values": [1] } ] }""", "sweep.factors[0].path", "unknown key 'lowWatr'")]
    [TestCase("""{ "factors": [ { "path": "nodes[0].engine.trimPolicy", "values": ["score", "best"] } ] }""", "sweep.factors[0]", "'best' is not allowed")]
    [TestCase("""{ "factors": [ { "zip": [ { "path": "nodes[0].engine.lowWater", "values": [1, 2] }, { "path": "nodes[0].engine.highWater", "values": [3] } ] } ] }""", "sweep.factors[0].zip", "same number of levels")]
    [TestCase("""{ "factors": [ { "path": "nodes[0].engine.lowWater", "values": [1] } ], "where": "lowWatr < 3" }""", "sweep.where", "not a factor name")]
    [TestCase("""{ "factors": [ { "path": "nodes[0].engine.lowWater", "from": 10, "to": 5, "step": 1 } ] }""", "sweep.factors[0]", "from < to")]
    [TestCase("""{ "factors": [ { "path": "nodes[0].engine.lowWater", "values": [1] } ], "replications": 0 }""", "sweep.replications", "out of range")]
    [TestCase("""{ "factors": [ { "path": "nodes[0].engine.lowWater", "values": [40] } ] }""", "nodes[0].engine.lowWater", "at point 0")]
    [TestCase("""{ "factors": [ { "path": "nodes[0].engine.lowWater", "name": "low_water", "values": [1] } ] }""", "sweep.factors", "factor 'low_water' has the name of a runs.csv column")]
    [TestCase("""{ "factors": [ { "path": "nodes[0].engine.lowWater", "name": "seed", "values": [1] } ] }""", "sweep.factors", "factor 'seed' has the name of a runs.csv column")]
    public void BadSweep_IsRefusedBeforeAnyRun_NamingItsPath(string sweep, string path, string message)
    {
        var dir = Dir();
        var e = Assert.Throws<ScenarioException>(() => SweepPlan.Load(WriteSweep(dir, sweep), Path.Combine(dir, "out")))!;
        Assert.That(e.Errors.Select(x => x.Path), Does.Contain(path));
        Assert.That(string.Join("\n", e.Errors.Select(x => x.Message)), Does.Contain(message));
        Assert.That(Directory.Exists(Path.Combine(dir, "out")), Is.False, "nothing was written");
    }

    [Test]
    public void Designs_GridOrder_LogLevels_ZipInParallel_WhereFilters_LhsStratifies()
    {
        var dir = Dir();
        var grid = SweepPlan.Load(WriteSweep(dir, """
        { "factors": [ { "zip": [ { "path": "nodes[0].engine.lowWater", "name": "low", "values": [10, 20, 30] }, { "path": "nodes[0].engine.highWater", "name": "high", "values": [15, 25, 35] } ] },
                       { "path": "nodes[0].workload.inbound.rate", "name": "rate", "from": 0.1, "to": 10, "count": 3, "scale": "log" } ],
          "where": "low != 20 || rate > 1" }
        """), Path.Combine(dir, "g"));
        Assert.That(grid.Points.Select(p => $"{p.Values["low"]}/{p.Values["high"]}/{p.Values["rate"]}"),
            Is.EqualTo(new[] { "10/15/0.1", "10/15/1", "10/15/10", "20/25/10", "30/35/0.1", "30/35/1", "30/35/10" }));

        var lhs = SweepPlan.Load(WriteSweep(dir, """
        { "factors": [ { "path": "nodes[0].workload.inbound.rate", "name": "rate", "from": 0, "to": 1, "step": 0.5 },
                       { "path": "nodes[0].engine.highWater", "name": "high", "from": 30, "to": 130, "step": 1 } ],
          "design": "lhs", "points": 10, "seed": 4 }
        """), Path.Combine(dir, "l"));
        Assert.That(lhs.Points, Has.Count.EqualTo(10));
        var strata = lhs.Points.Select(p => (int)((double.Parse(p.Values["rate"], System.Globalization.CultureInfo.InvariantCulture) - 0) / 0.1)).ToArray();
        Assert.That(strata.Distinct().Count(), Is.EqualTo(10), "one point per tenth of the range");
    }

    [Test]
    public void StatusAndSlurmScript_NameTheMissingRuns()
    {
        Assert.That(SweepRuns.ArraySyntax([0, 1, 2, 3, 7, 9, 10, 11]), Is.EqualTo("0-3,7,9-11"));
        var dir = Dir();
        var file = WriteSweep(dir, """{ "factors": [ { "path": "nodes[0].engine.lowWater", "values": [10, 20] } ], "replications": 3 }""");
        var output = Path.Combine(dir, "out");
        Assert.That(CliRunner.Invoke("sweep", "run", file, "--out", output, "--index", "1", "--count", "2", "--quiet").Code, Is.Zero);
        var (code, text, _) = CliRunner.Invoke("sweep", "status", file, "--out", output);
        Assert.That(code, Is.Zero);
        Assert.That(text, Does.Contain("2 done, 4 missing of 6").And.Contain("missing: 0,3-5"));
        Assert.That(CliRunner.Invoke("sweep", "gather", file, "--out", output).Code, Is.EqualTo(1), "gather refuses a partial sweep");

        (code, _, _) = CliRunner.Invoke("sweep", "emit", "slurm", file, "--out", output, "--throttle", "4", "--missing", "--command", "/opt/connmgr-sim");
        Assert.That(code, Is.Zero);
        var script = File.ReadAllText(Path.Combine(output, "slurm", "array.sbatch"));
        Assert.That(script, Does.Contain("#SBATCH --array=0,3-5%4").And.Contain("--index \"$SLURM_ARRAY_TASK_ID\"").And.Contain("/opt/connmgr-sim sweep run"));
        Assert.That(File.ReadAllText(Path.Combine(output, "slurm", "submit.sh")), Does.Contain("--dependency=afterok:").And.Contain("sweep gather"));
    }

    [Test]
    public void RewordingTheScenario_KeepsItsRunKeys_WhileChangingAValueChangesThem()
    {
        var dir = Dir();
        var file = WriteSweep(dir, Grid3x4);
        var keys = SweepPlan.Load(file, Path.Combine(dir, "out")).Runs.Select(r => r.Key).ToArray();
        var scenario = Path.Combine(dir, "base.json");

        File.WriteAllText(scenario, Scenario.Replace("\"name\": \"sweep-base\",", "\"name\": \"sweep-base\", \"description\": \"reworded\",\n  ", StringComparison.Ordinal));
        Assert.That(SweepPlan.Load(file, Path.Combine(dir, "out")).Runs.Select(r => r.Key), Is.EqualTo(keys), "a description and layout do not change what runs");

        File.WriteAllText(scenario, Scenario.Replace("\"lowWater\": 20", "\"lowWater\": 21", StringComparison.Ordinal));
        var changed = SweepPlan.Load(file, Path.Combine(dir, "out")).Runs.Select(r => r.Key).ToArray();
        Assert.That(changed.Intersect(keys), Is.Empty, "a changed value is a new run everywhere");
    }

    [Test]
    public void AScenarioChangedAfterPlanning_IsRefusedAtRunTime_NotFiledUnderTheOldKey()
    {
        var dir = Dir();
        var plan = SweepPlan.Load(WriteSweep(dir, Grid3x4), Path.Combine(dir, "out"));
        File.WriteAllText(Path.Combine(dir, "base.json"), Scenario.Replace("\"lowWater\": 20", "\"lowWater\": 21", StringComparison.Ordinal));

        var e = Assert.Throws<ScenarioException>(() => SweepRuns.Execute(plan.Runs[0]))!;
        Assert.That(e.Errors[0].Message, Does.Contain("changed after this sweep was planned"));
        Assert.That(SweepRuns.IsDone(plan.Runs[0]), Is.False);
        Assert.That(Directory.Exists(plan.Runs[0].Plan.OutputDir), Is.False, "nothing is written under the old key");
    }

    [TestCase("ci-small.json", 12)]
    [TestCase("trim-policies-ci.json", 100)]
    [TestCase("watermarks.json", 72)]
    [TestCase("defaults.json", 36)]
    [TestCase("defaults-server.json", 14)]
    [TestCase("defaults-light.json", 16)]
    [TestCase("defaults-grace.json", 18)]
    [TestCase("eclipse.json", 480)]
    [TestCase("disconnect-notices.json", 10)]
    [TestCase("smooth-trim.json", 9)]
    [TestCase("flow-budget.json", 12)]
    [TestCase("dial-window.json", 9)]
    [TestCase("negotiated-quotas.json", 15)]
    [TestCase("newcomer-slots.json", 20)]
    [TestCase("close-records.json", 6)]
    [TestCase("newcomer-sybils.json", 40)]
    [TestCase("newcomer-prefix-limit.json", 45)]
    [TestCase("defaults-shipped.json", 18)]
    [TestCase("shrink-tables-dht.json", 10)]
    [TestCase("remote-closes.json", 40)]
    [TestCase("split-dials.json", 40)]
    [TestCase("compact-backoff-dht.json", 10)]
    [TestCase("lookup-arrivals.json", 40)]
    public void EveryShippedSweep_PlansItsRunsBeforeAnyRuns(string file, int runs)
    {
        var plan = SweepPlan.Load(Path.Combine(Repo.Scenarios, "sweeps", file), Repo.TempDir());
        Assert.That(plan.Runs, Has.Count.EqualTo(runs));
        Assert.That(Directory.GetFiles(Path.Combine(Repo.Scenarios, "sweeps"), "*.json").Select(Path.GetFileName),
            Is.EquivalentTo(new[] { "ci-small.json", "trim-policies-ci.json", "watermarks.json", "defaults.json", "defaults-server.json", "defaults-light.json", "defaults-grace.json", "eclipse.json", "disconnect-notices.json", "smooth-trim.json", "flow-budget.json", "dial-window.json", "negotiated-quotas.json", "newcomer-slots.json", "close-records.json", "newcomer-sybils.json", "newcomer-prefix-limit.json", "defaults-shipped.json", "shrink-tables-dht.json", "remote-closes.json", "split-dials.json", "compact-backoff-dht.json", "lookup-arrivals.json" }),
            "a new shipped sweep gets a case here");
    }
}
