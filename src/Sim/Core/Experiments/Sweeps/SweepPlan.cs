using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConnMgr.Sim.Randomness;
using ConnMgr.Sim.Scenarios;
using ConnMgr.Sim.Traces;

namespace ConnMgr.Sim.Experiments.Sweeps;

/// <summary>One point of a sweep: its factor values by name and the overrides they make.</summary>
/// <param name="Index">Point number (plan order).</param>
/// <param name="Values">Factor name → level text.</param>
/// <param name="Overrides">JSON path → level text.</param>
public sealed record SweepPoint(int Index, IReadOnlyDictionary<string, string> Values, IReadOnlyDictionary<string, string> Overrides);

/// <summary>One run of a sweep: index = point × replications + replication.</summary>
/// <param name="Index">Run index (a Slurm array task id).</param>
/// <param name="Point">Its point.</param>
/// <param name="Replication">Replication number from 0.</param>
/// <param name="Seed">Master seed of the run.</param>
/// <param name="Key">Hash of the scenario (as parsed, less its description), overrides, seed and tool version: a run folder is reused only when the key matches.</param>
/// <param name="Plan">What to run and where it goes (results/&lt;sweep&gt;/runs/&lt;key&gt;).</param>
public sealed record SweepRun(int Index, SweepPoint Point, int Replication, int Seed, string Key, RunPlan Plan);

/// <summary>
/// A sweep expanded: the points of its design (after <c>where</c>), × replications, each run keyed so that finished
/// runs are found again and missing or stale ones are run (as ns-3 SEM does). Validates every point before any run.
/// </summary>
public sealed class SweepPlan
{
    /// <summary>The columns plan.csv and runs.csv start with, before the factors (and, in runs.csv, the metrics).</summary>
    internal static readonly string[] RunKeyColumns = ["index", "point", "replication", "seed", "key"];

    private SweepPlan(string name, string root, string scenarioPath, IReadOnlyList<string> factors, IReadOnlyList<string> dimensions, IReadOnlyList<SweepPoint> points, int replications, IReadOnlyList<SweepRun> runs)
    {
        Name = name;
        Dimensions = dimensions;
        Root = root;
        ScenarioPath = scenarioPath;
        FactorNames = factors;
        Points = points;
        Replications = replications;
        Runs = runs;
    }

    /// <summary>The sweep's name (its folder under results/).</summary>
    public string Name { get; }

    /// <summary>Its output folder: plan.csv, runs/, runs.csv, points.csv, plots/, slurm/.</summary>
    public string Root { get; }

    /// <summary>The scenario file.</summary>
    public string ScenarioPath { get; }

    /// <summary>Factor names, in declaration order (zip members in order).</summary>
    public IReadOnlyList<string> FactorNames { get; }

    /// <summary>One factor name per dimension of the design (a zip group is named by its first member): the axes of plots.</summary>
    public IReadOnlyList<string> Dimensions { get; }

    /// <summary>The points.</summary>
    public IReadOnlyList<SweepPoint> Points { get; }

    /// <summary>Runs per point.</summary>
    public int Replications { get; }

    /// <summary>Every run, by index.</summary>
    public IReadOnlyList<SweepRun> Runs { get; }

    /// <summary>Folder of finished runs.</summary>
    public string RunsDir => Path.Combine(Root, "runs");

