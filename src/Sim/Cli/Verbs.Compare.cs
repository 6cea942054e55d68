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
    /// <summary>Runs the variants on the same seed; per-variant outputs, compare/summary.csv, overlays per group and a table of the deciding metrics per group.</summary>
    public static int Compare(FileInfo file, DirectoryInfo? output, int? seed, string[] sets, bool quiet)
    {
        IReadOnlyList<RunPlan> plans;
        Scenario scenario;
        try
        {
            plans = RunPlans.Expand(file.FullName, ScenarioLoader.ParseSets(sets), seed is { } s ? [s] : [], VariantSelection.Variants, output?.FullName);
            scenario = plans[0].Load();
            foreach (var p in plans.Skip(1))
            {
                _ = p.Load();
            }
        }
        catch (ScenarioException e)
        {
            PrintErrors(file, e);
            return ExitCodes.BadInput;
        }

        using var interrupt = new Interrupt();
        var runs = new List<(string Variant, RunResult Result)>();
        foreach (var plan in plans)
        {
            var (result, runner) = Execute(plan, quiet, interrupt.Token);
            if (!result.Completed)
            {
                return Interrupted(result);
            }

            Write(plan, result, runner);
            runs.Add((plan.Variant!, result));
        }

        var root = Path.GetDirectoryName(plans[0].OutputDir)!;
        var compareDir = Path.Combine(root, "compare");
        var metrics = ReportColumns(scenario, runs[0].Result.Summary);
        WriteCompareSummary(Path.Combine(compareDir, "summary.csv"), runs);
        var folders = plans.Select(p => (p.Variant!, ResultFolder.Read(p.OutputDir)!)).ToList();
        PlotWriter.WriteComparison(Path.Combine(compareDir, "plots"), folders);
        PrintCompareTables(runs, metrics);
        Console.WriteLine($"outputs in {root} (per variant) and {compareDir}");
        return ExitCodes.Ok;
    }

    /// <summary>The metrics a comparison prints: the scenario's <c>report</c> list, or the contract's headline columns.</summary>
    private static Column[] ReportColumns(Scenario scenario, ResultTable summary) =>
        scenario.Report.Count > 0
            ? [.. scenario.Report.Select(name => summary.Columns.FirstOrDefault(c => c.Name == name)).OfType<Column>()]
            : [.. summary.Columns.Where(c => c.Headline)];

    /// <summary>compare/summary.csv: one row per variant and group (all included), every summary column.</summary>
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
