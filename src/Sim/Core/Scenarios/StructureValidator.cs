using System.Globalization;
using System.Text.Json;

namespace ConnMgr.Sim.Scenarios;

/// <summary>
/// Walks the raw JSON against <see cref="ScenarioSchema"/> before anything is bound: unknown keys, wrong types,
/// bare-number durations and values outside their allowed set, each reported with its JSON path. (The binder alone
/// would read a bare 90 as 90 days and ignore unknown keys inside arrays.)
/// </summary>
internal static class StructureValidator
{
    public static void Validate(JsonElement element, Type type, string path, List<ScenarioError> errors, string[]? allowed = null)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            if (!IsNullable(type))
            {
                errors.Add(new ScenarioError(path, "null is not allowed here."));
            }

            return;
        }

        switch (ScenarioSchema.ShapeOf(type))
        {
            case JsonShape.Object:
                ValidateObject(element, Nullable.GetUnderlyingType(type) ?? type, path, errors);
                break;
            case JsonShape.Array:
                if (Expect(element, JsonValueKind.Array, "an array", path, errors))
                {
                    var i = 0;
                    foreach (var item in element.EnumerateArray())
                    {
                        Validate(item, ScenarioSchema.ItemType(type), $"{path}[{i++}]", errors, allowed);
                    }
                }

                break;
            case JsonShape.Map:
                if (Expect(element, JsonValueKind.Object, "an object of name → value", path, errors))
                {
                    foreach (var p in element.EnumerateObject())
                    {
                        Validate(p.Value, ScenarioSchema.ItemType(type), $"{path}.{p.Name}", errors);
                    }
                }

                break;
            case JsonShape.Duration:
                if (element.ValueKind == JsonValueKind.Number)
                {
                    errors.Add(new ScenarioError(path, $"bare number {element.GetRawText()} is not a duration; write a string \"hh:mm:ss\" such as \"00:00:30\" (a bare number would be read as days)."));
                }
                else if (Expect(element, JsonValueKind.String, "a duration string \"hh:mm:ss\"", path, errors))
                {
                    Add(ScenarioSchema.CheckScalarText(element.GetString()!, type, null), path, errors);
                }

                break;
            case JsonShape.Integer:
                if (Expect(element, JsonValueKind.Number, "an integer", path, errors) && !element.TryGetInt32(out _))
                {
                    errors.Add(new ScenarioError(path, $"{element.GetRawText()} is not an integer in the 32-bit range."));
                }

                break;
            case JsonShape.Number:
                Expect(element, JsonValueKind.Number, "a number", path, errors);
                break;
            case JsonShape.Boolean:
                if (element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    errors.Add(new ScenarioError(path, $"expected true or false, found {ScenarioSchema.Describe(element.ValueKind)}."));
                }

                break;
            default:
                if (Expect(element, JsonValueKind.String, "a string", path, errors))
                {
                    Add(ScenarioSchema.CheckScalarText(element.GetString()!, type, allowed), path, errors);
                }

                break;
        }
    }

    private static void ValidateObject(JsonElement element, Type type, string path, List<ScenarioError> errors)
    {
        if (!Expect(element, JsonValueKind.Object, "an object", path, errors))
        {
            return;
        }

        var props = ScenarioSchema.PropertiesOf(type);
        foreach (var p in element.EnumerateObject())
        {
            var childPath = path == "$" ? p.Name : $"{path}.{p.Name}";
            if (type == typeof(Scenario) && string.Equals(p.Name, "expect", StringComparison.OrdinalIgnoreCase))
            {
                continue; // read against the metric catalog by ExpectReader, after overrides
            }

            var match = props.FirstOrDefault(x => string.Equals(x.JsonName, p.Name, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                errors.Add(new ScenarioError(childPath, $"unknown key '{p.Name}'; allowed keys here: {string.Join(", ", props.Select(x => x.JsonName))}."));
                continue;
            }

            if (match.AnyScalar)
            {
                AnyScalars(p.Value, childPath, errors);
                continue;
            }

            var before = errors.Count;
            Validate(p.Value, match.Property.PropertyType, childPath, errors, ScenarioSchema.AllowedValues(match.Property));
            if (errors.Count == before && match.Range is { } range && p.Value.ValueKind == JsonValueKind.Number && range.Check(p.Value.GetDouble()) is { } outside)
            {
                errors.Add(new ScenarioError(childPath, outside));
            }
        }
    }

    private static void AnyScalars(JsonElement element, string path, List<ScenarioError> errors)
    {
        if (!Expect(element, JsonValueKind.Array, "an array of values", path, errors))
        {
            return;
        }

        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False))
            {
                errors.Add(new ScenarioError($"{path}[{i}]", $"expected a number, string or boolean, found {ScenarioSchema.Describe(item.ValueKind)}."));
            }

            i++;
        }
    }

    private static bool Expect(JsonElement e, JsonValueKind kind, string what, string path, List<ScenarioError> errors)
    {
        if (e.ValueKind == kind)
        {
            return true;
        }

        errors.Add(new ScenarioError(path, $"expected {what}, found {ScenarioSchema.Describe(e.ValueKind)} {Shorten(e.GetRawText())}."));
        return false;
    }

    private static void Add(string? message, string path, List<ScenarioError> errors)
    {
        if (message is not null)
        {
            errors.Add(new ScenarioError(path, message));
        }
    }

    private static bool IsNullable(Type t) => !t.IsValueType || Nullable.GetUnderlyingType(t) is not null;

    private static string Shorten(string raw) => raw.Length <= 40 ? raw : string.Concat(raw.AsSpan(0, 37), "...");

    /// <summary>Resolves an override path ("nodes[0].engine.lowWater") to its property type, or explains why not.</summary>
    public static (Type? Type, string[]? Allowed, string? Error) ResolvePath(string jsonPath) =>
        ResolvePath(jsonPath, out _);

    /// <summary>As <see cref="ResolvePath(string)"/>, also giving the field's declared range.</summary>
    public static (Type? Type, string[]? Allowed, string? Error) ResolvePath(string jsonPath, out RangeOfAttribute? range)
    {
        range = null;
        var type = typeof(Scenario);
        string[]? allowed = null;
        foreach (var raw in jsonPath.Split('.'))
        {
            var segment = raw;
            var indices = new List<string>();
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            if (bracket >= 0)
            {
                foreach (var part in segment[bracket..].Split('[', StringSplitOptions.RemoveEmptyEntries))
                {
                    indices.Add(part.TrimEnd(']'));
                }

                segment = segment[..bracket];
            }

            var shape = ScenarioSchema.ShapeOf(type);
            if (shape == JsonShape.Map)
            {
                type = ScenarioSchema.ItemType(type);
                continue;
            }

            if (shape != JsonShape.Object)
            {
                return (null, null, $"'{segment}' cannot follow a value.");
            }

            var props = ScenarioSchema.PropertiesOf(Nullable.GetUnderlyingType(type) ?? type);
            var match = props.FirstOrDefault(p => string.Equals(p.JsonName, segment, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                return (null, null, $"unknown key '{segment}'; allowed keys here: {string.Join(", ", props.Select(x => x.JsonName))}.");
            }

            type = match.Property.PropertyType;
            allowed = ScenarioSchema.AllowedValues(match.Property);
            range = match.Range;
            foreach (var index in indices)
            {
                if (ScenarioSchema.ShapeOf(type) != JsonShape.Array || !int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    return (null, null, $"'{segment}[{index}]' is not a list element.");
                }

                type = ScenarioSchema.ItemType(type);
            }
        }

        return (type, allowed, null);
    }
}
