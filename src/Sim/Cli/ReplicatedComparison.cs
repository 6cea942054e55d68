using System.Globalization;
using System.Text;
using ConnMgr.Sim.Experiments.Replications;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Traces;
using Spectre.Console;

namespace ConnMgr.Sim.Cli;

/// <summary>
/// <c>compare --replications R</c>: every variant ran on the same R seeds, so each metric gets a mean with its 95 %
/// Student-t interval (compare/points.csv, the sweep format, and bar charts with CIs under compare/plots/) and each
/// variant after the first its paired difference to the first with that difference's interval (compare/differences.csv).
/// A difference whose interval excludes 0 is marked with *.
/// </summary>
internal static class ReplicatedComparison
{
    public static void Report(string name, string compareDir, IReadOnlyList<(string Variant, List<string> Folders)> variants, Column[] metrics, IReadOnlyList<string> groups)
    {
        var cells = variants.Select(v => (v.Variant, Runs: v.Folders.Select(Read).ToArray())).ToArray();
        var points = cells.Select((v, i) => new StudyPoint(i, [v.Variant], v.Runs)).ToArray();
        AtomicFile.Write(Path.Combine(compareDir, "points.csv"), tmp => File.WriteAllText(tmp, PointTable.Csv(["variant"], points)));
        WriteDifferences(Path.Combine(compareDir, "differences.csv"), cells);
        Plots.SweepPlots.Write(compareDir, name, ["variant"]);

        foreach (var group in groups)
        {
            var shown = metrics.Select(c => (Column: c, Key: group == ResultRow.All ? c.Name : $"{group}.{c.Name}"))
                .Where(m => cells.Any(v => v.Runs.Any(r => r.ContainsKey(m.Key) && r[m.Key].Length > 0)))
                .ToArray();
            if (shown.Length == 0)
            {
                continue; // a single group's cells are the all row's
            }

            var table = new Table { Title = new TableTitle(Markup.Escape($"group {group}: mean [95 % CI] over {variants[0].Folders.Count} replications; Δ = paired difference to {variants[0].Variant}, * when its CI excludes 0")) }
                .AddColumn("metric");
            foreach (var (variant, _) in cells)
            {
                table.AddColumn(new TableColumn(variant).RightAligned());
            }

            foreach (var (column, key) in shown)
            {
                var row = new List<Spectre.Console.Rendering.IRenderable> { new Text($"{column.Name} ({column.Unit})") };
                foreach (var (variant, runs) in cells)
                {
                    var i = Interval95.Of([.. runs.Select(r => SummaryCells.Number(r, key)).Where(v => !double.IsNaN(v))]);
                    var text = $"{Verbs.Format(i.Mean, column)} [{Verbs.Format(i.Low, column)}, {Verbs.Format(i.High, column)}]";
                    if (variant != cells[0].Variant)
                    {
                        var d = PairedDifference.Of(runs, cells[0].Runs, key);
                        text += $"\nΔ {Signed(d.Mean, column)} [{Signed(d.Low, column)}, {Signed(d.High, column)}]{(d.ExcludesZero ? " *" : "")}";
                    }

                    row.Add(new Text(text));
                }

                table.AddRow(row);
            }

            AnsiConsole.Write(table);
        }
    }

    private static IReadOnlyDictionary<string, string> Read(string folder) =>
        (SummaryCells.Read(folder) ?? throw new InvalidOperationException($"{folder} has no summary")).ToDictionary(c => c.Column, c => c.Value);

    /// <summary>compare/differences.csv: per variant after the first and metric, the paired difference to the first.</summary>
    private static void WriteDifferences(string path, (string Variant, IReadOnlyDictionary<string, string>[] Runs)[] cells)
    {
        var metrics = PointTable.Metrics(cells.SelectMany(v => v.Runs));
        var b = new StringBuilder("variant,reference,metric,n,mean,sd,ci95_low,ci95_high\n");
        foreach (var (variant, runs) in cells.Skip(1))
        {
            foreach (var m in metrics)
            {
                var d = PairedDifference.Of(runs, cells[0].Runs, m);
                if (d.N == 0)
                {
                    continue;
                }

                b.Append(CultureInfo.InvariantCulture, $"{CsvTables.Quote(variant)},{CsvTables.Quote(cells[0].Variant)},{m},{d.N},{PointTable.F(d.Mean)},{PointTable.F(d.Sd)},{PointTable.F(d.Low)},{PointTable.F(d.High)}\n");
            }
        }

        AtomicFile.Write(path, tmp => File.WriteAllText(tmp, b.ToString()));
    }

    /// <summary>A difference with its sign; one that rounds to zero is shown as 0, never -0.</summary>
    private static string Signed(double v, Column c)
    {
        var s = Verbs.Format(v, c);
        var roundsToZero = s.All(ch => ch is '-' or '0' or '.' or ',');
        return s == "—" ? s : roundsToZero ? s.TrimStart('-') : (v > 0 ? "+" : "") + s;
    }
}
