using ConnMgr.Sim.Cli;

namespace ConnMgr.Sim.Tests;

[NonParallelizable]
public class CliTests
{
    [Test]
    public void Run_WritesCsvManifestAndPlots()
    {
        var dir = Repo.TempDir();
        var (code, _, err) = CliRunner.Invoke("run", Repo.Scenario("quickstart.json"), "--out", dir, "--quiet");
        Assert.That(code, Is.Zero, err);
        foreach (var f in new[] { "timeseries.csv", "summary.csv", "manifest.json", "plots/connections.png", "plots/connections.svg", "plots/pruned.png", "plots/scores.png" })
        {
            Assert.That(File.Exists(Path.Combine(dir, f)), Is.True, f);
        }

        Assert.That(Directory.GetFiles(dir, "*.tmp*", SearchOption.AllDirectories), Is.Empty);
        Assert.That(File.ReadAllText(Path.Combine(dir, "manifest.json")), Does.Contain("\"scenarioSha256\"").And.Contain("\"eventsProcessed\""));
    }

    [Test]
    public void Run_ManifestRecordsCpuTimeAndTheCollectorsWork_BesideWallTimeAndPeakMemory()
    {
        var dir = Repo.TempDir();
        var (code, _, err) = CliRunner.Invoke("run", Repo.Scenario("quickstart.json"), "--out", dir, "--quiet");
        Assert.That(code, Is.Zero, err);
        using var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")));
        var root = manifest.RootElement;
        var gc = root.GetProperty("gc");
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("cpuSeconds").GetDouble(), Is.GreaterThan(0), "CPU time of the process");
            Assert.That(root.GetProperty("peakWorkingSetBytes").GetInt64(), Is.GreaterThan(0));
            Assert.That(gc.GetProperty("allocatedBytes").GetInt64(), Is.GreaterThan(0), "bytes the process allocated");
            Assert.That(gc.GetProperty("pausedSeconds").GetDouble(), Is.GreaterThanOrEqualTo(0));
            var gen0 = gc.GetProperty("gen0Collections").GetInt32();
            var gen1 = gc.GetProperty("gen1Collections").GetInt32();
            var gen2 = gc.GetProperty("gen2Collections").GetInt32();
            Assert.That(gen0 >= gen1 && gen1 >= gen2 && gen2 >= 0, Is.True, $"a collection of a generation collects the younger ones too: {gen0} / {gen1} / {gen2}");
        });
    }

    [Test]
    public void Validate_BadFile_ExitsTwo_AndNamesPaths()
    {
        var path = Path.Combine(Repo.TempDir(), "bad.json");
        File.WriteAllText(path, """{ "name": "x", "duration": 30, "nodes": [ { "engine": { "lowWater": 9, "highWater": 3 } } ] }""");
        var (code, _, err) = CliRunner.Invoke("validate", path);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(err, Does.Contain("duration: bare number 30").And.Contain("nodes[0].engine.lowWater"));
    }

    [Test]
    public void Check_PassingScenario_ExitsZero_PrintsMeasuredValues()
    {
        var (code, output, _) = CliRunner.Invoke("check", Repo.Scenario("nim-tutorial-3-tags.json"), "--quiet");
        Assert.That(code, Is.Zero);
        Assert.That(output, Does.Contain("ok   peers pruned: expected == 2, measured 2"));
    }

    [Test]
    public void Check_OverAGlobWithTheSchema_SkipsTheSchemaAndPasses()
    {
        // What `check scenarios/*.json` gets from the shell, cut to quick scenarios: that every shipped scenario passes
        // is pinned by ScenarioRunTests and by .ci/run's own check over the folder, so this test need not run them all.
        string[] files = [.. new[] { "nim-tutorial-1-trim.json", "quickstart.json", "schema.json" }.Select(Repo.Scenario)];
        var (code, output, err) = CliRunner.Invoke(["check", .. files, "--quiet"]);
        Assert.That(code, Is.Zero, output + err);
        Assert.That(output, Does.Contain("schema.json: a JSON Schema, not a scenario: skipped"));
        Assert.That(output, Does.Match(@"check: \d+ passed, 0 failed"));
    }

    [Test]
    public void Check_FailingExpectation_ExitsOne_WithExpectedAndActual()
    {
        var dir = Repo.TempDir();
        var path = Path.Combine(dir, "failing.json");
        File.WriteAllText(path, File.ReadAllText(Repo.Scenario("nim-tutorial-1-trim.json")).Replace("\"expected\": 2 }", "\"expected\": 3 }", StringComparison.Ordinal));
        var (code, output, _) = CliRunner.Invoke("check", path, "--quiet");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(output, Does.Contain("FAIL at 00:00:00.2000000 assert count node[0]: expected 3, actual 2"));
    }

    [Test]
    public void Compare_WritesOverlayPlotsAndSummary()
    {
        var dir = Repo.TempDir();
        var (code, output, err) = CliRunner.Invoke("compare", Repo.Scenario("decay-functions.json"), "--out", dir, "--quiet");
        Assert.That(code, Is.Zero, err);
        Assert.That(File.Exists(Path.Combine(dir, "compare", "summary.csv")), Is.True);
        Assert.That(File.Exists(Path.Combine(dir, "compare", "plots", "connections.png")), Is.True);
        Assert.That(File.ReadAllLines(Path.Combine(dir, "compare", "summary.csv")), Has.Length.EqualTo(1 + (4 * 2)), "a row per variant and group, the all row included");
        Assert.That(File.ReadAllText(Path.Combine(dir, "compare", "summary.csv")), Does.Contain("half-life,node,").And.Contain("half-life,all,"));
        Assert.That(output, Does.Contain("compare"));
    }

    [Test]
    public void Run_SetOverride_IsRecordedInTheManifest()
    {
        var dir = Repo.TempDir();
        var (code, _, _) = CliRunner.Invoke("run", Repo.Scenario("quickstart.json"), "--out", dir, "--quiet", "--set", "nodes[0].engine.lowWater=120", "--seed", "5");
        Assert.That(code, Is.Zero);
        var manifest = File.ReadAllText(Path.Combine(dir, "manifest.json"));
        Assert.That(manifest, Does.Contain("\"nodes[0].engine.lowWater\": \"120\"").And.Contain("\"seed\": 5"));
    }

    [Test]
    public void Run_WithTwoThreads_WritesOneThreadsCsvs_AndSaysWhenTheRunHasNoPartitions_AndAutoStaysOnOneForASmallNetwork()
    {
        string[] small = ["--set", "duration=00:04:00", "--set", "network.groups[0].count=1200", "--set", "network.groups[1].count=300"];
        string[] split = [.. small, "--set", "network.remoteCloses=halfRoundTrip", "--set", "network.dials=split"];
        var (one, two) = (Repo.TempDir(), Repo.TempDir());
        var first = CliRunner.Invoke(["run", Repo.Scenario("network-10k.json"), "--out", one, .. split, "--threads", "1"]);
        var second = CliRunner.Invoke(["run", Repo.Scenario("network-10k.json"), "--out", two, .. split, "--threads", "2"]);
        Assert.That((first.Code, second.Code), Is.EqualTo((0, 0)), first.Err + second.Err);
        Assert.That(second.Out, Does.Contain(" on 2 threads; outputs in"), "the split run used two threads");
        Assert.That(first.Out, Does.Not.Contain(" threads;"));
        var auto = Repo.TempDir();
        var byDefault = CliRunner.Invoke(["run", Repo.Scenario("network-10k.json"), "--out", auto, .. split]);
        Assert.That(byDefault.Code, Is.Zero, byDefault.Err);
        Assert.That(byDefault.Out, Does.Not.Contain(" threads;"), "auto: 1,500 nodes are below the size where two threads pay");
        Assert.That(byDefault.Err, Does.Not.Contain("--threads"), "auto chooses silently");
        foreach (var csv in new[] { "summary.csv", "timeseries.csv", "events.csv" })
        {
            Assert.That(File.ReadAllBytes(Path.Combine(two, csv)), Is.EqualTo(File.ReadAllBytes(Path.Combine(one, csv))), csv);
            Assert.That(File.ReadAllBytes(Path.Combine(auto, csv)), Is.EqualTo(File.ReadAllBytes(Path.Combine(one, csv))), csv);
        }

        var instant = CliRunner.Invoke(["run", Repo.Scenario("network-10k.json"), "--out", Repo.TempDir(), .. small, "--quiet", "--threads", "2"]);
        Assert.That(instant.Code, Is.Zero, instant.Err);
        Assert.That(instant.Err, Does.Contain("--threads 2: this run has no partitions"));
        var single = CliRunner.Invoke("run", Repo.Scenario("quickstart.json"), "--out", Repo.TempDir(), "--quiet", "--threads", "2");
        Assert.That(single.Err, Does.Contain("--threads 2").And.Contain("one thread"), "a single-node run says so too");
        var three = CliRunner.Invoke("run", Repo.Scenario("quickstart.json"), "--threads", "3");
        Assert.That(three.Code, Is.EqualTo(2));
        Assert.That(three.Err, Does.Contain("allowed 1..2 or auto"));
    }
}
