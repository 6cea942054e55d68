using ConnMgr.Sim.Results;
using ConnMgr.Sim.Traces;

namespace ConnMgr.Sim.Experiments.Replications;

/// <summary>
/// A finished run's summary metrics as named cells, the unit that sweeps and replicated comparisons aggregate: every
/// column of the all row under its own name and, when the run has several groups, every group's columns as
/// <c>group.column</c> (so a residential group's connections are studied apart from the servers').
/// </summary>
public static class SummaryCells
{
    /// <summary>The cells of the summary.csv in <paramref name="runFolder"/>, or null when it has none or no all row.</summary>
    public static IReadOnlyList<(string Column, string Value)>? Read(string runFolder)
    {
        var path = Path.Combine(runFolder, "summary.csv");
        if (!File.Exists(path))
        {
            return null;
        }

        var (header, rows) = CsvTables.Read(path);
        var all = rows.FirstOrDefault(r => r.Length > 0 && r[0] == ResultRow.All);
        if (all is null)
        {
            return null;
        }

        var cells = new List<(string, string)>();
        cells.AddRange(header.Skip(1).Select((h, c) => (h, Cell(all, c + 1))));
        var groups = rows.Where(r => r.Length > 0 && r[0] != ResultRow.All).ToArray();
        if (groups.Length > 1)
        {
            foreach (var g in groups)
            {
                cells.AddRange(header.Skip(1).Select((h, c) => ($"{g[0]}.{h}", Cell(g, c + 1))));
            }
        }

        return cells;
    }

    /// <summary>A run's value of <paramref name="column"/> as a number; NaN when the run has none (absent or empty).</summary>
    public static double Number(IReadOnlyDictionary<string, string> run, string column)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.TryGetValue(column, out var v) ? CsvTables.Number(v) : double.NaN;
    }

    private static string Cell(string[] row, int c) => c < row.Length ? row[c] : "";
}
