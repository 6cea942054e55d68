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
    /// <summary>Largest scenario file accepted: loading is linear, but a file this size already holds ~1.2 M timeline actions.</summary>
    public const long MaxFileBytes = 100L * 1024 * 1024;

    /// <summary>Loads and validates <paramref name="path"/> with optional overrides ("json.path" → value).</summary>
    /// <exception cref="ScenarioException">The file or an override is invalid; every problem is listed.</exception>
    public static Scenario Load(string path, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var errors = new List<ScenarioError>();
        if (Directory.Exists(path))
        {
            throw new ScenarioException([new ScenarioError("$", $"'{path}' is a folder; name a scenario file (.json).")]);
        }

        if (!File.Exists(path))
        {
            throw new ScenarioException([new ScenarioError("$", $"'{path}' does not exist.")]);
        }

        if (new FileInfo(path).Length > MaxFileBytes)
        {
            throw new ScenarioException([new ScenarioError("$", $"'{path}' is {new FileInfo(path).Length / 1048576.0:0.#} MiB; scenario files are limited to {MaxFileBytes / 1048576} MiB (a timeline of 10^6 actions is ~80 MiB).")]);
        }

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
            // The parser's message ends with its own zero-based "LineNumber: 3 | BytePositionInLine: 0."; say it once, from 1.
            var message = e.Message.Split(" LineNumber:", 2)[0].Split(" Path:", 2)[0];
            throw new ScenarioException([new ScenarioError("$", $"not valid JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}): {message}")]);
        }

        Dictionary<string, string?> data;
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ScenarioException([new ScenarioError("$", $"a scenario is a JSON object ({{ \"name\": ..., \"duration\": ..., ... }}); this file holds {Describe(doc.RootElement.ValueKind)}.")]);
            }

            StructureValidator.Validate(doc.RootElement, typeof(Scenario), "$", errors);
            data = IndexedConfiguration.Flatten(doc.RootElement);
        }

        foreach (var (key, value) in CheckOverrides(overrides, data, errors))
        {
            data[key] = value;
        }

        // Two views of the data: the expect block and "$schema" (read by ExpectReader, not the binder), and the rest.
        static bool ReadApart(string key) =>
            key.StartsWith("$schema", StringComparison.OrdinalIgnoreCase) ||
            key.Equals("expect", StringComparison.OrdinalIgnoreCase) ||
            key.StartsWith("expect:", StringComparison.OrdinalIgnoreCase);
        var configuration = IndexedConfiguration.Build(data.Where(kv => ReadApart(kv.Key)));
        // "$schema" is an editor hint; the binder's unknown-key check ignores [ConfigurationKeyName], so drop it here.
        // Values already reported as structurally wrong are left out too, so the semantic checks below still run
        // on the rest and every problem of the file is reported at once.
        var bad = errors.Select(e => ToConfigKey(e.Path)).ToArray();
        bool Bindable(string key) => !ReadApart(key) &&
            (bad.Length == 0 || !bad.Any(b => key.Equals(b, StringComparison.OrdinalIgnoreCase) || key.StartsWith(b + ":", StringComparison.OrdinalIgnoreCase)));
        static bool Timeline(string key) => key.StartsWith("timeline:", StringComparison.OrdinalIgnoreCase);
        var bindable = IndexedConfiguration.Build(data.Where(kv => Bindable(kv.Key) && !Timeline(kv.Key)));
        Scenario scenario;
        try
        {
            scenario = bindable.Get<Scenario>(o => o.ErrorOnUnknownConfiguration = true) ?? new Scenario();
            scenario.Timeline = FlatListBinder.Bind<TimelineAction>(data.Where(kv => Timeline(kv.Key) && Bindable(kv.Key)), "timeline");
            scenario.Schema = configuration["$schema"];
        }
        catch (InvalidOperationException e)
        {
            errors.Add(new ScenarioError("$", e.Message));
            throw new ScenarioException(errors);
        }

        var structural = errors.Count;
        var (ranges, expected) = ExpectReader.Read(configuration.GetSection("expect"), scenario.Mode, scenario.GroupNames, errors);
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

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

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

    private static Dictionary<string, string?> CheckOverrides(IReadOnlyDictionary<string, string>? overrides, Dictionary<string, string?> file, List<ScenarioError> errors)
    {
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (overrides is null)
        {
            return result;
        }

        foreach (var (path, value) in overrides)
        {
            var (type, allowed, error) = StructureValidator.ResolvePath(path, out var range);
            if (error is not null)
            {
                errors.Add(new ScenarioError(path, error));
                continue;
            }

            if (MissingElement(path, overrides, file) is { } missing)
            {
                errors.Add(new ScenarioError(path, missing));
                continue;
            }

            var shape = ScenarioSchema.ShapeOf(type!);
            if (shape is JsonShape.Object or JsonShape.Map or JsonShape.Array)
            {
                errors.Add(new ScenarioError(path, "an override must name a single value (for example nodes[0].engine.lowWater)."));
                continue;
            }

            var problem = ScenarioSchema.CheckScalarText(value, type!, allowed);
            if (problem is null && range is not null && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                problem = range.Check(number);
            }

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

    /// <summary>
    /// An override may change an element the file has or add elements after the last (a variant can add a quota with
    /// subsystems[0].name, subsystems[0].max, ...), but not leave a gap: nodes[3] on a one-group file would create two
    /// default groups nobody wrote.
    /// </summary>
    private static string? MissingElement(string path, IReadOnlyDictionary<string, string> overrides, Dictionary<string, string?> file)
    {
        var open = path.IndexOf('[', StringComparison.Ordinal);
        while (open >= 0)
        {
            var close = path.IndexOf(']', open);
            if (close < 0 || !int.TryParse(path.AsSpan(open + 1, close - open - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                return null;
            }

            var array = path[..open];
            var count = 0;
            while (file.ContainsKey($"{ToConfigKey(array)}:{count.ToString(CultureInfo.InvariantCulture)}"))
            {
                count++;
            }

            var named = overrides.Keys.Where(k => k.StartsWith(array + "[", StringComparison.OrdinalIgnoreCase))
                .Select(k => int.TryParse(k.AsSpan(array.Length + 1, Math.Max(0, k.IndexOf(']', array.Length) - array.Length - 1)), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : -1)
                .ToHashSet();
            for (var gap = count; gap < index; gap++)
            {
                if (!named.Contains(gap))
                {
                    var has = count == 0 ? "no elements" : $"{count} element(s) (indices 0..{count - 1})";
                    return $"the file has {has} in {array}; overrides may add {array}[{count}] onwards, but {array}[{index}] would leave {array}[{gap}] unwritten.";
                }
            }

            open = path.IndexOf('[', close);
        }

        return null;
    }
}
