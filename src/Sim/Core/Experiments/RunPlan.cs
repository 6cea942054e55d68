using System.Text.Json;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Experiments;

/// <summary>
/// One run to make: a scenario file, the overrides applied to it (--set, a variant's set, the seed), a label and the
/// folder its outputs go to. Every verb that runs something runs plans; a run's manifest.json records its plan, so
/// <see cref="FromManifest"/> reproduces it.
/// </summary>
/// <param name="ScenarioPath">The scenario file.</param>
/// <param name="Overrides">JSON path → value, applied over the file (the seed is the path "seed").</param>
/// <param name="Label">Scenario name, or name/variant.</param>
/// <param name="OutputDir">Where the run's files go.</param>
public sealed record RunPlan(string ScenarioPath, IReadOnlyDictionary<string, string> Overrides, string Label, string OutputDir)
{
    /// <summary>The variant this plan runs, or null for the scenario as written.</summary>
    public string? Variant { get; init; }

    /// <summary>Loads and validates the scenario with the overrides.</summary>
    /// <exception cref="ScenarioException">The file or an override is invalid.</exception>
    public Scenario Load() => ScenarioLoader.Load(ScenarioPath, Overrides);

    /// <summary>
    /// The plan recorded in a run's manifest.json: the scenario text it holds is written beside it (as
    /// <c>scenario.json</c>) and the same overrides are applied, so the run reproduces byte for byte.
    /// </summary>
    /// <exception cref="ScenarioException">The manifest cannot be read or holds no scenario.</exception>
    public static RunPlan FromManifest(string manifestPath, string outputDir)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(manifestPath));
            var root = doc.RootElement;
            if (!root.TryGetProperty("scenarioContent", out var content) || content.ValueKind != JsonValueKind.String)
            {
                throw new ScenarioException([new ScenarioError("scenarioContent", $"{manifestPath} holds no scenario text (written by an older version?).")]);
            }

            var overrides = root.GetProperty("overrides").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal);
            Directory.CreateDirectory(outputDir);
            var scenario = Path.Combine(outputDir, "scenario.json");
            Traces.AtomicFile.Write(scenario, tmp => File.WriteAllText(tmp, content.GetString()));
            var label = root.TryGetProperty("label", out var l) ? l.GetString() ?? "" : "";
            return new RunPlan(scenario, overrides, label, outputDir);
        }
        catch (Exception e) when (e is IOException or JsonException or KeyNotFoundException or InvalidOperationException or UnauthorizedAccessException)
        {
            throw new ScenarioException([new ScenarioError("manifest", $"cannot read '{manifestPath}': {e.Message}")]);
        }
    }
}
