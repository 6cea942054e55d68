using ConnMgr.Sim.Network;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Tests;

/// <summary>
/// <c>engine.compactBackoff</c> as the 1M network scenarios ship it: a pruned peer waits out its backoff as a record
/// instead of a table slot, and the run is the same run, value for value, because nothing there depends on the
/// order an engine enumerates its connections in beyond a departing node's closes, which reach distinct peers
/// (benchmarks/README.md, issue 13 thirty-ninth step). If a model comes to depend on that order, the run at 20,000
/// nodes fails and the scenarios' setting has to be measured again.
/// </summary>
public class BackoffRecordsInNetworkTests
{
    [TestCase("network-1m-ci.json")]
    [TestCase("scale/network-1m.json")]
    public void The1MNetworkScenarios_KeepPrunedPeersAsBackoffRecords_InEveryGroup(string file)
    {
        var groups = ScenarioLoader.Load(Repo.Scenario(file)).Network!.Groups;
        Assert.That(groups.Select(g => g.Engine.CompactBackoff), Is.All.True, $"{file}: engine.compactBackoff in every group");
    }

    [Test]
    public void Network1mCiAt20000Nodes_WithRecords_HoldsFewerSlots_AndWritesTheSameOutputs()
    {
        var (withRecords, a) = Run(compact: true);
        var (withSlots, b) = Run(compact: false);

        Assert.That(ResultValues.Of(a.Summary), Is.EqualTo(ResultValues.Of(b.Summary)), "summary");
        Assert.That(ResultValues.Of(a.Timeseries), Is.EqualTo(ResultValues.Of(b.Timeseries)), "timeseries");
        Assert.That(ResultValues.Of(a.Distributions), Is.EqualTo(ResultValues.Of(b.Distributions)), "distribution files (session lengths)");

        var nodes = Enumerable.Range(0, withRecords.Nodes).ToArray();
        Assert.That(nodes.Sum(n => (long)withRecords.Engine(n).TrackedPeers), Is.EqualTo(nodes.Sum(n => (long)withSlots.Engine(n).TrackedPeers)), "a record is a tracked peer as its slot was");
        var recordSlots = nodes.Sum(n => (long)withRecords.Engine(n).Capacity);
        var slots = nodes.Sum(n => (long)withSlots.Engine(n).Capacity);
        Assert.That(recordSlots, Is.LessThan(slots), $"engines with records reserve {recordSlots} slots against {slots} (1,130,200 against 1,189,620 when written): if records replaced no slots, this test compares a run with itself");
    }

    private static (NetworkRunner Runner, RunResult Result) Run(bool compact)
    {
        var scenario = ScenarioLoader.Load(Repo.Scenario("network-1m-ci.json"), new Dictionary<string, string>
        {
            ["network.groups[0].count"] = "16000",
            ["network.groups[1].count"] = "4000",
            ["network.groups[0].engine.compactBackoff"] = compact ? "true" : "false",
            ["network.groups[1].engine.compactBackoff"] = compact ? "true" : "false",
        });
        var runner = Networks.Create(scenario);
        return (runner, runner.Run());
    }
}
