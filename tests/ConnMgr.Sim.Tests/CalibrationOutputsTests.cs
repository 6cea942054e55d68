using ConnMgr.Sim.Experiments;
using ConnMgr.Sim.Network.Dht;
using ConnMgr.Sim.Running;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Tests;

/// <summary>The outputs measurements are held against (issue 14): per-group expectations, NAT entries of failed dials, drawn session lengths, routing tables, refresh.</summary>
public class CalibrationOutputsTests
{
    private static string Write(string json) => Repo.WriteScenario(json);

    private const string TwoGroups = """
        { "name": "two", "seed": 3, "duration": "00:05:00", "traceInterval": "00:00:30",
          "network": { "groups": [
            { "name": "busy", "count": 60, "dialTarget": 40, "engine": { "lowWater": 50, "highWater": 80 } },
            { "name": "quiet", "count": 60, "dialTarget": 5, "engine": { "lowWater": 50, "highWater": 80 } } ] },
          "expect": { EXPECT } }
        """;

    [Test]
    public void AnExpectationAtAGroup_ChecksThatGroupsRow_NotTheAllRow()
    {
        var scenario = ScenarioLoader.Load(Write(TwoGroups.Replace("EXPECT", "\"meanCount@quiet\": { \"max\": 100 }", StringComparison.Ordinal)));
        var result = Runs.Create(scenario).Run();
        var quiet = result.Metric("connections_mean", "quiet");
        var all = result.Metric("connections_mean");
        Assert.That(quiet, Is.Not.EqualTo(all).Within(0.01), "the groups differ, so the rows differ");

        // Bound the check between the two rows: it passes on the group's row and would fail on the all row's.
        var (low, high) = (Math.Min(quiet, all), Math.Max(quiet, all));
        var bound = quiet < all ? $"\"max\": {high - ((high - low) / 2):0.###}" : $"\"min\": {low + ((high - low) / 2):0.###}";
        var checkedAtGroup = Runs.Create(ScenarioLoader.Load(Write(TwoGroups.Replace("EXPECT", $"\"meanCount@quiet\": {{ {bound} }}", StringComparison.Ordinal)))).Run();
        var checkedAtAll = Runs.Create(ScenarioLoader.Load(Write(TwoGroups.Replace("EXPECT", $"\"meanCount\": {{ {bound} }}", StringComparison.Ordinal)))).Run();
        Assert.That(checkedAtGroup.Expectations.Single().Passed, Is.True, checkedAtGroup.Expectations.Single().ToString());
        Assert.That(checkedAtGroup.Expectations.Single().Name, Does.EndWith("(quiet)"));
        Assert.That(checkedAtAll.Expectations.Single().Passed, Is.False);
    }

