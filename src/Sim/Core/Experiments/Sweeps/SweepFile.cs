using System.Text.Json;
using ConnMgr.Sim.Scenarios;
using Microsoft.Extensions.Configuration;

namespace ConnMgr.Sim.Experiments.Sweeps;

/// <summary>A sweep kept apart from its scenario: <c>{ "scenario": "../trim-policies.json", "set": {...}, "sweep": {...} }</c>.</summary>
public sealed class SweepFile
{
    /// <summary>Editor hint; ignored.</summary>
    [ConfigurationKeyName("$schema")]
    public string? Schema { get; set; }

    /// <summary>The scenario file, relative to this file.</summary>
    public string Scenario { get; set; } = "";

    /// <summary>Fixed overrides applied to every run (as <c>--set</c>).</summary>
    public Dictionary<string, string> Set { get; set; } = [];

    /// <summary>The study.</summary>
    public SweepSpec Sweep { get; set; } = new();

    /// <summary>
    /// Reads <paramref name="path"/>: a sweep file, or a scenario with a <c>sweep</c> section. Returns the scenario file,
    /// the fixed overrides and the study.
    /// </summary>
    /// <exception cref="ScenarioException">The file, the scenario or the study is invalid; every problem with its path.</exception>
    public static (string ScenarioPath, Dictionary<string, string> Sets, SweepSpec Sweep) Read(string path)
    {
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            root = doc.RootElement.Clone();
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new ScenarioException([new ScenarioError("$", $"cannot read '{path}': {e.Message}")]);
        }

        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("scenario", out var s) && s.ValueKind == JsonValueKind.String)
        {
            var errors = new List<ScenarioError>();
            StructureValidator.Validate(root, typeof(SweepFile), "$", errors);
            if (errors.Count > 0)
            {
                throw new ScenarioException(errors);
            }

            var full = Path.GetFullPath(path);
            var file = new ConfigurationBuilder().SetBasePath(Path.GetDirectoryName(full)!).AddJsonFile(Path.GetFileName(full)).Build()
                .Get<SweepFile>(o => o.ErrorOnUnknownConfiguration = false) ?? new SweepFile();
            var scenario = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(full)!, file.Scenario));
            return (scenario, file.Set, file.Sweep);
        }

        var withSweep = ScenarioLoader.Load(path);
        return withSweep.Sweep is { } sweep
            ? (Path.GetFullPath(path), new Dictionary<string, string>(StringComparer.Ordinal), sweep)
            : throw new ScenarioException([new ScenarioError("sweep", "this scenario has no sweep section (or give a sweep file: { \"scenario\": ..., \"sweep\": {...} }).")]);
    }
}
