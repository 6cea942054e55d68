using System.Reflection;
using System.Text.Json;
using System.Xml.Linq;

namespace ConnMgr.Sim.Scenarios;

/// <summary>
/// Generates scenarios/schema.json (JSON Schema 2020-12) from the same reflection model the validator uses, with
/// descriptions taken from the scenario types' XML documentation. A test keeps the committed file in sync.
/// </summary>
public static class JsonSchemaGenerator
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The schema as indented JSON with LF line ends.</summary>
    public static string Generate()
    {
        var docs = LoadDocs();
        var defs = new SortedDictionary<string, object>(StringComparer.Ordinal);
        var root = ObjectSchema(typeof(Scenario), defs, docs);
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        root["$id"] = "https://connmgr.sim/scenarios/schema.json";
        root["title"] = "ConnMgr.Sim scenario";
        root["required"] = new[] { "name", "duration", "nodes" };
        root["$defs"] = defs;
        var json = JsonSerializer.Serialize(root, Indented);
        return json.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    private static SortedDictionary<string, object> ObjectSchema(Type type, SortedDictionary<string, object> defs, Dictionary<string, string> docs)
    {
        var props = new SortedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var p in ScenarioSchema.PropertiesOf(type))
        {
            var s = type == typeof(Scenario) && p.JsonName == "expect"
                ? ExpectSchema(defs, docs)
                : p.Property.GetCustomAttributes(typeof(AnyScalarAttribute), false).Length > 0
                    ? new SortedDictionary<string, object>(StringComparer.Ordinal) { ["type"] = "array", ["items"] = new Dictionary<string, object> { ["type"] = new[] { "string", "number", "boolean" } } }
                    : ValueSchema(p.Property.PropertyType, ScenarioSchema.AllowedValues(p.Property), defs, docs);
            if (docs.TryGetValue($"P:{type.FullName}.{p.Property.Name}", out var doc))
            {
                s["description"] = doc;
            }

            if (p.Range is { } range)
            {
                s["minimum"] = range.Min;
                s["maximum"] = range.Max;
            }

            props[p.JsonName] = s;
        }

        return new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["type"] = "object",
            ["properties"] = props,
            ["additionalProperties"] = false,
        };
    }

    /// <summary>The expect block: one property per key of the metric catalog, its value shaped by the key's kind.</summary>
    private static SortedDictionary<string, object> ExpectSchema(SortedDictionary<string, object> defs, Dictionary<string, string> docs)
    {
        var range = ValueSchema(typeof(RangeSpec), null, defs, docs);
        var props = new SortedDictionary<string, object>(StringComparer.Ordinal);
        var patterns = new SortedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var e in Results.MetricCatalog.Expectations)
        {
            object schema = e.Kind switch
            {
                Results.ExpectationKind.Flag => new SortedDictionary<string, object>(StringComparer.Ordinal) { ["type"] = "boolean" },
                Results.ExpectationKind.AtMost => new SortedDictionary<string, object>(StringComparer.Ordinal)
                {
                    ["oneOf"] = new object[] { new Dictionary<string, object> { ["type"] = "number" }, new Dictionary<string, object> { ["type"] = "string", ["pattern"] = ScenarioSchema.DurationPattern }, range },
                },
                Results.ExpectationKind.Exactly => new SortedDictionary<string, object>(StringComparer.Ordinal) { ["oneOf"] = new object[] { new Dictionary<string, object> { ["type"] = "number" }, range } },
                // A copy per key: the description below is per key, and a shared object would carry the last one.
                _ => new SortedDictionary<string, object>(range, StringComparer.Ordinal),
            };
            ((IDictionary<string, object>)schema)["description"] = $"{e.Description} (summary column {e.Column}; {e.Mode.ToString().ToLowerInvariant()} runs).";
            props[e.Key] = schema;
            patterns[$"^{e.Key}@[^@]+$"] = schema; // the same check on one group's row
        }

        return new SortedDictionary<string, object>(StringComparer.Ordinal) { ["type"] = "object", ["properties"] = props, ["patternProperties"] = patterns, ["additionalProperties"] = false };
    }

    private static SortedDictionary<string, object> ValueSchema(Type type, string[]? allowed, SortedDictionary<string, object> defs, Dictionary<string, string> docs)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        var nullable = Nullable.GetUnderlyingType(type) is not null;
        SortedDictionary<string, object> s;
        switch (ScenarioSchema.ShapeOf(t))
        {
            case JsonShape.Object:
                if (!defs.ContainsKey(t.Name))
                {
                    defs[t.Name] = new SortedDictionary<string, object>();
                    defs[t.Name] = ObjectSchema(t, defs, docs);
                }

                return new SortedDictionary<string, object>(StringComparer.Ordinal) { ["$ref"] = $"#/$defs/{t.Name}" };
            case JsonShape.Array:
                s = new(StringComparer.Ordinal) { ["type"] = "array", ["items"] = ValueSchema(ScenarioSchema.ItemType(t), allowed, defs, docs) };
                break;
            case JsonShape.Map:
                s = new(StringComparer.Ordinal) { ["type"] = "object", ["additionalProperties"] = ValueSchema(ScenarioSchema.ItemType(t), null, defs, docs) };
                break;
            case JsonShape.Integer:
                s = new(StringComparer.Ordinal) { ["type"] = "integer" };
                break;
            case JsonShape.Number:
                s = new(StringComparer.Ordinal) { ["type"] = "number" };
                break;
            case JsonShape.Boolean:
                s = new(StringComparer.Ordinal) { ["type"] = "boolean" };
                break;
            case JsonShape.Duration:
                s = new(StringComparer.Ordinal) { ["type"] = "string", ["pattern"] = ScenarioSchema.DurationPattern };
                break;
            default:
                s = new(StringComparer.Ordinal) { ["type"] = "string" };
                if (allowed is not null)
                {
                    s["enum"] = allowed;
                }

                break;
        }

        if (nullable && s.TryGetValue("type", out var ty))
        {
            s["type"] = new[] { (string)ty, "null" };
            if (s.TryGetValue("enum", out var e))
            {
                s["enum"] = ((string[])e).Cast<string?>().Append(null).ToArray();
            }
        }

        return s;
    }

    private static Dictionary<string, string> LoadDocs()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var xml = Path.ChangeExtension(typeof(Scenario).Assembly.Location, ".xml");
        if (!File.Exists(xml))
        {
            return result;
        }

        foreach (var member in XDocument.Load(xml).Descendants("member"))
        {
            var name = member.Attribute("name")?.Value;
            var summary = member.Element("summary");
            if (name is null || summary is null)
            {
                continue;
            }

            var text = string.Concat(summary.Nodes().Select(n => n is XElement e ? (e.Attribute("cref")?.Value.Split('.').Last() ?? e.Value) : n.ToString()));
            result[name] = System.Text.RegularExpressions.Regex.Replace(text.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal), @"\s+", " ").Trim();
        }

        return result;
    }
}