    /// <summary>Expands <paramref name="file"/> (a sweep file or a scenario with a sweep section); with a budget, every point must fit it.</summary>
    /// <exception cref="ScenarioException">Any problem of the file, the study or a point (or a point over the budget), with its path.</exception>
    public static SweepPlan Load(string file, string? outputRoot = null, Cost.CostBudget? budget = null)
    {
        var (scenarioPath, sets, sweep) = SweepFile.Read(file);
        var scenario = ScenarioLoader.Load(scenarioPath, sets);
        var errors = new List<ScenarioError>();
        var dimensions = SweepFactors.Read(sweep, "sweep", errors);
        if (sweep.Replications is < 1 or > 100_000)
        {
            errors.Add(new ScenarioError("sweep.replications", $"{sweep.Replications} is out of range; allowed 1..100000."));
        }

        if (sweep.Design != SweepDesign.Grid && sweep.Points is < 1 or > 1_000_000)
        {
            errors.Add(new ScenarioError("sweep.points", $"a {sweep.Design.ToString().ToLowerInvariant()} design needs points in [1, 1000000]."));
        }

        WhereExpression? where = null;
        var names = dimensions.SelectMany(d => d).Select(f => f.Name).ToArray();
        foreach (var clash in names.Where(n => RunKeyColumns.Contains(n) || Results.MetricCatalog.Find(Results.OutputFile.Summary, n) is not null))
        {
            // runs.csv puts factors and metrics side by side: a shared name would give it two columns of that name.
            errors.Add(new ScenarioError("sweep.factors", $"factor '{clash}' has the name of a runs.csv column ({string.Join(", ", RunKeyColumns)} or a summary metric); give it another \"name\"."));
        }

        if (sweep.Where is { Length: > 0 } w)
        {
            try
            {
                where = WhereExpression.Parse(w, names);
            }
            catch (FormatException e)
            {
                errors.Add(new ScenarioError("sweep.where", e.Message));
            }
        }

        var combinations = dimensions.Aggregate(1L, (n, d) => n * d[0].Levels.Length);
        if (sweep.Design == SweepDesign.Grid && combinations * sweep.Replications > 10_000_000)
        {
            errors.Add(new ScenarioError("sweep.factors", $"{combinations:N0} points × {sweep.Replications} replications is more than 10,000,000 runs."));
        }

        if (errors.Count > 0)
        {
            throw new ScenarioException(errors);
        }

        var points = SweepDesignExpansion.Points(dimensions, sweep, where);
        foreach (var p in points)
        {
            try
            {
                var point = ScenarioLoader.Load(scenarioPath, Merge(sets, p.Overrides));
                if (budget?.Check(point) is { Count: > 0 } over)
                {
                    throw new ScenarioException(over);
                }
            }
            catch (ScenarioException e)
            {
                throw new ScenarioException([.. e.Errors.Select(x => x with { Message = $"at point {p.Index} ({Describe(p)}): {x.Message}" })]);
            }
        }

        var name = sweep.Name ?? $"{scenario.Name}-sweep";
        var root = outputRoot ?? Path.Combine("results", name);
        OutputFolder.Check(root);
        var content = Canonical(scenarioPath);
        var runs = new List<SweepRun>();
        foreach (var p in points)
        {
            for (var r = 0; r < sweep.Replications; r++)
            {
                var index = (p.Index * sweep.Replications) + r;
                var seed = sweep.Seeds == SeedPolicy.Common ? unchecked(scenario.Seed + r) : RandomStreams.SeedFor(scenario.Seed, "sweep-run", index);
                var overrides = Merge(sets, p.Overrides);
                overrides["seed"] = seed.ToString(CultureInfo.InvariantCulture);
                var key = Key(content, overrides);
                runs.Add(new SweepRun(index, p, r, seed, key, new RunPlan(scenarioPath, overrides, $"{name}#{index}", Path.Combine(root, "runs", key))));
            }
        }

        return new SweepPlan(name, root, scenarioPath, names, [.. dimensions.Select(d => d[0].Name)], points, sweep.Replications, runs);
    }

    /// <summary>plan.csv: index, point, replication, seed, key, then one column per factor.</summary>
    public void WritePlanCsv()
    {
        Directory.CreateDirectory(Root);
        AtomicFile.Write(Path.Combine(Root, "plan.csv"), tmp =>
        {
            var b = new StringBuilder();
            b.Append(string.Join(',', RunKeyColumns));
            foreach (var f in FactorNames)
            {
                b.Append(',').Append(CsvTables.Quote(f));
            }

            b.Append('\n');
            foreach (var r in Runs)
            {
                b.Append(CultureInfo.InvariantCulture, $"{r.Index},{r.Point.Index},{r.Replication},{r.Seed},{r.Key}");
                foreach (var f in FactorNames)
                {
                    b.Append(',').Append(CsvTables.Quote(r.Point.Values[f]));
                }

                b.Append('\n');
            }

            File.WriteAllText(tmp, b.ToString());
        });
    }

    /// <summary>Factor values of a point in words.</summary>
    public static string Describe(SweepPoint p) => string.Join(", ", p.Values.Select(kv => $"{kv.Key}={kv.Value}"));

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
    {
        var m = new Dictionary<string, string>(a, StringComparer.Ordinal);
        foreach (var (k, v) in b)
        {
            m[k] = v;
        }

        return m;
    }

    /// <summary>The key <paramref name="plan"/>'s run has with its scenario file as it is now.</summary>
    public static string KeyNow(RunPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return Key(Canonical(plan.ScenarioPath), plan.Overrides);
    }

    /// <summary>
    /// The scenario as the runs see it: parsed (comments, whitespace and property layout do not count) and without
    /// its description and editor hint, so rewording a scenario keeps its finished runs while any value change does not.
    /// </summary>
    private static string Canonical(string scenarioPath)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(File.ReadAllText(scenarioPath), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new ScenarioException([new ScenarioError("scenario", $"cannot read '{scenarioPath}': {e.Message}")]);
        }

        if (node is JsonObject root)
        {
            root.Remove("description");
            root.Remove("$schema");
        }

        return node?.ToJsonString() ?? "";
    }

    private static string Key(string scenarioContent, IReadOnlyDictionary<string, string> overrides)
    {
        var b = new StringBuilder(scenarioContent);
        foreach (var (k, v) in overrides.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            b.Append('\n').Append(k).Append('=').Append(v);
        }

        b.Append("\nversion=").Append(OutputWriter.Version);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(b.ToString())))[..16];
    }
}