    [Test]
    public void AnExpectationAtAnUnknownGroup_IsRejectedWithItsPathAndTheGroups()
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(Write(TwoGroups.Replace("EXPECT", "\"meanCount@server\": { \"max\": 1 }", StringComparison.Ordinal))))!;
        var error = e.Errors.Single();
        Assert.That(error.Path, Is.EqualTo("expect.meanCount@server"));
        Assert.That(error.Message, Does.Contain("busy, quiet"));
    }

    private const string Unreachable = """
        { "name": "syn", "seed": 5, "duration": "00:10:00", "traceInterval": "00:00:30",
          "network": { "groups": [
            { "name": "home", "count": 40, "dialable": 0, "dialTarget": 20, "dialInterval": "00:00:05", "parallelDials": 4,
              "router": { "natEntries": 1024, "linger": "00:02:00", "failedDialLinger": "LINGER" } },
            { "name": "gone", "count": 200, "dialable": 1, "churn": { "session": { "kind": "constant", "mean": "00:00:01" }, "offTime": { "kind": "constant", "mean": "10:00:00" } } } ] } }
        """;

    [Test]
    public void UnansweredDials_HoldNatEntriesForTheFailedDialLinger_CountedApartFromConnections()
    {
        var holding = Runs.Create(ScenarioLoader.Load(Write(Unreachable.Replace("LINGER", "00:02:00", StringComparison.Ordinal)))).Run();
        var none = Runs.Create(ScenarioLoader.Load(Write(Unreachable.Replace("LINGER", "00:00:00", StringComparison.Ordinal)))).Run();

        // Every peer leaves after its first second, so almost no dial connects: nearly every entry is a failed dial's.
        var failed = holding.Metric("nat_failed_dial_entries_mean", "home");
        Assert.That(failed, Is.GreaterThan(5));
        Assert.That(holding.Metric("nat_entries_mean", "home"), Is.EqualTo(failed).Within(1.0));

        // Four dials per 5 s round, each held 120 s: at most 4 × 24 = 96 entries per router, and the linger decides it.
        Assert.That(holding.Metric("nat_entries_max", "home"), Is.InRange(1, 96));
        Assert.That(none.Metric("nat_entries_mean", "home"), Is.LessThan(1), "only the few connections of the first second linger");
        Assert.That(none.Metric("nat_failed_dial_entries_mean", "home"), Is.Zero);
    }

    [Test]
    public void DrawnSessionLengths_HaveTheDistributionsQuantiles()
    {
        // Weibull(shape 0.608, scale 3.656 h): median 3.656·ln2^(1/0.608) = 2.00 h, 80th percentile 3.656·ln5^(1/0.608) = 8.00 h.
        var json = """
            { "name": "sessions", "seed": 9, "duration": "00:01:00", "traceInterval": "00:00:30",
              "network": { "groups": [ { "name": "n", "count": 20000, "dialTarget": 0,
                "churn": { "session": { "kind": "weibull", "shape": 0.608, "scale": "03:39:22" }, "offTime": { "kind": "exponential", "mean": "02:00:00" } } } ] },
              "expect": { "sessionP50Hours": { "min": 1.9, "max": 2.1 }, "sessionP80Hours": { "min": 7.6, "max": 8.4 } } }
            """;
        var result = Runs.Create(ScenarioLoader.Load(Write(json))).Run();
        Assert.That(result.Expectations.Where(x => !x.Passed).Select(x => $"{x.Name}: {x.Measured}"), Is.Empty);
        Assert.That(result.Expectations, Has.Count.EqualTo(2));
        var lengths = result.Distributions.Single(d => d.File == "session-lengths.csv");
        Assert.That(lengths.Rows.Select(r => r.Values[0]), Is.Ordered, "quantiles of one distribution rise");
    }

    [Test]
    public void RoutingTableSize_IsTheNumberOfServersTheTableHolds()
    {
        var space = new KademliaSpace(3000, i => i % 3 != 0, seed: 77, k: 20);
        foreach (var node in new[] { 1, 2, 4, 3, 999, 2000 })
        {
            var members = Enumerable.Range(0, 3000).Count(peer => space.InTable(node, peer));
            Assert.That(space.TableSize(node), Is.EqualTo(members), $"node {node}");
        }
    }

    [Test]
    public void RefreshLookups_RunOneAtATime_SoANodesLookupDialsStayWithinAlpha()
    {
        var json = """
            { "name": "refresh", "seed": 4, "duration": "00:12:00", "traceInterval": "00:01:00",
              "network": { "groups": [ { "name": "n", "count": 3000, "dialTarget": 8, "engine": { "lowWater": 50, "highWater": 80 } } ],
                "dht": { "alpha": 4, "lookupsPerNodePerHour": 0, "refreshInterval": "00:10:00" } } }
            """;
        var result = Runs.Create(ScenarioLoader.Load(Write(json))).Run();

        // 2,000–3,000 servers with k 20: buckets 0 .. ~7 are non-empty, so a round is about 8–10 lookups, and every node ran one round (a second for some).
        var lookups = result.Metric("lookups");
        Assert.That(lookups / 3000, Is.InRange(7.0, 20.0));
        Assert.That(result.Metric("lookup_dials_in_flight_max"), Is.InRange(1, 4));
    }

    [Test]
    public void DialsInFlight_AreBoundedByTheParallelDialsOfARound()
    {
        var result = Runs.Create(ScenarioLoader.Load(Write(TwoGroups.Replace("EXPECT", "", StringComparison.Ordinal)))).Run();
        Assert.That(result.Metric("dials_in_flight_max", "busy"), Is.InRange(1, 8), "one round starts at most parallelDials (8) dials");
    }
}
