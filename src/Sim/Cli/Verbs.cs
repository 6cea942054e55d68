using System.Globalization;
using ConnMgr.Sim.Plots;
using ConnMgr.Sim.Running;
using ConnMgr.Sim.Scenarios;
using ConnMgr.Sim.Traces;
using Spectre.Console;

namespace ConnMgr.Sim.Cli;

/// <summary>The verbs' implementations.</summary>
internal static class Verbs
{
    public static int Run(FileInfo file, DirectoryInfo? output, int? seed, string[] sets, bool quiet)
    {
        if (!TryLoad(file, seed, sets, out var scenario, out var overrides))
        {
            return ExitCodes.BadInput;
        }

        using var interrupt = new Interrupt();
        var dir = output?.FullName ?? Path.Combine("results", scenario.Name);
        var (result, runner) = Execute(scenario, quiet, interrupt.Token);
        if (!result.Completed)
        {
            return Interrupted(result);
        }

        Write(dir, file, overrides, result, runner);
        if (!quiet)
        {
            Console.WriteLine($"{scenario.Name}: {result.EventsProcessed:N0} events in {result.WallTime.TotalSeconds:0.00} s; outputs in {dir}");
            PrintSummary(result);
        }

        return ExitCodes.Ok;
    }

    public static int Validate(FileInfo[] files)
    {
        var bad = 0;
        foreach (var f in SkipSchemas(files))
        {
            try
            {
                ScenarioLoader.Load(f.FullName);
                Console.WriteLine($"{f.Name}: ok");
            }
            catch (ScenarioException e)
            {
                bad++;
                PrintErrors(f, e);
            }
        }

        return bad == 0 ? ExitCodes.Ok : ExitCodes.BadInput;
    }

    public static int Check(FileInfo[] files, int? seed, bool quiet)
    {
        var scenarios = new List<(FileInfo File, Scenario Scenario)>();
        foreach (var f in SkipSchemas(files))
        {
            if (!TryLoad(f, seed, [], out var s, out _))
            {
                return ExitCodes.BadInput;
            }

            scenarios.Add((f, s));
        }

        // Each scenario runs as written, then once per variant: a check guards every configuration it compares.
        var runs = new List<(FileInfo File, Scenario Scenario, string Label)>();
        foreach (var (file, scenario) in scenarios)
        {
            runs.Add((file, scenario, scenario.Name));
            foreach (var variant in scenario.Variants)
            {
                if (!TryLoad(file, seed, [], out var v, out _, variant.Set))
                {
                    return ExitCodes.BadInput;
                }

                runs.Add((file, v, $"{scenario.Name}/{variant.Name}"));
            }
        }

        using var interrupt = new Interrupt();
        var failed = 0;
        foreach (var (file, scenario, label) in runs)
        {
            var (result, _) = Execute(scenario, quiet, interrupt.Token, label);
            if (!result.Completed)
            {
                return Interrupted(result);
            }

            Console.WriteLine($"{file.Name} ({label}, seed {scenario.Seed}): {(result.Passed ? "PASS" : "FAIL")}");
            foreach (var a in result.Asserts)
            {
                Console.WriteLine($"  {(a.Passed ? "ok  " : "FAIL")} at {a.At:c} assert {a.What}: expected {a.Expected}, actual {a.Actual}");
            }

            foreach (var x in result.Expectations)
            {
                Console.WriteLine($"  {(x.Passed ? "ok  " : "FAIL")} {x.Name}: expected {x.Expected}, measured {x.Measured}");
            }

            if (result.Asserts.Count == 0 && result.Expectations.Count == 0)
            {
                Console.WriteLine("  (no asserts or expectations)");
            }

            failed += result.Passed ? 0 : 1;
        }

        Console.WriteLine($"check: {runs.Count - failed} passed, {failed} failed");
        return failed == 0 ? ExitCodes.Ok : ExitCodes.CheckFailed;
    }

    public static int Compare(FileInfo file, DirectoryInfo? output, int? seed, string[] sets, bool quiet)
    {
        if (!TryLoad(file, seed, sets, out var baseScenario, out var baseOverrides))
        {
            return ExitCodes.BadInput;
        }

        if (baseScenario.Variants.Count == 0)
        {
            Console.Error.WriteLine($"{file.Name}: variants: compare needs at least one variant (name + set of overrides).");
            return ExitCodes.BadInput;
        }

        var dir = output?.FullName ?? Path.Combine("results", baseScenario.Name);
        using var interrupt = new Interrupt();
        var results = new List<(string Name, RunResult Result)>();
        foreach (var variant in baseScenario.Variants)
        {
            var overrides = new Dictionary<string, string>(baseOverrides, StringComparer.Ordinal);
            foreach (var (k, v) in variant.Set)
            {
                overrides[k] = v;
            }

            if (!TryLoad(file, seed, [], out var scenario, out _, overrides))
            {
                return ExitCodes.BadInput;
            }

            var (result, runner) = Execute(scenario, quiet, interrupt.Token, variant.Name);
            if (!result.Completed)
            {
                return Interrupted(result);
            }

            Write(Path.Combine(dir, variant.Name), file, overrides, result, runner);
            results.Add((variant.Name, result));
        }

        var compareDir = Path.Combine(dir, "compare");
        CompareOutputs.Write(compareDir, results);
        PlotWriter.WriteComparison(Path.Combine(compareDir, "plots"), results);
        PrintCompareTable(results);
        Console.WriteLine($"outputs in {dir} (per variant) and {compareDir}");
        return ExitCodes.Ok;
    }

