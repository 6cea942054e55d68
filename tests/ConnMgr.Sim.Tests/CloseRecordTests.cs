using ConnMgr.Sim.Running;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Tests;

/// <summary>Close records as an events.csv view: a close-record row with the decision's inputs before each pruned row.</summary>
public class CloseRecordTests
{
    private static IReadOnlyList<Results.EventRow> Events(Dictionary<string, string> overrides)
    {
        var runner = new ScenarioRunner(ScenarioLoader.Load(Repo.Scenario("nim-tutorial-2-protection.json"), overrides));
        runner.Run();
        return runner.EventRows!;
    }

    [Test]
    public void EveryPrunedRow_FollowsItsCloseRecord_WithTheDecisionsInputs()
    {
        var rows = Events(new() { ["nodes[0].engine.closeRecords"] = "8" });

        var pruned = Enumerable.Range(0, rows.Count).Where(i => rows[i].Event == "pruned").ToArray();
        Assert.That(pruned, Has.Length.EqualTo(4));
        foreach (var i in pruned)
        {
            var record = rows[i - 1];
            Assert.That((record.Event, record.Peer, record.Score), Is.EqualTo(("close-record", rows[i].Peer, rows[i].Score)));
            Assert.That(record.Reason, Does.Match(@"^cause=\w+;rank=\d+/\d+;count=\d+;target=\d+;subsystem=other;subsystem_count=\d+;reserved=0;max=none;grace_spared=\d+;protected_by=[^;]*;tags=[^;]*$"));
            Assert.That(record.Reason, Does.Not.Contain(","), "no quoting needed");
        }

        // The first trim ran while A was protected by "important": its records say so; the second ran after.
        Assert.That(rows[pruned[0] - 1].Reason, Does.Contain("protected_by=important:1"));
        Assert.That(rows[pruned[^1] - 1].Reason, Does.Contain("protected_by=;"));
    }

    [Test]
    public void WithoutCloseRecords_TheEventsHaveNoCloseRecordRows()
    {
        var rows = Events([]);

        Assert.That(rows.Any(r => r.Event == "pruned"), Is.True);
        Assert.That(rows.Any(r => r.Event == "close-record"), Is.False);
    }
}
