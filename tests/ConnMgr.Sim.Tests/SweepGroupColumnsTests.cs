using ConnMgr.Sim.Experiments.Sweeps;
using ConnMgr.Sim.Traces;

namespace ConnMgr.Sim.Tests;

/// <summary>Sweeps over networks with several groups: each group's metrics are gathered beside the all row's, and zip partners are not plot axes.</summary>
[NonParallelizable]
public class SweepGroupColumnsTests
{
    [Test]
    public void NetworkSweep_GathersEachGroupsMetrics_AndPlotsOverTheDesignsDimensions()
    {
        var dir = Repo.TempDir();
        var sweep = Path.Combine(dir, "sweep.json");
        File.WriteAllText(sweep, $$"""
        { "scenario": "{{Repo.Scenario("router-killing.json").Replace("\\", "/", StringComparison.Ordinal)}}",
          "set": { "network.groups[0].count": "120", "network.groups[1].count": "30", "duration": "00:03:00" },
          "sweep": { "name": "groups", "replications": 2, "factors": [
            { "zip": [ { "path": "network.groups[0].engine.lowWater", "name": "low", "values": [16, 32] },
                       { "path": "network.groups[0].dialTarget", "name": "dial_target", "values": [16, 32] } ] },
            { "path": "network.groups[0].engine.highWater", "name": "high", "values": [64, 96] } ] } }
        """);
        var output = Path.Combine(dir, "out");
        Assert.That(SweepPlan.Load(sweep, output).Dimensions, Is.EqualTo(new[] { "low", "high" }), "a zip group is one axis, named by its first member");

        var (code, _, err) = CliRunner.Invoke("sweep", "run", sweep, "--out", output, "--all", "--jobs", "1", "--quiet");
        Assert.That(code, Is.Zero, err);
        (code, _, err) = CliRunner.Invoke("sweep", "gather", sweep, "--out", output);
        Assert.That(code, Is.Zero, err);

        var (header, rows) = CsvTables.Read(Path.Combine(output, "runs.csv"));
        int C(string column) => Array.IndexOf(header, column) is var i and >= 0 ? i : throw new AssertionException($"runs.csv lacks {column}: {string.Join(',', header)}");
        foreach (var row in rows)
        {
            // The all row sums the groups' prunes: the group columns are the groups' own figures, not copies.
            Assert.That(CsvTables.Number(row[C("pruned")]), Is.EqualTo(CsvTables.Number(row[C("residential.pruned")]) + CsvTables.Number(row[C("server.pruned")])));
            Assert.That(row[C("residential.nodes")], Is.EqualTo("120"));
            Assert.That(row[C("server.nodes")], Is.EqualTo("30"));
            Assert.That(row[C("residential.low_water")], Is.EqualTo(row[C("low")]), "the factor reached the residential engines");
        }

        var points = CsvTables.Read(Path.Combine(output, "points.csv")).Header;
        Assert.That(points, Does.Contain("residential.connections_mean_ci95_low").And.Contain("server.connections_mean_mean"));
        var plots = Directory.GetFiles(Path.Combine(output, "plots"), "*.png").Select(Path.GetFileName).ToArray();
        Assert.That(plots, Does.Contain("residential.connections_mean-heatmap.png").And.Contain("residential.connections_mean-by-low.png"));
        Assert.That(plots.Any(p => p!.Contains("by-dial_target", StringComparison.Ordinal)), Is.False, "a zip partner is not an axis");
    }
}
