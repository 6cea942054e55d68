namespace ConnMgr.Sim.Scenarios;

/// <summary>Range and consistency checks on a bound scenario, each naming the JSON path and the allowed values.</summary>
internal static class ScenarioValidator
{
    public static void Validate(Scenario s, List<ScenarioError> errors)
    {
        void Err(string path, string message) => errors.Add(new ScenarioError(path, message));

        if (string.IsNullOrWhiteSpace(s.Name))
        {
            Err("name", "a scenario needs a name (it names the output folder).");
        }
        else if (s.Name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || s.Name.Contains('/', StringComparison.Ordinal))
        {
            Err("name", $"'{s.Name}' cannot be a folder name.");
        }

        if (s.Duration <= TimeSpan.Zero)
        {
            Err("duration", "must be > 00:00:00 (for example \"00:30:00\").");
        }

        if (s.TraceInterval <= TimeSpan.Zero || (s.Duration > TimeSpan.Zero && s.TraceInterval > s.Duration))
        {
            Err("traceInterval", $"must be > 00:00:00 and <= duration ({s.Duration}).");
        }

        if (s.Network is not null)
        {
            if (s.Nodes.Count > 0)
            {
                Err("nodes", "a scenario has either focal nodes or a network, not both.");
            }

            NetworkValidator.Validate(s, errors);
        }
        else if (s.Nodes.Count == 0)
        {
            Err("nodes", "at least one node group is required (or a network section).");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < s.Nodes.Count; i++)
        {
            var g = s.Nodes[i];
            var p = $"nodes[{i}]";
            if (!names.Add(g.Name))
            {
                Err($"{p}.name", $"'{g.Name}' is used by two groups; names must be unique.");
            }

            if (g.Count < 1 || g.Count > 10_000)
            {
                Err($"{p}.count", $"{g.Count} is out of range; allowed 1..10000 focal nodes per group.");
            }

            foreach (var e in EngineOptionsFactory.Check(g, $"{p}.engine"))
            {
                errors.Add(e);
            }

            WorkloadValidator.Validate(g.Workload, $"{p}.workload", errors);
        }

        TimelineValidator.Validate(s, errors);
        for (var i = 0; i < s.Report.Count; i++)
        {
            if (Results.MetricCatalog.Find(Results.OutputFile.Summary, s.Report[i]) is null)
            {
                var known = Results.MetricCatalog.ColumnGroups.Where(g => (g.Mode & s.Mode) != 0).SelectMany(g => g.Summary).Select(c => c.Name).Distinct();
                Err($"report[{i}]", $"'{s.Report[i]}' is not a summary column; allowed: {string.Join(", ", known)}.");
            }
        }

        for (var i = 0; i < s.Variants.Count; i++)
        {
            var v = s.Variants[i];
            if (string.IsNullOrWhiteSpace(v.Name) || s.Variants.Take(i).Any(o => o.Name == v.Name))
            {
                Err($"variants[{i}].name", "each variant needs a unique, non-empty name.");
            }

            foreach (var (path, value) in v.Set)
            {
                var (type, allowed, error) = StructureValidator.ResolvePath(path);
                var problem = error ?? (value is null ? "a value is required here, not null." : ScenarioSchema.CheckScalarText(value, type!, allowed));
                if (problem is not null)
                {
                    Err($"variants[{i}].set.{path}", problem);
                }
            }
        }
    }
}
