using System.Globalization;
using ConnMgr.Sim.Results;
using Microsoft.Extensions.Configuration;

namespace ConnMgr.Sim.Scenarios;

/// <summary>
/// Reads a scenario's <c>expect</c> block (after overrides) against <see cref="MetricCatalog"/>: every key must be a
/// registered expectation for the scenario's mode, and its value of the kind the key declares (a range
/// <c>{min, max}</c>; a number or duration for "at most"; a number for "exactly"; a boolean for a flag). A key checks the
/// summary's <c>all</c> row, or one group's row when written <c>key@group</c> (<c>meanCount@server</c>): a calibration
/// figure is usually about one kind of node.
/// </summary>
internal static class ExpectReader
{
    public static (Dictionary<string, RangeSpec> Ranges, List<ExpectedRange> Expected) Read(IConfigurationSection section, RunMode mode, IReadOnlyList<string> groups, List<ScenarioError> errors)
    {
        var ranges = new Dictionary<string, RangeSpec>(StringComparer.Ordinal);
        var expected = new List<ExpectedRange>();
        if (section.Value is { } notObject)
        {
            errors.Add(new ScenarioError("expect", $"expected an object of key → range, found '{notObject}'."));
            return (ranges, expected);
        }

        foreach (var child in section.GetChildren().OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var path = $"expect.{child.Key}";
            var at = child.Key.IndexOf('@', StringComparison.Ordinal);
            var key = at < 0 ? child.Key : child.Key[..at];
            var group = at < 0 ? ResultRow.All : child.Key[(at + 1)..];
            var declaration = MetricCatalog.FindExpectation(key);
            if (declaration is null)
            {
                var allowed = MetricCatalog.Expectations.Where(e => (e.Mode & mode) != 0).Select(e => e.Key).Order(StringComparer.Ordinal);
                errors.Add(new ScenarioError(path, $"unknown expectation '{key}'; allowed keys here: {string.Join(", ", allowed)} (each optionally @group)."));
                continue;
            }

            if (at >= 0 && !groups.Contains(group, StringComparer.Ordinal))
            {
                errors.Add(new ScenarioError(path, $"unknown group '{group}' after '@'; allowed groups here: {string.Join(", ", groups)}."));
                continue;
            }

            if ((declaration.Mode & mode) == 0)
            {
                errors.Add(new ScenarioError(path, $"'{declaration.Key}' applies to {declaration.Mode.ToString().ToLowerInvariant()} runs only; this is a {mode.ToString().ToLowerInvariant()} scenario."));
                continue;
            }

            var range = child.Value is { } scalar ? FromScalar(scalar, declaration, path, errors) : FromObject(child, path, errors);
            if (range is null)
            {
                continue;
            }

            ranges[at < 0 ? declaration.Key : $"{declaration.Key}@{group}"] = range;
            expected.Add(new ExpectedRange(path, declaration, range.Min, range.Max) { Group = group });
        }

        return (ranges, expected);
    }

    private static RangeSpec? FromScalar(string text, Expectation d, string path, List<ScenarioError> errors)
    {
        switch (d.Kind)
        {
            case ExpectationKind.Flag:
                if (bool.TryParse(text, out var flag))
                {
                    return flag ? new RangeSpec { Max = 0 } : null;
                }

                errors.Add(new ScenarioError(path, $"'{text}' is not true or false."));
                return null;
            case ExpectationKind.AtMost when ScenarioSchema.IsDuration(text):
                return new RangeSpec { Max = TimeSpan.Parse(text, CultureInfo.InvariantCulture).TotalSeconds };
            case ExpectationKind.AtMost or ExpectationKind.Exactly:
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v))
                {
                    return d.Kind == ExpectationKind.AtMost ? new RangeSpec { Max = v } : new RangeSpec { Min = v, Max = v };
                }

                errors.Add(new ScenarioError(path, $"'{text}' is not a number{(d.Kind == ExpectationKind.AtMost ? " or a duration \"hh:mm:ss\"" : "")}; or give {{ \"min\": ..., \"max\": ... }}."));
                return null;
            default:
                errors.Add(new ScenarioError(path, $"'{d.Key}' takes a range {{ \"min\": ..., \"max\": ... }} (either bound may be left out), not '{text}'."));
                return null;
        }
    }

    private static RangeSpec? FromObject(IConfigurationSection section, string path, List<ScenarioError> errors)
    {
        var range = new RangeSpec();
        var ok = true;
        foreach (var bound in section.GetChildren())
        {
            var value = bound.Value;
            double? parsed = value is not null && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;
            switch (bound.Key.ToLowerInvariant())
            {
                case "min" when parsed is not null:
                    range.Min = parsed;
                    break;
                case "max" when parsed is not null:
                    range.Max = parsed;
                    break;
                case "min" or "max":
                    errors.Add(new ScenarioError($"{path}.{bound.Key}", $"'{value ?? "an object"}' is not a number."));
                    ok = false;
                    break;
                default:
                    errors.Add(new ScenarioError($"{path}.{bound.Key}", $"unknown key '{bound.Key}'; allowed keys here: min, max."));
                    ok = false;
                    break;
            }
        }

        if (!ok)
        {
            return null;
        }

        if (range.Min is null && range.Max is null)
        {
            errors.Add(new ScenarioError(path, "give min, max or both."));
            return null;
        }

        if (range.Min > range.Max)
        {
            errors.Add(new ScenarioError(path, $"min {range.Min} is above max {range.Max}."));
            return null;
        }

        return range;
    }
}
