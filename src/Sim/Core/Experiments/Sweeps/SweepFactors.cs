using System.Globalization;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Experiments.Sweeps;

/// <summary>One factor made concrete: its name, path, and its levels as override text (what <c>--set</c> would take).</summary>
/// <param name="Name">Short name.</param>
/// <param name="Path">JSON path.</param>
/// <param name="Levels">Level values as text.</param>
/// <param name="Continuous">For random and lhs designs: the value at u in [0, 1) (ranges are continuous; lists pick a level).</param>
internal sealed record Factor(string Name, string Path, string[] Levels, Func<double, string> Continuous);

/// <summary>Reads a sweep's factors: every path resolved against the scenario format, every level checked for its type.</summary>
internal static class SweepFactors
{
    /// <summary>The design's dimensions (a factor, or a zip group of factors with equal level counts), with every problem named by its path.</summary>
    public static List<Factor[]> Read(SweepSpec sweep, string path, List<ScenarioError> errors)
    {
        var dimensions = new List<Factor[]>();
        for (var i = 0; i < sweep.Factors.Count; i++)
        {
            var spec = sweep.Factors[i];
            var p = $"{path}.factors[{i}]";
            if (spec.Zip is { Count: > 0 } zip)
            {
                var members = new List<Factor>();
                for (var j = 0; j < zip.Count; j++)
                {
                    if (zip[j].Zip is not null)
                    {
                        errors.Add(new ScenarioError($"{p}.zip[{j}].zip", "zip groups do not nest."));
                    }
                    else if (One(zip[j], $"{p}.zip[{j}]", errors) is { } f)
                    {
                        members.Add(f);
                    }
                }

                if (members.Select(m => m.Levels.Length).Distinct().Count() > 1)
                {
                    errors.Add(new ScenarioError($"{p}.zip", $"factors varied in parallel need the same number of levels; found {string.Join(", ", members.Select(m => $"{m.Name}: {m.Levels.Length}"))}."));
                }
                else if (members.Count > 0)
                {
                    dimensions.Add([.. members]);
                }
            }
            else if (One(spec, p, errors) is { } f)
            {
                dimensions.Add([f]);
            }
        }

        var names = dimensions.SelectMany(d => d).GroupBy(f => f.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        foreach (var n in names)
        {
            errors.Add(new ScenarioError($"{path}.factors", $"two factors are named '{n}'; give one a \"name\"."));
        }

        if (dimensions.Count == 0 && sweep.Factors.Count == 0)
        {
            errors.Add(new ScenarioError($"{path}.factors", "a sweep needs at least one factor."));
        }

        return dimensions;
    }

    private static Factor? One(FactorSpec f, string p, List<ScenarioError> errors)
    {
        var (type, allowed, error) = StructureValidator.ResolvePath(f.Path);
        if (f.Path.Length == 0 || error is not null || type is null)
        {
            errors.Add(new ScenarioError($"{p}.path", error ?? "a factor needs the JSON path of the value it varies (e.g. nodes[0].engine.lowWater)."));
            return null;
        }

        var shape = ScenarioSchema.ShapeOf(type);
        if (shape is JsonShape.Object or JsonShape.Array or JsonShape.Map)
        {
            errors.Add(new ScenarioError($"{p}.path", $"'{f.Path}' is not a single value."));
            return null;
        }

        var name = f.Name ?? f.Path.Split('.')[^1].Split('[')[0];
        var integer = shape == JsonShape.Integer;
        string Number(double v) => integer ? Math.Round(v).ToString("0", CultureInfo.InvariantCulture) : v.ToString("R", CultureInfo.InvariantCulture);
        string[] levels;
        Func<double, string> continuous;
        if (f.Values is { } values)
        {
            if (f.From is not null || f.To is not null || f.Step is not null || f.Count is not null)
            {
                errors.Add(new ScenarioError(p, "give either values or a range (from, to, step or count), not both."));
                return null;
            }

            if (values.Count == 0)
            {
                errors.Add(new ScenarioError($"{p}.values", "needs at least one value."));
                return null;
            }

            levels = [.. values];
            continuous = u => levels[Math.Min(levels.Length - 1, (int)(u * levels.Length))];
        }
        else
        {
            if (shape is not (JsonShape.Integer or JsonShape.Number))
            {
                errors.Add(new ScenarioError(p, $"'{f.Path}' is not numeric: give its levels as values."));
                return null;
            }

            if (f.From is not { } from || f.To is not { } to || !(to > from))
            {
                errors.Add(new ScenarioError(p, "a range needs from < to (or give values)."));
                return null;
            }

            if (f.Scale == FactorScale.Log)
            {
                if (!(from > 0) || f.Count is not >= 2 || f.Step is not null)
                {
                    errors.Add(new ScenarioError(p, "a log range needs from > 0 and count >= 2 (no step)."));
                    return null;
                }

                var k = f.Count.Value;
                levels = [.. Enumerable.Range(0, k).Select(i => Number(from * Math.Pow(to / from, i / (double)(k - 1))))];
                continuous = u => Number(from * Math.Pow(to / from, u));
            }
            else if (f.Step is { } step && f.Count is null)
            {
                if (!(step > 0) || (to - from) / step > 100_000)
                {
                    errors.Add(new ScenarioError($"{p}.step", "must be > 0 and give at most 100,000 levels."));
                    return null;
                }

                var n = (int)Math.Floor(((to - from) / step) + 1e-9) + 1;
                levels = [.. Enumerable.Range(0, n).Select(i => Number(from + (i * step)))];
                continuous = u => Number(from + (u * (to - from)));
            }
            else if (f.Count is >= 2 and <= 100_000 && f.Step is null)
            {
                var k = f.Count.Value;
                levels = [.. Enumerable.Range(0, k).Select(i => Number(from + ((to - from) * i / (k - 1))))];
                continuous = u => Number(from + (u * (to - from)));
            }
            else
            {
                errors.Add(new ScenarioError(p, "a linear range needs either step > 0 or count in [2, 100000]."));
                return null;
            }
        }

        foreach (var level in levels.Distinct())
        {
            if (ScenarioSchema.CheckScalarText(level, type, allowed) is { } problem)
            {
                errors.Add(new ScenarioError(p, $"level {problem}"));
                return null;
            }
        }

        return new Factor(name, f.Path, levels, continuous);
    }
}
