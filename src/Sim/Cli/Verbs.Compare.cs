using System.Globalization;
using ConnMgr.Sim.Experiments;
using ConnMgr.Sim.Plots;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Scenarios;
using ConnMgr.Sim.Traces;
using CsvHelper;
using Spectre.Console;

namespace ConnMgr.Sim.Cli;

internal static partial class Verbs
{
    /// <summary>
    /// Runs the variants on the same seed (with R replications: on seeds s, s + 1, …, s + R − 1, the same for every
    /// variant); per-variant outputs, compare/summary.csv, overlays per group and a table of the deciding metrics per
    /// group — with replications, their means with 95 % intervals and the paired difference to the first variant.
    /// </summary>
    public static int Compare(FileInfo file, DirectoryInfo? output, int? seed, string[] sets, int replications, bool quiet, bool allowLarge = false)
    {
        IReadOnlyList<RunPlan> plans;
        Scenario scenario;
        try
        {
            var overrides = ScenarioLoader.ParseSets(sets);
            IReadOnlyList<int> seeds = seed is { } s ? [s] : [];
            if (replications > 1)
            {
                var first = seed ?? ScenarioLoader.Load(file.FullName, overrides).Seed;
                seeds = [.. Enumerable.Range(0, replications).Select(r => unchecked(first + r))];
            }

            plans = RunPlans.Expand(file.FullName, overrides, seeds, VariantSelection.Variants, output?.FullName);
            scenario = plans[0].Load();
            RequireWithinBudget(scenario, allowLarge);
            foreach (var p in plans.Skip(1))
            {
                RequireWithinBudget(p.Load(), allowLarge);
            }
        }
        catch (ScenarioException e)
        {
            PrintErrors(file, e);
            return ExitCodes.BadInput;
        }

        using var interrupt = new Interrupt();
        var runs = new List<(string Variant, RunResult Result)>();
        var perVariant = new List<(string Variant, List<string> Folders)>();
        foreach (var plan in plans)
        {
            var (result, runner) = Execute(plan, quiet, Network.NetworkRunner.AutoThreads, interrupt.Token); // one run at a time: each may take both cores
            if (!result.Completed)
            {
                return Interrupted(result);
            }

            Write(plan, result, runner);
            if (perVariant.Count == 0 || perVariant[^1].Variant != plan.Variant)
            {
                perVariant.Add((plan.Variant!, []));
                runs.Add((plan.Variant!, result)); // the first replication stands for the variant in tables and overlays
            }

            perVariant[^1].Folders.Add(plan.OutputDir);
        }

        var root = replications > 1 ? Path.GetDirectoryName(Path.GetDirectoryName(plans[0].OutputDir))! : Path.GetDirectoryName(plans[0].OutputDir)!;
        var compareDir = Path.Combine(root, "compare");
        var metrics = ReportColumns(scenario, runs[0].Result.Summary);
        WriteCompareSummary(Path.Combine(compareDir, "summary.csv"), runs);
        var folders = perVariant.Select(v => (v.Variant, ResultFolder.Read(v.Folders[0])!)).ToList();
        PlotWriter.WriteComparison(Path.Combine(compareDir, "plots"), folders);
        if (replications > 1)
        {
            ReplicatedComparison.Report(scenario.Name, compareDir, perVariant, metrics, [.. runs[0].Result.Summary.Rows.Select(r => r.Group)]);
        }
        else
        {
            PrintCompareTables(runs, metrics);
        }

        Console.WriteLine($"outputs in {root} (per variant) and {compareDir}");
        return ExitCodes.Ok;
    }

    /// <summary>The metrics a comparison prints: the scenario's <c>report</c> list, or the contract's headline columns.</summary>
    private static Column[] ReportColumns(Scenario scenario, ResultTable summary) =>
        scenario.Report.Count > 0
            ? [.. scenario.Report.Select(name => summary.Columns.FirstOrDefault(c => c.Name == name)).OfType<Column>()]
            : [.. summary.Columns.Where(c => c.Headline)];

    /// <summary>compare/summary.csv: one row per variant and group (all included), every summary column (of the first replication; compare/points.csv has them all).</summary>
    private static void WriteCompareSummary(string path, List<(string Variant, RunResult Result)> runs)
    {
        var columns = runs.SelectMany(r => r.Result.Summary.Columns).DistinctBy(c => c.Name).ToArray();
        AtomicFile.Write(path, tmp =>
        {
            using var csv = CsvWriter.ToFile(tmp, CsvWriterOptions.Default with { NewLine = "\n" });
            csv.WriteRecord(["variant", "group", .. columns.Select(c => c.Name), "passed"]);
            foreach (var (variant, r) in runs)
            {
                foreach (var row in r.Summary.Rows)
                {
                    csv.WriteField(variant);
                    csv.WriteField(row.Group);
                    foreach (var c in columns)
                    {
                        var i = r.Summary.IndexOf(c.Name);
                        csv.WriteField(i < 0 || double.IsNaN(row.Values[i]) ? "" : row.Values[i].ToString(c.Format, CultureInfo.InvariantCulture));
                    }

                    csv.WriteField(r.Passed);
                    csv.EndRecord();
                }
            }
        });
    }

    /// <summary>One table per group (and all): a row per deciding metric, a column per variant.</summary>
    private static void PrintCompareTables(List<(string Variant, RunResult Result)> runs, Column[] metrics)
    {
        foreach (var group in runs[0].Result.Summary.Rows.Select(r => r.Group))
        {
            var shown = metrics.Where(c => runs.Any(r => !double.IsNaN(r.Result.Metric(c.Name, group)))).ToArray();
            if (shown.Length == 0)
            {
                continue;
            }

            var table = new Table { Title = new TableTitle($"group {group}") }.AddColumn("metric");
            foreach (var (variant, _) in runs)
            {
                table.AddColumn(new TableColumn(variant).RightAligned());
            }

            foreach (var c in shown)
            {
                table.AddRow([$"{c.Name} ({c.Unit})", .. runs.Select(r => Format(r.Result.Metric(c.Name, group), c))]);
            }

            AnsiConsole.Write(table);
        }
    }
}
