using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Tests;

public class ScenarioValidationTests
{
    private static ScenarioException LoadInvalid(string json)
    {
        var path = Path.Combine(Repo.TempDir(), "s.json");
        File.WriteAllText(path, json);
        return Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(path))!;
    }

    private static IEnumerable<string> ScaleScenarios() =>
        Directory.GetFiles(Path.Combine(Repo.Scenarios, "scale"), "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    /// <summary>The scale scenarios run outside CI (minutes to hours, up to 28 GiB); CI still holds them valid.</summary>
    [TestCaseSource(nameof(ScaleScenarios))]
    public void EveryScaleScenario_IsValid(string file)
    {
        var scenario = ScenarioLoader.Load(Path.Combine(Repo.Scenarios, "scale", file));
        Assert.That(scenario.Name, Is.Not.Empty);
    }

    [Test]
    public void TypoBareNumberInvertedWatermarksAndUnknownDecay_AreFourDistinctErrorsWithPaths()
    {
        var e = LoadInvalid("""
            {
              "name": "bad", "duration": "00:10:00", "traceInterval": 30,
              "nodes": [ { "name": "node",
                "engine": { "lowWatr": 10, "lowWater": 50, "highWater": 40 },
                "workload": { "tagging": { "decaying": { "fraction": 0.5, "decay": { "kind": "exponentialish" } } } } } ]
            }
            """);
        Assert.That(e.Errors.Select(x => x.Path), Is.EquivalentTo(new[]
        {
            "traceInterval",
            "nodes[0].engine.lowWatr",
            "nodes[0].engine.lowWater",
            "nodes[0].workload.tagging.decaying.decay.kind",
        }));
        Assert.That(e.Errors.Single(x => x.Path == "traceInterval").Message, Does.Contain("00:00:30"));
        Assert.That(e.Errors.Single(x => x.Path.EndsWith("lowWatr", StringComparison.Ordinal)).Message, Does.Contain("allowed keys here: mode, lowWater"));
        Assert.That(e.Errors.Single(x => x.Path.EndsWith("kind", StringComparison.Ordinal)).Message, Does.Contain("none, linear, fixed, halfLife, expireWhenInactive"));
    }

    [Test]
    public void BadPubsubAndDhtSettings_NameTheirPaths_AndTheAllowedValues()
    {
        var e = LoadInvalid("""
            { "name": "bad", "duration": "00:01:00", "network": { "groups": [ { "name": "a", "count": 10 } ],
              "pubsub": { "d": 6, "dLo": 8, "groups": [ "b" ] },
              "dht": { "alpha": 30, "bursts": [ { "at": "00:00:10", "fraction": 2 } ] } } }
            """);
        Assert.That(e.Errors.Select(x => x.Path), Is.EquivalentTo(new[]
        {
            "network.pubsub.groups[0]", "network.pubsub.d", "network.dht.alpha", "network.dht.bursts[0].fraction",
        }));
        Assert.That(e.Errors.First(x => x.Path == "network.pubsub.groups[0]").Message, Does.Contain("allowed: a"));
        Assert.That(e.Errors.First(x => x.Path == "network.pubsub.d").Message, Does.Contain("1 <= dLo <= d <= dHi"));
    }

    [Test]
    public void UnknownKeyInsideArrayElement_NamesTheElementPath()
    {
        var e = LoadInvalid("""{ "name": "x", "duration": "00:01:00", "nodes": [ { "name": "a" }, { "name": "b", "cuont": 3 } ] }""");
        Assert.That(e.Errors.Single().Path, Is.EqualTo("nodes[1].cuont"));
    }

    [Test]
    public void WrongType_NamesPathAndExpectedKind()
    {
        var e = LoadInvalid("""{ "name": "x", "duration": "00:01:00", "nodes": [ { "count": "many" } ] }""");
        Assert.That(e.Errors.Single().ToString(), Is.EqualTo("nodes[0].count: expected an integer, found a string \"many\"."));
    }

    [Test]
    public void UnknownProfile_ListsAllowedProfiles()
    {
        var e = LoadInvalid("""{ "name": "x", "duration": "00:01:00", "nodes": [ { "profile": "rust" } ] }""");
        Assert.That(e.Errors.Single().Message, Does.Contain("default, go, nim, js, py"));
    }

    [Test]
    public void ImpossibleCombination_MaxModeWithWatermarks_IsAnError()
    {
        var e = LoadInvalid("""{ "name": "x", "duration": "00:01:00", "nodes": [ { "engine": { "mode": "max", "max": 10, "lowWater": 5 } } ] }""");
        Assert.That(e.Errors.Single().Path, Is.EqualTo("nodes[0].engine.mode"));
    }

    [Test]
    public void TimelineAction_MissingFields_AreReported()
    {
        var e = LoadInvalid("""{ "name": "x", "duration": "00:01:00", "nodes": [ {} ], "timeline": [ { "at": "00:00:01", "action": "tag", "peer": "A" } ] }""");
        Assert.That(e.Errors.Select(x => x.Path), Is.EquivalentTo(new[] { "timeline[0].tag", "timeline[0].value" }));
    }

    [Test]
    public void Override_UnknownPath_And_BadValue_AreErrors()
    {
        var path = Repo.Scenario("quickstart.json");
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(path, new Dictionary<string, string>
        {
            ["nodes[0].engine.highWatr"] = "10",
            ["nodes[0].engine.gracePeriod"] = "30",
        }))!;
        Assert.That(e.Errors.Select(x => x.Path), Is.EquivalentTo(new[] { "nodes[0].engine.highWatr", "nodes[0].engine.gracePeriod" }));
    }

    [Test]
    public void Override_ChangesTheBoundValue()
    {
        var s = ScenarioLoader.Load(Repo.Scenario("quickstart.json"), new Dictionary<string, string> { ["nodes[0].engine.lowWater"] = "100", ["seed"] = "9" });
        Assert.That(s.Nodes[0].Engine.LowWater, Is.EqualTo(100));
        Assert.That(s.Seed, Is.EqualTo(9));
    }

    [Test]
    public void InvalidJson_ReportsLine()
    {
        var e = LoadInvalid("{ \"name\": \"x\",\n \"duration\": }");
        Assert.That(e.Errors.Single().Message, Does.Contain("line 2"));
    }

    [TestCaseSource(typeof(Repo), nameof(Repo.ScenarioFiles))]
    public void EveryShippedScenario_Validates(string file) =>
        Assert.DoesNotThrow(() => ScenarioLoader.Load(Repo.Scenario(file)));

    [Test]
    public void CommittedSchema_MatchesTheScenarioTypes()
    {
        var committed = File.ReadAllText(Path.Combine(Repo.Scenarios, "schema.json"));
        Assert.That(committed, Is.EqualTo(JsonSchemaGenerator.Generate()), "regenerate with: dotnet run --project src/Sim -- schema --out scenarios/schema.json");
    }

    [Test]
    public void SchemaDescribesEveryExpectKey_ByItsOwnSummaryColumn()
    {
        using var schema = System.Text.Json.JsonDocument.Parse(JsonSchemaGenerator.Generate());
        var expect = schema.RootElement.GetProperty("properties").GetProperty("expect");
        foreach (var e in ConnMgr.Sim.Results.MetricCatalog.Expectations)
        {
            var column = $"(summary column {e.Column};";
            Assert.That(expect.GetProperty("properties").GetProperty(e.Key).GetProperty("description").GetString(), Does.Contain(column), e.Key);
            Assert.That(expect.GetProperty("patternProperties").GetProperty($"^{e.Key}@[^@]+$").GetProperty("description").GetString(), Does.Contain(column), e.Key + "@group");
        }
    }
}
