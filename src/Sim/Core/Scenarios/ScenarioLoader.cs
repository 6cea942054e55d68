using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace ConnMgr.Sim.Scenarios;

/// <summary>
/// Loads a scenario: structural validation of the raw JSON, overrides (<c>--set</c>, variants) checked against the
/// format, binding with Microsoft.Extensions.Configuration (unknown keys are errors), then semantic validation.
/// Every problem is collected, with its JSON path, before any simulation work.
/// </summary>
public static class ScenarioLoader
{
    /// <summary>Loads and validates <paramref name="path"/> with optional overrides ("json.path" → value).</summary>
    /// <exception cref="ScenarioException">The file or an override is invalid; every problem is listed.</exception>
    public static Scenario Load(string path, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var errors = new List<ScenarioError>();
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new ScenarioException([new ScenarioError("$", $"cannot read '{path}': {e.Message}")]);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ScenarioException([new ScenarioError("$", $"cannot read '{path}': {e.Message}")]);
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new ScenarioException([new ScenarioError("$", $"not valid JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}): {e.Message}")]);
        }

        using (doc)
        {
            StructureValidator.Validate(doc.RootElement, typeof(Scenario), "$", errors);
        }

        var configOverrides = CheckOverrides(overrides, errors);

        var full = Path.GetFullPath(path);
        var configuration = new ConfigurationBuilder()
            .SetBasePath(Path.GetDirectoryName(full)!)
            .AddJsonFile(Path.GetFileName(full), optional: false, reloadOnChange: false)
            .AddInMemoryCollection(configOverrides)
            .Build();
        // "$schema" is an editor hint; the binder's unknown-key check ignores [ConfigurationKeyName], so drop it here.
        // Values already reported as structurally wrong are left out too, so the semantic checks below still run
        // on the rest and every problem of the file is reported at once.
        var bad = errors.Select(e => ToConfigKey(e.Path)).ToArray();
        var bindable = new ConfigurationBuilder()
            .AddInMemoryCollection(configuration.AsEnumerable().Where(kv =>
                !kv.Key.StartsWith("$schema", StringComparison.OrdinalIgnoreCase) &&
                !kv.Key.Equals("expect", StringComparison.OrdinalIgnoreCase) &&
                !kv.Key.StartsWith("expect:", StringComparison.OrdinalIgnoreCase) &&
                !bad.Any(b => kv.Key.Equals(b, StringComparison.OrdinalIgnoreCase) || kv.Key.StartsWith(b + ":", StringComparison.OrdinalIgnoreCase))))
            .Build();
        Scenario scenario;
        try
        {
            scenario = bindable.Get<Scenario>(o => o.ErrorOnUnknownConfiguration = true) ?? new Scenario();
            scenario.Schema = configuration["$schema"];
        }
        catch (InvalidOperationException e)
        {
            errors.Add(new ScenarioError("$", e.Message));
            throw new ScenarioException(errors);
        }

        var structural = errors.Count;
        var (ranges, expected) = ExpectReader.Read(configuration.GetSection("expect"), scenario.Mode, errors);
        scenario.Expect = ranges;
        scenario.SetExpectations(expected);
        ScenarioValidator.Validate(scenario, errors);
        if (structural > 0)
        {
            // A semantic complaint about a value we dropped (e.g. "duration must be > 0" after a bare number) is noise.
            var reported = errors.Take(structural).Select(e => e.Path).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var kept = errors.Take(structural).Concat(errors.Skip(structural).Where(e => !reported.Any(r => e.Path.StartsWith(r, StringComparison.OrdinalIgnoreCase)))).ToList();
            errors.Clear();
            errors.AddRange(kept);
        }

        if (errors.Count > 0)
        {
            throw new ScenarioException(errors);
        }

        return scenario;
    }

    /// <summary>Parses <c>path=value</c> arguments of <c>--set</c>.</summary>
    /// <exception cref="ScenarioException">An argument has no '='.</exception>
    public static Dictionary<string, string> ParseSets(IEnumerable<string> sets)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<ScenarioError>();
        foreach (var s in sets)
        {
            var eq = s.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                errors.Add(new ScenarioError("--set", $"'{s}' is not path=value (for example nodes[0].engine.lowWater=40)."));
                continue;
            }

            result[s[..eq].Trim()] = s[(eq + 1)..].Trim();
        }

        return errors.Count > 0 ? throw new ScenarioException(errors) : result;
    }

    /// <summary>Converts "nodes[0].engine.lowWater" to the configuration key "nodes:0:engine:lowWater".</summary>
    public static string ToConfigKey(string jsonPath) =>
        jsonPath.Replace("[", ":", StringComparison.Ordinal).Replace("]", "", StringComparison.Ordinal).Replace('.', ':');

    private static Dictionary<string, string?> CheckOverrides(IReadOnlyDictionary<string, string>? overrides, List<ScenarioError> errors)
    {
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (overrides is null)
        {
            return result;
        }

        foreach (var (path, value) in overrides)
        {
            var (type, allowed, error) = StructureValidator.ResolvePath(path);
            if (error is not null)
            {
                errors.Add(new ScenarioError(path, error));
                continue;
            }

            var shape = ScenarioSchema.ShapeOf(type!);
            if (shape is JsonShape.Object or JsonShape.Map or JsonShape.Array)
            {
                errors.Add(new ScenarioError(path, "an override must name a single value (for example nodes[0].engine.lowWater)."));
                continue;
            }

            var problem = ScenarioSchema.CheckScalarText(value, type!, allowed);
            if (problem is not null)
            {
                errors.Add(new ScenarioError(path, problem));
                continue;
            }

            result[ToConfigKey(path)] = shape == JsonShape.Number
                ? double.Parse(value, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture)
                : value;
        }

        return result;
    }
}
