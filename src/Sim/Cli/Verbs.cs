using ConnMgr.Sim.Experiments;
using ConnMgr.Sim.Experiments.Cost;
using ConnMgr.Sim.Plots;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Scenarios;
using ConnMgr.Sim.Traces;
using Spectre.Console;

namespace ConnMgr.Sim.Cli;

/// <summary>The verbs run, validate, schema, plot and columns; check and compare are in their own files. Each is a thin layer over <see cref="RunPlans"/>.</summary>
internal static partial class Verbs
{
    public static int Run(FileInfo file, DirectoryInfo? output, int? seed, string[] sets, bool quiet, bool allowLarge, int threads)
    {
        RunPlan plan;
        try
        {
            plan = file.Name == "manifest.json"
                ? RunPlan.FromManifest(file.FullName, output?.FullName ?? Path.Combine(file.DirectoryName!, "rerun"))
                : RunPlans.Expand(file.FullName, ScenarioLoader.ParseSets(sets), seed is { } s ? [s] : [], VariantSelection.Base, output?.FullName)[0];
            OutputFolder.Check(plan.OutputDir);
            var scenario = plan.Load();
            RequireWithinBudget(scenario, allowLarge);
            if (scenario.Variants.Count > 0 && plan.Variant is null && file.Name != "manifest.json")
            {
                Console.Error.WriteLine($"note: {file.Name} has {scenario.Variants.Count} variant(s) ({string.Join(", ", scenario.Variants.Select(v => v.Name))}); run runs the base scenario only — compare runs them all.");
            }
        }
        catch (ScenarioException e)
        {
            PrintErrors(file, e);
            return ExitCodes.BadInput;
        }

        using var interrupt = new Interrupt();
        var (result, runner) = Execute(plan, quiet, threads, interrupt.Token);
        if (!result.Completed)
        {
            return Interrupted(result);
        }

        Write(plan, result, runner);
        if (!quiet)
        {
            var onThreads = runner is Network.NetworkRunner { Clock.Threads: > 1 } network ? $" on {network.Clock.Threads} threads" : "";
            Console.WriteLine($"{plan.Label}: {result.EventsProcessed:N0} events in {result.WallTime.TotalSeconds:0.00} s{onThreads}; outputs in {plan.OutputDir}");
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
                var scenario = ScenarioLoader.Load(f.FullName);
                var cost = CostEstimate.Of(scenario);
                Console.WriteLine($"{f.Name}: ok (estimated {CostEstimate.Describe(cost.Events, cost.Bytes)})");
                var over = CostBudget.ForThisMachine().Check(cost);
                if (over.Count > 0)
                {
                    Console.WriteLine($"  note: over this machine's budget; run refuses it without --allow-large: {over[0].Path}: {over[0].Message}");
                }
            }
            catch (ScenarioException e)
            {
                bad++;
                PrintErrors(f, e);
            }
        }

        return bad == 0 ? ExitCodes.Ok : ExitCodes.BadInput;
    }

    public static int Schema(FileInfo? output) => PrintOrWrite(JsonSchemaGenerator.Generate(), output);

    /// <summary>Redraws the plots of a run folder (or of every run under a compare folder) from its CSV files.</summary>
    public static int Plot(DirectoryInfo dir)
    {
        var runs = Directory.Exists(dir.FullName)
            ? Directory.GetFiles(dir.FullName, "summary.csv", SearchOption.AllDirectories).Select(Path.GetDirectoryName).Where(d => Path.GetFileName(d) != "compare").Order(StringComparer.Ordinal).ToArray()
            : [];
        if (runs.Length == 0)
        {
            Console.Error.WriteLine($"{dir.FullName}: no run folder (timeseries.csv + summary.csv) found.");
            return ExitCodes.BadInput;
        }

        foreach (var run in runs)
        {
            var files = PlotWriter.WriteRun(run!);
            Console.WriteLine($"{run}: {files.Count / 2} plot(s) in plots/");
        }

        return ExitCodes.Ok;
    }

    /// <summary>Prints the columns reference (docs/outputs.md), or writes it.</summary>
    public static int Columns(FileInfo? output) => PrintOrWrite(ColumnsReference.Markdown(), output);

    /// <summary>A generated document to standard output, or written (atomically) to <paramref name="output"/>.</summary>
    private static int PrintOrWrite(string text, FileInfo? output)
    {
        if (output is null)
        {
            Console.Write(text);
        }
        else
        {
            AtomicFile.Write(output.FullName, tmp => File.WriteAllText(tmp, text));
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

    private static (RunResult Result, IScenarioRun Runner) Execute(RunPlan plan, bool quiet, int threads, CancellationToken cancel)
    {
        var scenario = plan.Load();
        var runner = Runs.Create(scenario, threads);
        using var progress = new RunProgress(plan.Label, scenario.Duration, quiet);
        var result = runner.Run(progress.Report, cancel);
        if (result.Completed)
        {
            progress.Complete(); // an interrupted run's bar stays where it stopped
        }

        return (result, runner);
    }

    private static void Write(RunPlan plan, RunResult result, IScenarioRun runner)
    {
        Runs.Write(plan, result, runner);
        PlotWriter.WriteRun(plan.OutputDir);
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
        var headline = result.Summary.Columns.Where(c => c.Headline).ToArray();
        var table = new Table().AddColumn("group");
        foreach (var c in headline)
        {
            table.AddColumn(new TableColumn(c.Name).RightAligned());
        }

        foreach (var row in result.Summary.Rows)
        {
            table.AddRow([row.Group, .. headline.Select(c => Format(row.Values[result.Summary.IndexOf(c.Name)], c))]);
        }

        AnsiConsole.Write(table);
    }

    internal static string Format(double v, Column c) => double.IsNaN(v) ? "—" : v.ToString(c.Format == "0" ? "N0" : "0.####", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Refuses a scenario whose estimated events or memory exceed this machine's budget (unless --allow-large).</summary>
    /// <exception cref="ScenarioException">Over the budget: the driving field, the estimate and the budget.</exception>
    internal static void RequireWithinBudget(Scenario scenario, bool allowLarge)
    {
        if (!allowLarge && CostBudget.ForThisMachine().Check(scenario) is { Count: > 0 } over)
        {
            throw new ScenarioException(over);
        }
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