    public static int Schema(FileInfo? output)
    {
        var json = JsonSchemaGenerator.Generate();
        if (output is null)
        {
            Console.Write(json);
        }
        else
        {
            AtomicFile.Write(output.FullName, tmp => File.WriteAllText(tmp, json));
        }

        return ExitCodes.Ok;
    }

    /// <summary>Leaves out JSON Schema documents (scenarios/schema.json), so <c>check scenarios/*.json</c> works.</summary>
    private static IEnumerable<FileInfo> SkipSchemas(FileInfo[] files)
    {
        foreach (var f in files)
        {
            if (IsJsonSchema(f))
            {
                Console.WriteLine($"{f.Name}: a JSON Schema, not a scenario: skipped");
                continue;
            }

            yield return f;
        }
    }

    private static bool IsJsonSchema(FileInfo f)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(f.FullName));
            return doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && doc.RootElement.TryGetProperty("$schema", out var s)
                && s.ValueKind == System.Text.Json.JsonValueKind.String
                && s.GetString()!.StartsWith("https://json-schema.org/", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException or UnauthorizedAccessException)
        {
            return false; // let the loader report it
        }
    }

    private static bool TryLoad(FileInfo file, int? seed, string[] sets, out Scenario scenario, out Dictionary<string, string> overrides, Dictionary<string, string>? extra = null)
    {
        scenario = null!;
        overrides = [];
        try
        {
            overrides = ScenarioLoader.ParseSets(sets);
            foreach (var (k, v) in extra ?? [])
            {
                overrides[k] = v;
            }

            if (seed is { } s)
            {
                overrides["seed"] = s.ToString(CultureInfo.InvariantCulture);
            }

            scenario = ScenarioLoader.Load(file.FullName, overrides);
            return true;
        }
        catch (ScenarioException e)
        {
            PrintErrors(file, e);
            return false;
        }
    }

    private static (RunResult Result, IScenarioRun Runner) Execute(Scenario scenario, bool quiet, CancellationToken cancel, string? label = null)
    {
        var runner = ScenarioRuns.Create(scenario);
        using var progress = new RunProgress(label ?? scenario.Name, scenario.Duration, quiet);
        var result = runner.Run(progress.Report, cancel);
        return (result, runner);
    }

    private static void Write(string dir, FileInfo file, IReadOnlyDictionary<string, string> overrides, RunResult result, IScenarioRun runner)
    {
        OutputWriter.WriteAll(dir, result, runner.EventRows, new ManifestInfo(file.FullName, OutputWriter.Sha256(file.FullName), overrides));
        PlotWriter.WriteRun(Path.Combine(dir, "plots"), result);
    }

    private static int Interrupted(RunResult result)
    {
        Console.Error.WriteLine($"{result.Name}: interrupted at virtual time {result.VirtualTime:c} after {result.EventsProcessed:N0} events; no output was written.");
        return ExitCodes.Interrupted;
    }

    private static void PrintErrors(FileInfo file, ScenarioException e)
    {
        Console.Error.WriteLine($"{file.Name}: {e.Errors.Count} problem(s):");
        foreach (var err in e.Errors)
        {
            Console.Error.WriteLine($"  {err.Path}: {err.Message}");
        }
    }

    private static void PrintSummary(RunResult result)
    {
        var table = new Table().AddColumns("group", "nodes", "mean count", "max", "pruned", "trims", "rejected", "above HW (s)");
        foreach (var g in result.Groups)
        {
            table.AddRow(g.Group, $"{g.Nodes}", $"{g.MeanCount:0.0}", $"{g.MaxCount}", $"{g.Pruned}", $"{g.Trims}", $"{g.Rejected}", $"{g.MaxTimeAboveHighWaterSeconds:0.0}");
        }

        AnsiConsole.Write(table);
    }

    private static void PrintCompareTable(List<(string Name, RunResult Result)> results)
    {
        var table = new Table().AddColumns("variant", "mean count", "max count", "pruned", "trims", "above HW (s)", "kept score", "pruned score");
        foreach (var (name, r) in results)
        {
            var g = r.Groups[0];
            table.AddRow(name, $"{g.MeanCount:0.0}", $"{g.MaxCount}", $"{r.Groups.Sum(x => x.Pruned)}", $"{r.Groups.Sum(x => x.Trims)}", $"{g.MaxTimeAboveHighWaterSeconds:0.0}", $"{g.MeanScoreKept:0.0}", $"{g.MeanScorePruned:0.0}");
        }

        AnsiConsole.Write(table);
    }

    /// <summary>Turns Ctrl-C into a cancellation the run checks, so it stops cleanly.</summary>
    private sealed class Interrupt : IDisposable
    {
        private readonly CancellationTokenSource _cts = new();

        public Interrupt() => Console.CancelKeyPress += OnCancel;

        public CancellationToken Token => _cts.Token;

        public void Dispose()
        {
            Console.CancelKeyPress -= OnCancel;
            _cts.Dispose();
        }

        private void OnCancel(object? sender, ConsoleCancelEventArgs e)
        {
            e.Cancel = true;
            _cts.Cancel();
        }
    }
}
