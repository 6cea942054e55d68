namespace ConnMgr.Sim.Tests;

/// <summary>
/// Every class of bad input a new user produced: refused with exit 2, one line naming the field, no stack trace and
/// no output, before any work. How fast they are refused is measured in benchmarks/README.md, not here.
/// </summary>
[NonParallelizable]
public class BadInputTests
{
    private static (int Code, string Err, string Out) Refused(params string[] args)
    {
        var (code, output, err) = CliRunner.Invoke(args);
        Assert.That(code, Is.EqualTo(2), $"{string.Join(' ', args)}\n{err}");
        Assert.That(err, Does.Not.Contain("   at ").And.Not.Contain("Exception").And.Not.Contain("System."), "words, not a stack trace or a type name");
        return (code, err, output);
    }

    [TestCase("nodes[0].workload.inbound.bursts[0].count=1000000000", "nodes[0].workload.inbound.bursts[0].count")]
    [TestCase("nodes[0].workload.outbound.target=1000000000", "nodes[0].workload.outbound.target")]
    [TestCase("nodes[0].workload.inbound.rate=100000000", "nodes[0].workload.inbound.rate")]
    public void RunThatCannotFit_IsRefusedNamingTheFieldThatDrivesIt(string set, string field)
    {
        var dir = Path.Combine(Repo.TempDir(), "out");
        var (_, err, _) = Refused("run", Repo.Scenario("quickstart.json"), "--set", set, "--out", dir, "--quiet");
        Assert.That(err, Does.Contain($"  {field}: the run would need").And.Contain("--allow-large"));
        Assert.That(Directory.Exists(dir), Is.False, "no output");
    }

    [TestCase("nodes[0].workload.inbound.rate=1000000000000", "nodes[0].workload.inbound.rate: 1000000000000 is out of range; allowed 0..1000000000.")]
    [TestCase("nodes[0].engine.lowWater=-5", "nodes[0].engine.lowWater: -5 is out of range; allowed 0..10000000.")]
    [TestCase("nodes[0].workload.outbound.failureProbability=1.5", "nodes[0].workload.outbound.failureProbability: 1.5 is out of range; allowed 0..1.")]
    public void ValueOutsideItsDeclaredRange_IsRefused_AndTheSchemaSaysTheRange(string set, string message)
    {
        var (_, err, _) = Refused("run", Repo.Scenario("quickstart.json"), "--set", set, "--quiet", "--out", Repo.TempDir());
        Assert.That(err, Does.Contain(message));
        var path = set[..set.IndexOf('=')];
        var field = path[(path.LastIndexOf('.') + 1)..];
        Assert.That(File.ReadAllText(Path.Combine(Repo.Root, "scenarios", "schema.json")), Does.Match($"\"{field}\": \\{{[^}}]*\"maximum\""), "schema.json carries the range");
    }

    [TestCase("nodes[0].workload.tagging.decaying.tag=", "nodes[0].workload.tagging.decaying.tag: a decaying tag needs a non-empty name.")]
    [TestCase("nodes[0].workload.tagging.tag= ", "nodes[0].workload.tagging.tag: a static tag needs a non-empty name.")]
    public void ATagWithoutAName_IsRefusedBeforeTheRun(string set, string message)
    {
        // Found by the scenario fuzzer: a null decaying tag name reached the engine and crashed the run (exit 70).
        var (_, err, _) = Refused("run", Repo.Scenario("decay-functions.json"), "--set", set, "--quiet", "--out", Repo.TempDir());
        Assert.That(err, Does.Contain(message));
    }

    [Test]
    public void NetworkThatCannotFit_IsRefused_AndValidatePrintsTheEstimate()
    {
        var (_, err, _) = Refused("run", Repo.Scenario("network-10k.json"), "--set", "network.groups[0].count=19000000", "--quiet", "--out", Repo.TempDir());
        Assert.That(err, Does.Contain("network.groups[0].count: the run would need"));
        var (code, output, _) = CliRunner.Invoke("validate", Repo.Scenario("network-10k.json"));
        Assert.That(code, Is.Zero);
        Assert.That(output, Does.Match(@"network-10k\.json: ok \(estimated ~[0-9.e+]+ events and ~[0-9.]+ GiB\)"));
    }

    [TestCase("[1, 2]", "an array")]
    [TestCase("\"text\"", "a string")]
    [TestCase("42", "a number")]
    public void JsonThatIsNotAnObject_IsOneClearProblem_AndValidateGoesOnToTheNextFile(string json, string found)
    {
        var bad = Path.Combine(Repo.TempDir(), "bad.json");
        File.WriteAllText(bad, json);
        var (_, err, output) = Refused("validate", bad, Repo.Scenario("quickstart.json"));
        Assert.That(err, Does.Contain($"this file holds {found}"));
        Assert.That(output, Does.Contain("quickstart.json: ok"), "the other file is still validated");
    }

