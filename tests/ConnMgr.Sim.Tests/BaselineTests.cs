using ConnMgr.Sim.Experiments;
using ConnMgr.Sim.Experiments.Baselines;
using ConnMgr.Sim.Results;

namespace ConnMgr.Sim.Tests;

/// <summary>Regression baselines: unchanged code passes, a 10 % change of the trim target fails.</summary>
public class BaselineTests
{
    private static RunResult Run(double residentialLowWater)
    {
        var sets = new Dictionary<string, string>
        {
            ["duration"] = "00:08:00",
            ["network.groups[0].engine.lowWater"] = residentialLowWater.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var plan = RunPlans.Expand(Repo.Scenario("network-10k.json"), sets, [], VariantSelection.Base, Repo.TempDir())[0];
        return Runs.Create(plan.Load()).Run();
    }

    [Test]
    public void Baseline_PassesOnTheSameCode_AndFailsWhenTheTrimTargetMovesTenPercent()
    {
        var recorded = Baseline.Record("network-10k.json", [Run(32)], 0.05, new Dictionary<string, double>());
        var path = Path.Combine(Repo.TempDir(), "baseline.json");
        recorded.Write(path);
        var baseline = Baseline.Read(path);
        Assert.That(baseline.Metrics, Does.ContainKey("pruned").And.ContainKey("connections_mean").And.ContainKey("dial_success"));

        var same = baseline.Check([Run(32)]);
        Assert.That(same.Where(x => !x.Passed).Select(x => $"{x.Name}: {x.Measured} vs {x.Expected}"), Is.Empty, "the same code and seed reproduce the baseline");

        var moved = baseline.Check([Run(29)]);
        var pruned = moved.Single(x => x.Name == "baseline pruned");
        Assert.That(pruned.Passed, Is.False, $"LowWater 32 → 29 moves pruning outside 5 %: {pruned.Measured} vs {pruned.Expected}");
    }

    [Test]
    public void Baseline_WithReplications_AllowsTheNoiseOfTheMean()
    {
        var m = new BaselineMetric(100, 10, 10, 0, 0);
        var baseline = new Baseline { Scenario = "x.json", Replications = 10, Metrics = new Dictionary<string, BaselineMetric> { ["pruned"] = m } };
        RunResult With(double pruned)
        {
            var summary = new ResultTable([SharedColumns.Pruned]);
            summary.Add(new ResultRow(double.NaN, ResultRow.All, [pruned]));
            return new RunResult { Name = "x", Seed = 1, Mode = RunMode.Focal, Completed = true, VirtualTime = TimeSpan.Zero, EventsProcessed = 0, WallTime = TimeSpan.Zero, Timeseries = new ResultTable([]), Summary = summary };
        }

        // Ten new runs with mean 105 and sd 10: the difference of the means is inside its 95 % interval (about ± 9.7).
        var close = baseline.Check([.. Enumerable.Range(0, 10).Select(i => With(i % 2 == 0 ? 95 : 115))]);
        Assert.That(close.Single().Passed, Is.True, close.Single().Expected);
        var far = baseline.Check([.. Enumerable.Range(0, 10).Select(i => With(i % 2 == 0 ? 110 : 130))]);
        Assert.That(far.Single().Passed, Is.False, far.Single().Expected);
    }
}
