using ConnMgr.Sim.Experiments;
using ConnMgr.Sim.Plots;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Tests;

/// <summary>The results contract: every written column is declared and documented; expect keys are checked by type and mode.</summary>
public class ResultsContractTests
{
    private static string Write(string json) => Repo.WriteScenario(json);

    private const string Focal = """{ "name": "f", "duration": "00:01:00", "nodes": [ { "workload": { "inbound": { "rate": 1 }, "sessions": { "kind": "constant", "mean": "00:00:20" } } } ], "expect": { EXPECT } }""";

    [Test]
    public void ColumnsReference_IsInSyncWithTheCatalog()
    {
        var committed = File.ReadAllText(Path.Combine(Repo.Root, "docs", "outputs.md"));
        Assert.That(committed, Is.EqualTo(ColumnsReference.Markdown()), "regenerate with: dotnet run --project src/Sim -- columns --out docs/outputs.md");
    }

    [TestCase("quickstart.json")]
    [TestCase("starvation.json")]
    [TestCase("network-10k.json")]
    public void EveryWrittenColumn_IsDeclaredInTheCatalog(string file)
    {
        var plan = RunPlans.Expand(Repo.Scenario(file), new Dictionary<string, string> { ["duration"] = "00:03:00" }, [], VariantSelection.Base, Repo.TempDir())[0];
        var runner = Runs.Create(plan.Load());
        var result = runner.Run();
        Runs.Write(plan, result, runner);
        foreach (var (csv, kind) in new[] { ("timeseries.csv", OutputFile.Timeseries), ("summary.csv", OutputFile.Summary) })
        {
            var header = File.ReadLines(Path.Combine(plan.OutputDir, csv)).First().Split(',');
            Assert.That(header.Where(h => MetricCatalog.Find(kind, h) is null), Is.Empty, $"{file}: {csv} has undeclared columns");
        }

        var documented = File.ReadAllText(Path.Combine(Repo.Root, "docs", "outputs.md"));
        foreach (var other in Directory.GetFiles(plan.OutputDir, "*.csv").Select(Path.GetFileName).Except(["timeseries.csv", "summary.csv"]))
        {
            Assert.That(documented, Does.Contain($"`{other}`"), $"{file}: {other} is documented");
        }
    }

    [Test]
    public void Summary_HasAnAllRow_ThatCombinesGroupsAsDeclared()
    {
        var result = Runs.Create(ScenarioLoader.Load(Repo.Scenario("router-killing.json"), new Dictionary<string, string> { ["duration"] = "00:02:00" })).Run();
        Assert.That(result.Summary.Rows.Select(r => r.Group), Is.EqualTo(new[] { "residential", "server", "all" }));
        Assert.That(result.Metric("pruned"), Is.EqualTo(result.Metric("pruned", "residential") + result.Metric("pruned", "server")), "sum");
        Assert.That(result.Metric("connections_max"), Is.EqualTo(Math.Max(result.Metric("connections_max", "residential"), result.Metric("connections_max", "server"))), "max");
        Assert.That(result.Metric("router_deaths", "server"), Is.NaN, "servers have no router: the column does not apply");
        Assert.That(result.Metric("low_water"), Is.NaN, "a per-group setting has no all value");
    }

