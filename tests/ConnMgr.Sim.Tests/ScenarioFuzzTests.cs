using System.Text.Json.Nodes;
using ConnMgr.Sim.Experiments.Cost;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Tests;

/// <summary>
/// Mutates the shipped scenarios (keys deleted, types changed, extreme numbers and durations, elements duplicated) and
/// feeds each mutant to the command line: every one must be accepted or refused as bad input — exit 0, 1 or 2, never
/// an internal error — and the ones that are accepted and cheap are run to the end.
/// </summary>
[NonParallelizable]
public class ScenarioFuzzTests
{
    private const int Mutants = 2_000;
    private const double MostEventsToRun = 200_000;

    private static readonly JsonNode?[] Replacements =
    [
        null, "text", -1, 0, 1, 1e300, -1e300, 2147483648L, 1e-300, true, new JsonArray(), new JsonObject(),
        "00:00:00", "-00:00:01", "99999.00:00:00", "00:00:00.0000001", "NaN", "", 1_000_000_000,
    ];

    [Test]
    public void MutatedShippedScenarios_AreAcceptedOrRefused_NeverCrash()
    {
        var sources = Directory.GetFiles(Path.Combine(Repo.Root, "scenarios"), "*.json")
            .Where(f => Path.GetFileName(f) != "schema.json")
            .Select(f => (Name: Path.GetFileName(f), Json: JsonNode.Parse(File.ReadAllText(f))!))
            .ToArray();
        var random = new Random(20261201);
        var dir = Repo.TempDir();
        var codes = new Dictionary<int, int>();
        var ran = 0;
        for (var i = 0; i < Mutants; i++)
        {
            var (name, json) = sources[random.Next(sources.Length)];
            var mutant = json.DeepClone();
            var what = Mutate(mutant, random);
            var file = Path.Combine(dir, $"m{i}-{name}");
            File.WriteAllText(file, mutant.ToJsonString());

            var (code, _, err) = CliRunner.Invoke("validate", file);
            Assert.That(code, Is.AnyOf(0, 2), $"mutant {i} of {name} ({what}): exit {code}\n{err}");
            Assert.That(err, Does.Not.Contain("internal error"), $"mutant {i} of {name} ({what})");
            codes[code] = codes.GetValueOrDefault(code) + 1;
            if (code != 0 || !Cheap(file))
            {
                continue;
            }

            (code, _, err) = CliRunner.Invoke("run", file, "--quiet", "--out", Path.Combine(dir, $"run{i}"));
            Assert.That(code, Is.AnyOf(0, 1, 2), $"run of mutant {i} of {name} ({what}): exit {code}\n{err}");
            ran++;
        }

        TestContext.Out.WriteLine($"{Mutants} mutants: {codes.GetValueOrDefault(0)} valid, {codes.GetValueOrDefault(2)} refused; {ran} run to the end");
        Assert.That(codes.GetValueOrDefault(2), Is.GreaterThan(Mutants / 4), "most mutations are errors: the fuzzer is not mutating");
        Assert.That(ran, Is.GreaterThan(50), "some mutants are valid and were run");
    }

    private static bool Cheap(string file)
    {
        try
        {
            return CostEstimate.Of(ScenarioLoader.Load(file)).Events < MostEventsToRun;
        }
        catch (ScenarioException)
        {
            return false;
        }
    }

    /// <summary>Applies one mutation at a random place of the document; returns what it did.</summary>
    private static string Mutate(JsonNode root, Random random)
    {
        var nodes = new List<(JsonNode? Parent, string? Key, int Index, JsonNode? Node)>();
        void Walk(JsonNode? parent, string? key, int index, JsonNode? node)
        {
            nodes.Add((parent, key, index, node));
            switch (node)
            {
                case JsonObject o:
                    foreach (var (k, v) in o.ToArray())
                    {
                        Walk(o, k, -1, v);
                    }

                    break;
                case JsonArray a:
                    for (var j = 0; j < a.Count; j++)
                    {
                        Walk(a, null, j, a[j]);
                    }

                    break;
            }
        }

        Walk(null, null, -1, root);
        var (p, key, idx, target) = nodes[1 + random.Next(nodes.Count - 1)];
        var kind = random.Next(4);
        var path = target?.GetPath() ?? key ?? idx.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (kind == 0 && p is JsonObject po && key is not null)
        {
            po.Remove(key);
            return $"deleted {path}";
        }

        if (kind == 1 && p is JsonArray pa && target is not null)
        {
            pa.Add(target.DeepClone());
            return $"duplicated {path}";
        }

        if (kind == 2 && target is JsonValue v && v.TryGetValue<double>(out var d))
        {
            var scaled = d * (random.Next(2) == 0 ? 1e6 : -1);
            scaled = double.IsFinite(scaled) ? scaled : 1e308;
            Replace(p, key, idx, JsonValue.Create(scaled));
            return $"{path}: {d} → {scaled}";
        }

        var replacement = Replacements[random.Next(Replacements.Length)]?.DeepClone();
        Replace(p, key, idx, replacement);
        return $"{path} → {replacement?.ToJsonString() ?? "null"}";
    }

    private static void Replace(JsonNode? parent, string? key, int index, JsonNode? value)
    {
        if (parent is JsonObject o && key is not null)
        {
            o[key] = value;
        }
        else if (parent is JsonArray a && index >= 0)
        {
            a[index] = value;
        }
    }
}
