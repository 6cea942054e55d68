using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using ConnMgr.Engine;
using ConnMgr.Engine.Trimming;
using Microsoft.Extensions.Configuration;

namespace ConnMgr.Sim.Scenarios;

/// <summary>The JSON shape of a value in a scenario file.</summary>
internal enum JsonShape
{
    Object,
    Array,
    Map,
    String,
    Integer,
    Number,
    Boolean,
    Duration,
}

/// <summary>One JSON property of a scenario type.</summary>
internal sealed record SchemaProperty(string JsonName, PropertyInfo Property)
{
    /// <summary>Marked <see cref="AnyScalarAttribute"/>: takes any scalar (reflected once).</summary>
    public bool AnyScalar { get; } = Property.GetCustomAttributes(typeof(AnyScalarAttribute), false).Length > 0;

    /// <summary>The accepted values of a numeric field, when declared.</summary>
    public RangeOfAttribute? Range { get; } = Property.GetCustomAttribute<RangeOfAttribute>();
}

/// <summary>
/// The scenario format, derived by reflection from the <see cref="Scenario"/> types: the single source for the
/// structural validator, the <c>--set</c> path checker and the generated scenarios/schema.json.
/// </summary>
internal static class ScenarioSchema
{
    /// <summary>Accepted duration text: [d.]hh:mm:ss[.fffffff], as the configuration binder parses it.</summary>
    public const string DurationPattern = @"^-?(\d+\.)?\d{1,2}:\d{2}:\d{2}(\.\d{1,7})?$";

    private static readonly Dictionary<(Type, string), string[]> AllowedStrings = new()
    {
        [(typeof(NodeGroupSpec), nameof(NodeGroupSpec.Profile))] = Profile.Names.ToArray(),
        [(typeof(EngineSpec), nameof(EngineSpec.TrimPolicy))] = TrimPolicies.Names.ToArray(),
        [(typeof(NetworkGroupSpec), nameof(NetworkGroupSpec.Profile))] = Profile.Names.ToArray(),
    };

    // Loading asks these once per element of every array (10^5 timeline actions): reflect once per type and property.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, IReadOnlyList<SchemaProperty>> Properties = new();
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<PropertyInfo, string[]?> Allowed = new();

    public static IReadOnlyList<SchemaProperty> PropertiesOf(Type type) => Properties.GetOrAdd(type, static t =>
        t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .Select(p => new SchemaProperty(p.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? CamelCase(p.Name), p))
            .ToArray());

    public static string[]? AllowedValues(PropertyInfo property) => Allowed.GetOrAdd(property, ReflectAllowedValues);

    private static string[]? ReflectAllowedValues(PropertyInfo property)
    {
        var t = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (t.IsEnum)
        {
            return Enum.GetNames(t).Select(CamelCase).ToArray();
        }

        if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(List<>) && t.GetGenericArguments()[0].IsEnum)
        {
            return Enum.GetNames(t.GetGenericArguments()[0]).Select(CamelCase).ToArray();
        }

        return AllowedStrings.TryGetValue((property.DeclaringType!, property.Name), out var v) ? v : null;
    }

    public static JsonShape ShapeOf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string) || type.IsEnum)
        {
            return JsonShape.String;
        }

        if (type == typeof(int) || type == typeof(long))
        {
            return JsonShape.Integer;
        }

        if (type == typeof(double))
        {
            return JsonShape.Number;
        }

        if (type == typeof(bool))
        {
            return JsonShape.Boolean;
        }

        if (type == typeof(TimeSpan))
        {
            return JsonShape.Duration;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            return JsonShape.Map;
        }

        return typeof(IEnumerable).IsAssignableFrom(type) ? JsonShape.Array : JsonShape.Object;
    }

    /// <summary>The element type of a list or the value type of a map.</summary>
    public static Type ItemType(Type type) => type.GetGenericArguments()[^1];

    public static string CamelCase(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary>Checks one scalar's text against a shape and allowed values; null when fine.</summary>
    public static string? CheckScalarText(string text, Type type, string[]? allowed)
    {
        switch (ShapeOf(type))
        {
            case JsonShape.Integer:
                return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) ? null : $"'{text}' is not an integer.";
            case JsonShape.Number:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? null : $"'{text}' is not a number.";
            case JsonShape.Boolean:
                return bool.TryParse(text, out _) ? null : $"'{text}' is not true or false.";
            case JsonShape.Duration:
                return IsDuration(text) ? null : $"'{text}' is not a duration; write \"hh:mm:ss\" such as \"00:00:30\" (or \"d.hh:mm:ss\", \"00:00:00.080\").";
            default:
                if (allowed is not null && !allowed.Contains(text, StringComparer.OrdinalIgnoreCase))
                {
                    return $"'{text}' is not allowed; allowed values: {string.Join(", ", allowed)}.";
                }

                return null;
        }
    }

    public static bool IsDuration(string text) =>
        System.Text.RegularExpressions.Regex.IsMatch(text, DurationPattern) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out _);

    /// <summary>Describes a JSON value kind in an error message.</summary>
    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };
}
