using System.Globalization;
using ConnMgr.Sim.Traces;

namespace ConnMgr.Sim.Tests;

[NonParallelizable]
public class CompareReplicationsTests
{
    private static readonly string[] Policies = ["score", "oldest-first", "newest-first", "random", "diversity"];

    [Test]
    public void CompareWithReplications_RunsEveryVariantOnTheSameSeeds_AndPairsTheirDifferences()
    {
        var dir = Repo.TempDir();
        var (code, output, err) = CliRunner.Invoke("compare", Repo.Scenario("trim-policies.json"), "--replications", "4", "--seed", "100", "--set", "duration=00:05:00", "--out", dir, "--quiet");
        Assert.That(code, Is.Zero, err);
        foreach (var policy in Policies)
        {
            Assert.That(Directory.GetDirectories(Path.Combine(dir, policy)).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { "seed-100", "seed-101", "seed-102", "seed-103" }), policy);
        }

        var (pointsHeader, points) = CsvTables.Read(Path.Combine(dir, "compare", "points.csv"));
        Assert.That(points.Select(p => p[Array.IndexOf(pointsHeader, "variant")]), Is.EqualTo(Policies));
        Assert.That(points.Select(p => p[Array.IndexOf(pointsHeader, "n")]), Is.All.EqualTo("4"));

        // The paired difference is computed from the runs themselves: recompute it from each run's summary.csv.
        var (diffHeader, diffs) = CsvTables.Read(Path.Combine(dir, "compare", "differences.csv"));
        int D(string column) => Array.IndexOf(diffHeader, column);
        var random = diffs.Single(d => d[D("variant")] == "random" && d[D("metric")] == "pruned");
        Assert.That(random[D("reference")], Is.EqualTo("score"));
        var paired = Enumerable.Range(100, 4).Select(s => Pruned(dir, "random", s) - Pruned(dir, "score", s)).ToArray();
        Assert.That(CsvTables.Number(random[D("mean")]), Is.EqualTo(paired.Average()).Within(1e-9));
        Assert.That(diffs.Any(d => d[D("variant")] == "score"), Is.False, "the reference has no difference to itself");

        // The behaviour the table shows: trimming by score keeps better-scored peers than trimming at random.
        var kept = diffs.Single(d => d[D("variant")] == "random" && d[D("metric")] == "score_kept_mean");
        Assert.That(CsvTables.Number(kept[D("ci95_high")]), Is.LessThan(0), "random keeps worse peers than score, beyond noise");
        Assert.That(output, Does.Contain("paired difference to score"));
        Assert.That(File.Exists(Path.Combine(dir, "compare", "plots", "score_kept_mean-by-variant.png")), Is.True, "bars with CIs per headline metric");
    }

    [TestCase("0")]
    [TestCase("10001")]
    public void CompareWithReplications_OutOfRange_ExitsTwoBeforeAnyRun(string replications)
    {
        var dir = Repo.TempDir();
        var (code, _, err) = CliRunner.Invoke("compare", Repo.Scenario("trim-policies.json"), "--replications", replications, "--out", dir, "--quiet");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(err, Does.Contain("--replications").And.Contain("allowed 1..10000"));
        Assert.That(Directory.EnumerateFileSystemEntries(dir), Is.Empty);
    }

    private static double Pruned(string dir, string variant, int seed)
    {
        var (header, rows) = CsvTables.Read(Path.Combine(dir, variant, $"seed-{seed.ToString(CultureInfo.InvariantCulture)}", "summary.csv"));
        return CsvTables.Number(rows.Single(r => r[0] == "all")[Array.IndexOf(header, "pruned")]);
    }
}
