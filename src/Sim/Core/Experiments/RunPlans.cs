using System.Globalization;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Experiments;

/// <summary>Which configurations of a scenario an expansion covers.</summary>
public enum VariantSelection
{
    /// <summary>The scenario as written (with the overrides given).</summary>
    Base,

    /// <summary>Each variant (compare).</summary>
    Variants,

    /// <summary>The scenario as written, then each variant (check).</summary>
    BaseAndVariants,
}

/// <summary>The one expansion of a scenario into runs: base × variants × seeds.</summary>
public static class RunPlans
{
    /// <summary>
    /// Plans for <paramref name="scenarioPath"/>: the selected configurations, each with <paramref name="sets"/> (a
    /// variant's own set overrides them) and, per seed, the seed override. Validates the base scenario first.
    /// </summary>
    /// <param name="scenarioPath">The scenario file.</param>
    /// <param name="sets">--set overrides.</param>
    /// <param name="seeds">Seeds to run; empty = the scenario's own seed.</param>
    /// <param name="selection">Base, variants or both.</param>
    /// <param name="outputRoot">Folder of the base run; variants go to outputRoot/variant; several seeds add /seed-N. Null = results/&lt;name&gt;.</param>
    /// <exception cref="ScenarioException">The scenario or an override is invalid, or variants were asked of a scenario without them.</exception>
    public static IReadOnlyList<RunPlan> Expand(string scenarioPath, IReadOnlyDictionary<string, string> sets, IReadOnlyList<int> seeds, VariantSelection selection, string? outputRoot)
    {
        ArgumentNullException.ThrowIfNull(sets);
        ArgumentNullException.ThrowIfNull(seeds);
        var baseScenario = ScenarioLoader.Load(scenarioPath, WithSeed(sets, seeds.Count > 0 ? seeds[0] : null));
        if (selection == VariantSelection.Variants && baseScenario.Variants.Count == 0)
        {
            throw new ScenarioException([new ScenarioError("variants", "compare needs at least one variant (name + set of overrides).")]);
        }

        var root = outputRoot ?? Path.Combine("results", baseScenario.Name);
        OutputFolder.Check(root);
        var configurations = new List<(string? Variant, Dictionary<string, string> Set)>();
        if (selection != VariantSelection.Variants)
        {
            configurations.Add((null, new Dictionary<string, string>(sets, StringComparer.Ordinal)));
        }

        if (selection != VariantSelection.Base)
        {
            foreach (var v in baseScenario.Variants)
            {
                var set = new Dictionary<string, string>(sets, StringComparer.Ordinal);
                foreach (var (k, value) in v.Set)
                {
                    set[k] = value;
                }

                configurations.Add((v.Name, set));
            }
        }

        var plans = new List<RunPlan>();
        foreach (var (variant, set) in configurations)
        {
            var label = variant is null ? baseScenario.Name : $"{baseScenario.Name}/{variant}";
            var dir = variant is null ? root : Path.Combine(root, variant);
            foreach (var seed in seeds.Count == 0 ? [(int?)null] : seeds.Select(s => (int?)s))
            {
                var folder = seeds.Count > 1 ? Path.Combine(dir, $"seed-{seed}") : dir;
                plans.Add(new RunPlan(scenarioPath, WithSeed(set, seed), label, folder) { Variant = variant });
            }
        }

        return plans;
    }

    private static Dictionary<string, string> WithSeed(IReadOnlyDictionary<string, string> sets, int? seed)
    {
        var result = new Dictionary<string, string>(sets, StringComparer.Ordinal);
        if (seed is { } s)
        {
            result["seed"] = s.ToString(CultureInfo.InvariantCulture);
        }

        return result;
    }
}
