using ConnMgr.Sim.Results;
using ConnMgr.Sim.Traces;

namespace ConnMgr.Sim.Tests;

/// <summary>
/// No figure without data: every plot a shipped scenario writes has a series that varies in the CSV it is drawn from
/// (checked on each shipped scenario's base run in <see cref="ScenarioRunTests"/>, which writes its figures once).
/// </summary>
internal static class PlotData
{
    public static void AssertEveryWrittenPlotHasASeriesThatVaries(string file, string dir, IReadOnlyList<string> written)
    {
        var figures = written.Where(f => f.EndsWith(".png", StringComparison.Ordinal)).Select(Path.GetFileNameWithoutExtension).ToArray();
        Assert.That(figures, Is.Not.Empty, $"{file} wrote no plot");
        var (header, rows) = CsvTables.Read(Path.Combine(dir, "timeseries.csv"));
        foreach (var figure in figures.Where(f => f != "scores"))
        {
            var columns = header.Skip(2).Where(h => MetricCatalog.Find(OutputFile.Timeseries, h)?.Plot == figure).ToArray();
            Assert.That(columns, Is.Not.Empty, $"{file}: {figure}.png has no declared column");
            var varying = columns.Any(c => rows.GroupBy(r => r[1]).Any(g => Varies(g.Select(r => r[Array.IndexOf(header, c)]))));
            Assert.That(varying, Is.True, $"{file}: {figure}.png is drawn from {string.Join(", ", columns)}, none of which varies in any group");
        }
    }

    public static bool Varies(IEnumerable<string> fields) => fields.Where(f => f.Length > 0).Select(CsvTables.Number).Distinct().Skip(1).Any();
}

[NonParallelizable]
public class PlotDataTests
{
    [Test]
    public void AFigure_IsWrittenExactlyWhenOneOfItsSeriesVaries()
    {
        var dir = Repo.TempDir();
        Assert.That(CliRunner.Invoke("run", Repo.Scenario("network-10k.json"), "--out", dir, "--quiet").Code, Is.Zero);
        var (header, rows) = CsvTables.Read(Path.Combine(dir, "timeseries.csv"));
        var figures = header.Skip(2).Select(h => (Column: h, Plot: MetricCatalog.Find(OutputFile.Timeseries, h)?.Plot)).Where(x => x.Plot is not null).GroupBy(x => x.Plot!);
        var skipped = 0;
        foreach (var figure in figures)
        {
            var varies = figure.Any(x => rows.GroupBy(r => r[1]).Any(g => PlotData.Varies(g.Select(r => r[Array.IndexOf(header, x.Column)]))));
            Assert.That(File.Exists(Path.Combine(dir, "plots", $"{figure.Key}.png")), Is.EqualTo(varies), figure.Key);
            skipped += varies ? 0 : 1;
        }

        Assert.That(skipped, Is.GreaterThan(0), "network-10k has routers that never die: routers-dead is one figure left out");
    }
}
