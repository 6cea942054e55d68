using ConnMgr.Sim.Experiments;
using ConnMgr.Sim.Network;
using ConnMgr.Sim.Network.Models;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Scenarios;
using ConnMgr.Sim.Traces;

namespace ConnMgr.Sim.Tests;

/// <summary>
/// The model seam: a model written here, outside the simulator, adds a timeseries column, a summary column and an
/// expect key through <see cref="NetworkModels.Register"/> alone — no runner file knows of it.
/// </summary>
[NonParallelizable]
public class ModelSeamTests
{
    private const string Owner = "test-connects";

    private static readonly Column PerSecond = new("test_connects_per_s", "connections per second", "Connections opened by the group's nodes, per second (test-only model).");
    private static readonly Column Total = new("test_connects", "connections", "Connections opened by the group's nodes (test-only model).", Format: "0");

    private static string WriteScenario(string expect)
    {
        var path = Path.Combine(Repo.TempDir(), "seam.json");
        File.WriteAllText(path, $$"""
        {
          "name": "seam", "duration": "00:02:00", "traceInterval": "00:00:30", "seed": 5,
          "network": { "addressBook": 16, "groups": [ { "name": "a", "count": 60, "dialTarget": 8, "engine": { "lowWater": 10, "highWater": 20 } },
                                                      { "name": "b", "count": 40, "dialTarget": 4, "engine": { "lowWater": 10, "highWater": 20 } } ] },
          "expect": { {{expect}} }
        }
        """);
        return path;
    }

    [Test]
    public void TestOnlyModel_AddsAColumnAndAnExpectation_ThroughTheRegistryAlone()
    {
        NetworkModels.Register(new ModelRegistration(
            new ColumnGroup(Owner, RunMode.Network, [PerSecond], [Total]),
            [new Expectation("testConnects", Total.Name, ExpectationKind.Range, RunMode.Network, "connections opened (test model)")],
            (net, _) => new ConnectCounter(net)));
        try
        {
            var plan = RunPlans.Expand(WriteScenario("\"testConnects\": { \"min\": 100 }, \"protectedPruned\": 0"), new Dictionary<string, string>(), [], VariantSelection.Base, Repo.TempDir())[0];
            var runner = Runs.Create(plan.Load());
            var result = runner.Run();
            Runs.Write(plan, result, runner);

            var header = File.ReadLines(Path.Combine(plan.OutputDir, "timeseries.csv")).First().Split(',');
            Assert.That(header, Does.Contain("test_connects_per_s"));
            Assert.That(File.ReadLines(Path.Combine(plan.OutputDir, "summary.csv")).First().Split(','), Does.Contain("test_connects"));
            var measured = result.Metric("test_connects");
            Assert.That(measured, Is.EqualTo(result.Metric("test_connects", "a") + result.Metric("test_connects", "b")), "the all row sums the groups");
            Assert.That(result.Expectations.Single(e => e.Name.Contains("test model", StringComparison.Ordinal)).Passed, Is.True, $"measured {measured}");
            Assert.That(ColumnsReference.Markdown(), Does.Contain("`test_connects`"), "the columns reference lists it while registered");

            var failing = RunPlans.Expand(WriteScenario("\"testConnects\": { \"max\": 1 }"), new Dictionary<string, string>(), [], VariantSelection.Base, Repo.TempDir())[0];
            var fail = Runs.Create(failing.Load()).Run();
            Assert.That(fail.Expectations.Single().Passed, Is.False, "the same expectation can fail");
        }
        finally
        {
            NetworkModels.Unregister(Owner);
        }

        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(WriteScenario("\"testConnects\": { \"min\": 1 }")))!;
        Assert.That(e.Errors.Single().Path, Is.EqualTo("expect.testConnects"), "unregistered, the key is unknown again");
    }

    /// <summary>Counts connections opened per group: the smallest useful model.</summary>
    private sealed class ConnectCounter(INetwork net) : NetworkModel
    {
        private readonly long[] _total = new long[net.Spec.Groups.Count];
        private readonly long[] _previous = new long[net.Spec.Groups.Count];

        public override IReadOnlyList<Column> TraceColumns => [PerSecond];

        public override IReadOnlyList<Column> SummaryColumns => [Total];

        public override void Connected(int dialer, int listener, ConnectPurpose purpose) => _total[net.GroupOf(dialer)]++;

        public override void Sample(int group, double intervalSeconds, Span<double> values)
        {
            values[0] = (_total[group] - _previous[group]) / intervalSeconds;
            _previous[group] = _total[group];
        }

        public override void Summarize(int group, Span<double> values) => values[0] = group < 0 ? _total.Sum() : _total[group];
    }
}
