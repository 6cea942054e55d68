using System.Globalization;
using ConnMgr.Sim.Experiments;
using ConnMgr.Sim.Plots;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Running;
using ConnMgr.Sim.Scenarios;
using ConnMgr.Sim.Traces;

namespace ConnMgr.Sim.Tests;

public class ScenarioRunTests
{
    private static (RunResult Result, IScenarioRun Runner) Run(string file, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var runner = Runs.Create(ScenarioLoader.Load(Repo.Scenario(file), overrides));
        return (runner.Run(), runner);
    }

    private static string WriteCsv(string file)
    {
        var (result, runner) = Run(file);
        var dir = Repo.TempDir();
        OutputWriter.WriteAll(dir, result, runner.EventRows, new ManifestInfo(file, "-", new Dictionary<string, string>()));
        return dir;
    }

    [TestCaseSource(typeof(Repo), nameof(Repo.ScenarioFilesToRun))]
    public void EveryShippedScenario_PassesItsExpectations_ReproducesItsApprovedMetrics_AndPlotsOnlyVaryingSeries(string file)
    {
        foreach (var plan in RunPlans.Expand(Repo.Scenario(file), new Dictionary<string, string>(), [], VariantSelection.BaseAndVariants, Repo.TempDir()))
        {
            var scenario = plan.Load();
            var runner = Runs.Create(scenario);
            var result = runner.Run();
            if (plan.Variant is null)
            {
                // The base run's files and figures, as `run` writes them: every figure must have data (one run, not two).
                Runs.Write(plan, result, runner);
                PlotData.AssertEveryWrittenPlotHasASeriesThatVaries(file, plan.OutputDir, PlotWriter.WriteRun(plan.OutputDir));
            }

            // The cost estimate that refuses oversized runs stays within an order of magnitude of what runs measure.
            var estimated = Experiments.Cost.CostEstimate.Of(scenario).Events;
            if (result.EventsProcessed >= 1_000)
            {
                Assert.That(estimated / result.EventsProcessed, Is.InRange(0.2, 6.0), $"{file} / {plan.Label}: estimated {estimated:0} events, ran {result.EventsProcessed}");
            }

            var failures = result.Asserts.Where(a => !a.Passed).Select(a => $"{a.At} {a.What}: expected {a.Expected}, actual {a.Actual}")
                .Concat(result.Expectations.Where(x => !x.Passed).Select(x => $"{x.Name}: expected {x.Expected}, measured {x.Measured}"));
            Assert.That(failures, Is.Empty, $"{file} / {plan.Label}");

            // The structure redesign changed names, not what any shipped scenario computes.
            Assert.That(ApprovedMetrics.Differences(file, plan.Variant ?? "base", result), Is.Empty, $"{file} / {plan.Label}: summary metrics");
        }
    }

    [Test]
    public void SameScenarioSameSeed_ByteIdenticalCsv()
    {
        foreach (var file in new[] { "quickstart.json", "nim-tutorial-4-decay.json" })
        {
            var a = WriteCsv(file);
            var b = WriteCsv(file);
            foreach (var csv in Directory.GetFiles(a, "*.csv").Select(Path.GetFileName))
            {
                Assert.That(File.ReadAllBytes(Path.Combine(b, csv!)), Is.EqualTo(File.ReadAllBytes(Path.Combine(a, csv!))), $"{file}: {csv}");
            }
        }
    }

    [Test]
    public void DifferentSeed_DifferentTrace()
    {
        var a = Run("quickstart.json").Result.Timeseries.Rows.Select(r => r.Values[1]).ToArray();
        var b = Run("quickstart.json", new Dictionary<string, string> { ["seed"] = "43" }).Result.Timeseries.Rows.Select(r => r.Values[1]).ToArray();
        Assert.That(b, Is.Not.EqualTo(a));
    }

    [Test]
    public void CsvBytes_DoNotDependOnTheCurrentCulture()
    {
        var invariant = WriteCsv("quickstart.json");
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("ru-RU");
            var russian = WriteCsv("quickstart.json");
            Assert.That(File.ReadAllBytes(Path.Combine(russian, "timeseries.csv")), Is.EqualTo(File.ReadAllBytes(Path.Combine(invariant, "timeseries.csv"))));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Test]
    public void NimTutorialEvents_MatchTheApprovedFile()
    {
        var dir = WriteCsv("nim-tutorial-2-protection.json");
        var approved = Path.Combine(AppContext.BaseDirectory, "Approved", "nim-tutorial-2-protection.events.csv");
        Assert.That(File.ReadAllText(Path.Combine(dir, "events.csv")), Is.EqualTo(File.ReadAllText(approved)));
    }

    [Test]
    public void Cancellation_StopsEarly_AndSaysWhere()
    {
        using var cts = new CancellationTokenSource();
        var runner = new ScenarioRunner(ScenarioLoader.Load(Repo.Scenario("quickstart.json")));
        var result = runner.Run((fraction, _) =>
        {
            if (fraction >= 0.5)
            {
                cts.Cancel();
            }
        }, cts.Token);
        Assert.That(result.Completed, Is.False);
        Assert.That(result.VirtualTime, Is.InRange(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(31)), "stops within the slice after the request");
        Assert.That(result.Expectations, Is.Empty, "an interrupted run is not judged");
    }

    [Test]
    public void AtomicFile_InterruptedWrite_LeavesNeitherFileNorTemporary()
    {
        var dir = Repo.TempDir();
        var target = Path.Combine(dir, "timeseries.csv");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(target, tmp =>
        {
            File.WriteAllText(tmp, "time_s,gro");
            throw new InvalidOperationException("interrupted");
        }));
        Assert.That(Directory.GetFiles(dir), Is.Empty);
    }

    [Test]
    public void AtomicFile_ReplacesAnExistingFileWhole()
    {
        var dir = Repo.TempDir();
        var target = Path.Combine(dir, "summary.csv");
        File.WriteAllText(target, "old");
        AtomicFile.Write(target, tmp => File.WriteAllText(tmp, "new"));
        Assert.That(File.ReadAllText(target), Is.EqualTo("new"));
        Assert.That(Directory.GetFiles(dir), Has.Length.EqualTo(1));
    }

    [Test]
    public void Trace_RecordsEveryIntervalForEveryGroup()
    {
        var (result, _) = Run("quickstart.json");
        Assert.That(result.Timeseries.Rows, Has.Count.EqualTo(360));
        Assert.That(result.Timeseries.Rows.Select(r => r.TimeSeconds), Is.Ordered.Ascending);
    }
}
