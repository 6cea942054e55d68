using ConnMgr.Sim.Experiments;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Tests;

/// <summary>Room for newcomers in a network of full nodes: join time of late arrivals, with and without newcomer slots.</summary>
public class NewcomerTests
{
    private static string Json(int slots) => $$"""
        { "name": "full", "seed": 5, "duration": "00:10:00", "traceInterval": "00:01:00",
          "network": { "addressBook": 32, "groups": [
              { "name": "full", "count": 300, "profile": "js", "dialTarget": 8,
                "engine": { "mode": "max", "max": 8, "onLimit": "rejectInbound", "gracePeriod": "00:01:00", "newcomerSlots": {{slots}} } },
              { "name": "new", "count": 30, "profile": "js", "dialTarget": 8, "joinTarget": 6,
                "engine": { "mode": "max", "max": 8, "onLimit": "rejectInbound", "gracePeriod": "00:01:00", "newcomerSlots": {{slots}} },
                "churn": { "initiallyOnline": 0, "offTime": { "kind": "exponential", "mean": "00:03:00" }, "session": { "kind": "constant", "mean": "1.00:00:00" } } } ] } }
        """;

    private static RunResult Run(int slots) => Runs.Create(ScenarioLoader.Load(Repo.WriteScenario(Json(slots)))).Run();

    [Test]
    public void NewNodes_CannotJoinAFullNetwork_UntilFullNodesKeepNewcomerSlots()
    {
        var closed = Run(slots: 0);
        var open = Run(slots: 2);

        Assert.That(closed.Metric("joins_unfinished", "new"), Is.GreaterThan(0.3), "full nodes refuse every late arrival");
        Assert.That(closed.Metric("newcomers_admitted"), Is.Zero);
        Assert.That(open.Metric("joins_unfinished", "new"), Is.LessThan(0.1));
        Assert.That(open.Metric("newcomers_admitted"), Is.GreaterThan(0));
        Assert.That(open.Metric("joins_measured", "new"), Is.InRange(20, 30), "new nodes that came online in the 10 minutes (exponential arrivals, mean 3 min) joined");
        Assert.That(open.Metric("join_time_p50_s", "new"), Is.LessThan(60));
    }

    [Test]
    public void NodesOnlineFromTheStart_AreNotMeasuredAsJoins()
    {
        // Every "full" node measures joins but is online from the start: the bootstrap is no join.
        var run = Runs.Create(ScenarioLoader.Load(Repo.WriteScenario(Json(slots: 2)), new Dictionary<string, string> { ["network.groups[0].joinTarget"] = "6" })).Run();

        Assert.That(run.Metric("joins_measured", "full"), Is.Zero);
        Assert.That(double.IsNaN(run.Metric("join_time_p50_s", "full")), Is.True);
        Assert.That(run.Metric("joins_measured", "new"), Is.GreaterThan(0));
    }

    [Test]
    public void UnderASybilFlood_ASlotOpensTheDoor_AndAPerSlash16LimitClosesIt()
    {
        RunResult Flood(string perPrefix) => Runs.Create(ScenarioLoader.Load(Repo.Scenario("eclipse-hard-cap.json"), new Dictionary<string, string>
        {
            ["network.groups[0].engine.trimPolicy"] = "oldest-first",
            ["network.groups[0].engine.newcomerSlots"] = "1",
            ["network.groups[0].engine.newcomersPerPrefix16"] = perPrefix,
        })).Run();

        var open = Flood("1000000");
        var limited = Flood("1");

        Assert.That(open.Metric("honest_peers_mean", "victim"), Is.LessThan(10), "every sybil is a newcomer: oldest-first gives them the slots");
        Assert.That(limited.Metric("honest_peers_mean", "victim"), Is.GreaterThan(18), "16 /16s of sybils get at most 16 slots");
        Assert.That(limited.Metric("pruned", "victim"), Is.LessThan(open.Metric("pruned", "victim") / 10));
    }
}
