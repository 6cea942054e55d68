using ConnMgr.Sim.Experiments;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Tests;

/// <summary>Disconnect notices travel from the pruning engine to the pruned one, which honours them only when told to.</summary>
public class DisconnectNoticeTests
{
    // Nodes dial 24 peers but keep 8–16: every node prunes, and the pruned dial their pruners again.
    private const string Crowded = """
        { "name": "notices", "seed": 4, "duration": "00:03:00", "traceInterval": "00:00:30",
          "network": { "addressBook": 64, "groups": [
              { "name": "n", "count": 300, "profile": "go", "engine": { "lowWater": 8, "highWater": 16, "gracePeriod": "00:00:05", "silencePeriod": "00:00:05" HONOUR }, "dialTarget": 24, "dialInterval": "00:00:05" } ] } }
        """;

    private static RunResult Run(string honour = "") =>
        Runs.Create(ScenarioLoader.Load(Repo.WriteScenario(Crowded.Replace("HONOUR", honour, StringComparison.Ordinal)))).Run();

    [Test]
    public void HonouredNotices_EndRedialsOfAPruningPeer_AndCutTheChurn()
    {
        var ignored = Run();
        var honoured = Run(""", "honourRemoteBackoffUpTo": "00:10:00" """);

        Assert.That(ignored.Metric("redials_of_pruning_peer"), Is.GreaterThan(1000), "without notices the pruned dial their pruners again");
        Assert.That(double.IsNaN(ignored.Metric("remote_backoffs_honoured")), Is.True, "no group honours notices: the column is empty");
        Assert.That(honoured.Metric("redials_of_pruning_peer"), Is.Zero);
        Assert.That(honoured.Metric("remote_backoffs_honoured"), Is.EqualTo(honoured.Metric("pruned")), "every prune sent a notice that was applied");
        Assert.That(honoured.Metric("pruned"), Is.LessThan(ignored.Metric("pruned") * 0.9));
    }

    [Test]
    public void ANegativeCap_IsABadInputNamingItsPath()
    {
        var path = Repo.WriteScenario(Crowded.Replace("HONOUR", """, "honourRemoteBackoffUpTo": "-00:00:01" """, StringComparison.Ordinal));

        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(path))!;

        Assert.That(e.Errors.Select(x => x.Path), Does.Contain("network.groups[0].engine.honourRemoteBackoffUpTo"));
    }
}
