using ConnMgr.Sim.Results;
using ConnMgr.Sim.Traces;

namespace ConnMgr.Sim.Tests;

/// <summary>events.csv records every connection change of a logged node, at both ends, with one meaning per column.</summary>
[NonParallelizable]
public class EventLogTests
{
    [Test]
    public void NetworkEventLog_RecordsEveryOpenAndClose_SoTheCountsAddUp()
    {
        var dir = Repo.TempDir();
        var (code, _, err) = CliRunner.Invoke("run", Repo.Scenario("network-10k.json"), "--set", "network.sampledEventLog=6", "--set", "duration=00:05:00", "--out", dir, "--quiet");
        Assert.That(code, Is.Zero, err);
        var (header, rows) = CsvTables.Read(Path.Combine(dir, "events.csv"));
        Assert.That(header, Is.EqualTo(new[] { "time_s", "group", "node", "event", "peer", "score", "count", "reason" }));
        int C(string name) => Array.IndexOf(header, name);
        var kinds = rows.Select(r => r[C("event")]).ToHashSet();
        Assert.That(kinds, Is.SubsetOf(EventKinds.All.Select(k => k.Name)));
        Assert.That(kinds, Does.Contain(EventKinds.Dial).And.Contain(EventKinds.DialFailed).And.Contain(EventKinds.Disconnected).And.Contain(EventKinds.Connected));

        foreach (var node in rows.GroupBy(r => r[C("node")]))
        {
            // Opens minus closes is the count on the node's last row: no close goes unrecorded (offline empties it).
            var opened = 0;
            foreach (var r in node)
            {
                switch (r[C("event")])
                {
                    case EventKinds.Connected:
                        opened++;
                        break;
                    case EventKinds.Disconnected or EventKinds.Pruned or EventKinds.PrunedByPeer:
                        opened--;
                        break;
                }
            }

            Assert.That(opened, Is.EqualTo(int.Parse(node.Last()[C("count")], System.Globalization.CultureInfo.InvariantCulture)), $"node {node.Key}");
            Assert.That(node.Where(r => r[C("event")] != EventKinds.Pruned).Select(r => r[C("score")]), Is.All.Empty, "score only on prunes");
        }

        Assert.That(rows.Where(r => r[C("event")] == EventKinds.DialFailed).Select(r => r[C("reason")]), Is.All.AnyOf("unreachable", "failure", "nat", "refused", "already-connected"));
        Assert.That(rows.Where(r => r[C("event")] == EventKinds.Disconnected).Select(r => r[C("reason")]), Is.All.Not.Empty, "every close has its cause");
    }

    [Test]
    public void FocalEventLog_HasCountOnEveryRow_AndScoreOnlyOnPrunes()
    {
        var dir = Repo.TempDir();
        Assert.That(CliRunner.Invoke("run", Repo.Scenario("nim-tutorial-1-trim.json"), "--out", dir, "--quiet").Code, Is.Zero);
        var (header, rows) = CsvTables.Read(Path.Combine(dir, "events.csv"));
        int C(string name) => Array.IndexOf(header, name);
        var counts = rows.Where(r => r[C("event")] == EventKinds.Connected).Select(r => r[C("count")]).ToArray();
        Assert.That(counts.Take(3), Is.EqualTo(new[] { "1", "2", "3" }), "the count after each of the first three connects");
        Assert.That(rows.Where(r => r[C("event")] == EventKinds.Trim).Select(r => r[C("count")]), Is.All.EqualTo("2"), "the tutorial trims 4 down to 2");
        Assert.That(rows.Where(r => r[C("event")] == EventKinds.Pruned).Select(r => r[C("score")]), Is.All.Not.Empty);
    }
}
