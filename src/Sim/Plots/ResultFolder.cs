using ConnMgr.Sim.Results;
using ConnMgr.Sim.Traces;

namespace ConnMgr.Sim.Plots;

/// <summary>A run's written files read back: what every plot is drawn from, so <c>plot</c> can redraw a folder.</summary>
internal sealed class ResultFolder
{
    private ResultFolder(string dir, string label, double endSeconds, (string[] Header, List<string[]> Rows) timeseries, (string[] Header, List<string[]> Rows) summary, (string[] Header, List<string[]> Rows)? scores)
    {
        Dir = dir;
        EndSeconds = endSeconds;
        Label = label;
        Timeseries = timeseries;
        Summary = summary;
        Scores = scores;
    }

    public string Dir { get; }

    /// <summary>The run's label from manifest.json (scenario name or name/variant).</summary>
    public string Label { get; }

    /// <summary>The virtual time the run reached (manifest.json), in seconds; 0 when unknown.</summary>
    public double EndSeconds { get; }

    public (string[] Header, List<string[]> Rows) Timeseries { get; }

    public (string[] Header, List<string[]> Rows) Summary { get; }

    public (string[] Header, List<string[]> Rows)? Scores { get; }

    /// <summary>Groups in file order (the summary's all row excluded).</summary>
    public IReadOnlyList<string> Groups => [.. Timeseries.Rows.Select(r => r[1]).Distinct()];

    /// <summary>Reads <paramref name="dir"/>; null when it holds no timeseries.csv and summary.csv.</summary>
    public static ResultFolder? Read(string dir)
    {
        var ts = Path.Combine(dir, "timeseries.csv");
        var sum = Path.Combine(dir, "summary.csv");
        if (!File.Exists(ts) || !File.Exists(sum))
        {
            return null;
        }

        var label = Path.GetFileName(Path.GetFullPath(dir).TrimEnd(Path.DirectorySeparatorChar));
        var end = 0.0;
        var manifest = Path.Combine(dir, "manifest.json");
        if (File.Exists(manifest))
        {
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(manifest));
            if (doc.RootElement.TryGetProperty("label", out var l) && l.GetString() is { } s)
            {
                label = s;
            }

            if (doc.RootElement.TryGetProperty("virtualTime", out var v) && v.GetString() is { } t
                && TimeSpan.TryParse(t, System.Globalization.CultureInfo.InvariantCulture, out var reached))
            {
                end = reached.TotalSeconds;
            }
        }

        var scores = Path.Combine(dir, "scores.csv");
        return new ResultFolder(dir, label, end, CsvTables.Read(ts), CsvTables.Read(sum), File.Exists(scores) ? CsvTables.Read(scores) : null);
    }

    /// <summary>(time, value) of <paramref name="column"/> for <paramref name="group"/>; empty when the column is absent.</summary>
    public (double[] X, double[] Y) Series(string group, string column)
    {
        var c = Array.IndexOf(Timeseries.Header, column);
        if (c < 0)
        {
            return ([], []);
        }

        var rows = Timeseries.Rows.Where(r => r[1] == group).ToArray();
        return (rows.Select(r => CsvTables.Number(r[0])).ToArray(), rows.Select(r => CsvTables.Number(r[c])).ToArray());
    }

    /// <summary>A summary value of a group (or all); NaN when absent.</summary>
    public double Metric(string group, string column)
    {
        var c = Array.IndexOf(Summary.Header, column);
        var row = Summary.Rows.FirstOrDefault(r => r[0] == group);
        return c < 0 || row is null ? double.NaN : CsvTables.Number(row[c]);
    }

    /// <summary>The declared timeseries columns of this file, grouped by plot (in column order).</summary>
    public IEnumerable<IGrouping<string, Column>> PlottedColumns() =>
        Timeseries.Header.Skip(2)
            .Select(h => MetricCatalog.Find(OutputFile.Timeseries, h) is { } c ? c with { Name = h, IsFamily = false } : null)
            .OfType<Column>()
            .Where(c => c.Plot is not null)
            .GroupBy(c => c.Plot!);
}