    [Test]
    public void OutNamingAFile_IsRefusedBeforeTheRun()
    {
        var file = Path.Combine(Repo.TempDir(), "taken");
        File.WriteAllText(file, "x");
        var (_, err, _) = Refused("run", Repo.Scenario("quickstart.json"), "--out", file, "--quiet");
        Assert.That(err, Does.Contain("--out: ").And.Contain("is a file"));
        Assert.That(File.ReadAllText(file), Is.EqualTo("x"));
    }

    [TestCase("run", "quickstart.json", "--seed", "abc")]
    [TestCase("run", "quickstart.json", "--no-such-option")]
    [TestCase("run", "quickstart.json", "extra.json")]
    [TestCase("compare", "trim-policies.json", "--replications", "many")]
    [TestCase("frobnicate")]
    public void UsageErrors_ExitTwo_InWords(params string[] args)
    {
        var resolved = args.Select(a => a.EndsWith(".json", StringComparison.Ordinal) && a != "extra.json" ? Repo.Scenario(a) : a).ToArray();
        var (_, err, _) = Refused(resolved);
        Assert.That(err, Does.Contain("Usage: connmgr-sim"));
        Assert.That(err, Does.Not.Contain("Nullable"));
    }

    [Test]
    public void NoCommand_ExitsTwo()
    {
        var (_, err, _) = Refused([]);
        Assert.That(err, Does.Contain("Required command was not provided"));
    }

    [Test]
    public void AFolderOrAMissingFile_AsTheScenario_SaysSo()
    {
        var (_, err, _) = Refused("validate", Repo.TempDir());
        Assert.That(err, Does.Contain("is a folder; name a scenario file"));
        (_, err, _) = Refused("run", Path.Combine(Repo.TempDir(), "absent.json"), "--quiet");
        Assert.That(err, Does.Contain("does not exist"));
    }

    [Test]
    public void OverrideOfAnElementPastTheEnd_SaysWhichElementsExist()
    {
        var (_, err, _) = Refused("run", Repo.Scenario("quickstart.json"), "--set", "nodes[3].engine.lowWater=40", "--quiet", "--out", Repo.TempDir());
        Assert.That(err, Does.Contain("nodes[3].engine.lowWater: the file has 1 element(s) (indices 0..0) in nodes").And.Not.Contain("duplicate"));
    }

    [Test]
    public void TruncatedFile_ReportsItsPositionOnce()
    {
        var file = Path.Combine(Repo.TempDir(), "cut.json");
        File.WriteAllText(file, File.ReadAllText(Repo.Scenario("quickstart.json"))[..300]);
        var (_, err, _) = Refused("validate", file);
        Assert.That(err, Does.Match(@"not valid JSON \(line \d+, position \d+\)"));
        Assert.That(err, Does.Not.Contain("LineNumber").And.Not.Contain("BytePositionInLine"));
    }

    [Test]
    public void StrayDistributionKey_AndDisconnectOfAPeerNeverConnected_AreErrors()
    {
        var file = Path.Combine(Repo.TempDir(), "stray.json");
        File.WriteAllText(file, """
        { "name": "w", "duration": "00:10:00", "nodes": [ { "name": "n", "engine": { "lowWater": 2, "highWater": 3 },
          "workload": { "inbound": { "rate": 1 }, "sessions": { "kind": "weibull", "shape": 0.5, "scale": "00:01:00", "mean": "00:00:30" } } } ],
          "timeline": [ { "at": "00:00:01", "action": "connect", "peer": "A" }, { "at": "00:00:02", "action": "disconnect", "peer": "A" },
                        { "at": "00:00:03", "action": "disconnect", "peer": "ghost" } ] }
        """);
        var (_, err, _) = Refused("validate", file);
        Assert.That(err, Does.Contain("nodes[0].workload.sessions.mean: 'mean' does not apply to kind 'weibull', which takes shape and scale."));
        Assert.That(err, Does.Contain("timeline[2].peer: 'disconnect' of peer 'ghost'"));
        Assert.That(err, Does.Not.Contain("timeline[1]"), "A was connected first");
    }

    [Test]
    public void RunOnAFileWithVariants_SaysItRunsTheBaseOnly()
    {
        var (code, _, err) = CliRunner.Invoke("run", Repo.Scenario("trim-policies.json"), "--set", "duration=00:01:00", "--out", Repo.TempDir(), "--quiet");
        Assert.That(code, Is.Zero, err);
        Assert.That(err, Does.Contain("has 5 variant(s) (score, oldest-first, newest-first, random, diversity); run runs the base scenario only"));
    }
}
