using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace ConnMgr.Sim.Cli;

/// <summary>
/// Numeric options that parse in the invariant culture and refuse text or out-of-range values in words
/// ("--seed: 'abc' is not a whole number"), where System.CommandLine would name a CLR type.
/// </summary>
internal static class NumberOptions
{
    /// <summary>A whole-number option with a default and an allowed range.</summary>
    public static Option<int> Int(string name, string description, int min, int max, int defaultValue, params string[] aliases) =>
        new(name, aliases)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = r => ParseInt(r, name, min, max) ?? defaultValue,
        };

    /// <summary>
    /// A whole-number option in a range, or the word "auto" (the default), which parses to <paramref name="auto"/>: the
    /// program chooses.
    /// </summary>
    public static Option<int> IntOrAuto(string name, string description, int min, int max, int auto) =>
        new(name)
        {
            Description = description,
            DefaultValueFactory = _ => auto,
            CustomParser = r => Token(r) == "auto" ? auto : ParseInt(r, name, min, max, orAuto: true) ?? auto,
        };

    /// <summary>A whole-number option that may be absent (null).</summary>
    public static Option<int?> OptionalInt(string name, string description, int min, int max) =>
        new(name)
        {
            Description = description,
            CustomParser = r => ParseInt(r, name, min, max),
        };

    /// <summary>A number option with a default and an allowed range.</summary>
    public static Option<double> Double(string name, string description, double min, double max, double defaultValue) =>
        new(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = r =>
            {
                var text = Token(r);
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
                {
                    r.AddError($"{name}: '{text}' is not a number (for example {defaultValue.ToString(CultureInfo.InvariantCulture)}).");
                    return defaultValue;
                }

                if (v < min || v > max)
                {
                    r.AddError($"{name}: {text} is out of range; allowed {min.ToString(CultureInfo.InvariantCulture)}..{max.ToString(CultureInfo.InvariantCulture)}.");
                }

                return v;
            },
        };

    private static int? ParseInt(ArgumentResult r, string name, int min, int max, bool orAuto = false)
    {
        var text = Token(r);
        var range = $"{min.ToString(CultureInfo.InvariantCulture)}..{max.ToString(CultureInfo.InvariantCulture)}{(orAuto ? " or auto" : "")}";
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
        {
            r.AddError($"{name}: '{text}' is not a whole number in {range}.");
            return null;
        }

        if (v < min || v > max)
        {
            r.AddError($"{name}: {text} is out of range; allowed {range}.");
        }

        return v;
    }

    private static string Token(ArgumentResult r) => r.Tokens.Count > 0 ? r.Tokens[^1].Value : "";
}