    [TestCase("\"pruned\": {}", "expect.pruned", "give min, max or both")]
    [TestCase("\"lookupSuccess\": { \"min\": 0.9 }", "expect.lookupSuccess", "network runs only")]
    [TestCase("\"routerDeaths\": { \"max\": 0 }", "expect.routerDeaths", "network runs only")]
    [TestCase("\"pruned\": 3", "expect.pruned", "takes a range")]
    [TestCase("\"maxCount\": \"lots\"", "expect.maxCount", "not a number")]
    [TestCase("\"trims\": { \"min\": 5, \"max\": 1 }", "expect.trims", "above max")]
    [TestCase("\"trims\": { \"least\": 5 }", "expect.trims.least", "allowed keys here: min, max")]
    [TestCase("\"countAfterTrimAtMostLowWater\": 1", "expect.countAfterTrimAtMostLowWater", "not true or false")]
    [TestCase("\"explode\": true", "expect.explode", "unknown expectation")]
    public void ExpectBlock_IsValidatedByKindAndMode_BeforeAnyWork(string expect, string path, string message)
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(Write(Focal.Replace("EXPECT", expect, StringComparison.Ordinal))))!;
        Assert.That(e.Errors.Select(x => x.Path), Is.EqualTo(new[] { path }));
        Assert.That(e.Errors[0].Message, Does.Contain(message));
    }

    [Test]
    public void ExpectationThatCannotBeEvaluated_Fails_WithTheReason()
    {
        // Watermarks far above the load: no trim ever has work to do.
        var result = Runs.Create(ScenarioLoader.Load(Write(Focal.Replace("EXPECT", "\"countAfterTrimAtMostLowWater\": true, \"protectedPruned\": 0", StringComparison.Ordinal)))).Run();
        var trim = result.Expectations.Single(x => x.Name.StartsWith("count after trim", StringComparison.Ordinal));
        Assert.That(trim.Passed, Is.False);
        Assert.That(trim.Measured, Does.Contain("no trim had work to do"));
        Assert.That(result.Expectations.Single(x => x.Name == "protected peers pruned").Passed, Is.True);
    }

    [Test]
    public void ScalarForms_ReadAsTheirKindSays()
    {
        var s = ScenarioLoader.Load(Write(Focal.Replace("EXPECT", "\"maxCount\": 30, \"timeAboveHighWater\": \"00:01:30\", \"protectedPruned\": 0, \"countAfterTrimAtMostLowWater\": false", StringComparison.Ordinal)));
        var byKey = s.Expectations.ToDictionary(x => x.Declaration.Key);
        Assert.That((byKey["maxCount"].Min, byKey["maxCount"].Max), Is.EqualTo(((double?)null, (double?)30)));
        Assert.That(byKey["timeAboveHighWater"].Max, Is.EqualTo(90), "a duration reads as seconds");
        Assert.That((byKey["protectedPruned"].Min, byKey["protectedPruned"].Max), Is.EqualTo(((double?)0, (double?)0)));
        Assert.That(byKey, Does.Not.ContainKey("countAfterTrimAtMostLowWater"), "false checks nothing");
    }

    [Test]
    public void Plot_RedrawsARunsPlots_FromItsCsvFilesAlone()
    {
        var plan = RunPlans.Expand(Repo.Scenario("quickstart.json"), new Dictionary<string, string>(), [], VariantSelection.Base, Repo.TempDir())[0];
        var runner = Runs.Create(plan.Load());
        Runs.Write(plan, runner.Run(), runner);
        Assert.That(Directory.Exists(Path.Combine(plan.OutputDir, "plots")), Is.False, "no plots were drawn yet");
        var files = PlotWriter.WriteRun(plan.OutputDir);
        Assert.That(files, Does.Contain("connections.png").And.Contain("pruned.png").And.Contain("scores.png"));
        Assert.That(files.Where(f => f.EndsWith(".png", StringComparison.Ordinal)).All(f => new FileInfo(Path.Combine(plan.OutputDir, "plots", f)).Length > 10_000), Is.True);
    }

    [Test]
    public void Manifest_Alone_ReproducesTheRun()
    {
        var plan = RunPlans.Expand(Repo.Scenario("quickstart.json"), new Dictionary<string, string> { ["nodes[0].engine.lowWater"] = "120" }, [7], VariantSelection.Base, Repo.TempDir())[0];
        var runner = Runs.Create(plan.Load());
        Runs.Write(plan, runner.Run(), runner);
        var again = RunPlan.FromManifest(Path.Combine(plan.OutputDir, "manifest.json"), Repo.TempDir());
        var rerun = Runs.Create(again.Load());
        Runs.Write(again, rerun.Run(), rerun);
        foreach (var csv in new[] { "timeseries.csv", "summary.csv" })
        {
            Assert.That(File.ReadAllBytes(Path.Combine(again.OutputDir, csv)), Is.EqualTo(File.ReadAllBytes(Path.Combine(plan.OutputDir, csv))), csv);
        }
    }
}
