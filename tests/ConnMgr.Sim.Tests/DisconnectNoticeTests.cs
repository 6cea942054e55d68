using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Tests;

/// <summary>Disconnect notices travel from the pruning engine to the pruned one, which honours them only when told to.</summary>
public class DisconnectNoticeTests
{
    [Test]
    public void HonouredNotices_EndRedialsOfAPruningPeer_AndCutTheChurn()
    {
        var ignored = CrowdedNetwork.Run(seed: 4);
        var honoured = CrowdedNetwork.Run(seed: 4, engine: """, "honourRemoteBackoffUpTo": "00:10:00" """);

        Assert.That(ignored.Metric("redials_of_pruning_peer"), Is.GreaterThan(1000), "without notices the pruned dial their pruners again");
        Assert.That(double.IsNaN(ignored.Metric("remote_backoffs_honoured")), Is.True, "no group honours notices: the column is empty");
        Assert.That(honoured.Metric("redials_of_pruning_peer"), Is.Zero);
        Assert.That(honoured.Metric("remote_backoffs_honoured"), Is.EqualTo(honoured.Metric("pruned")), "every prune sent a notice that was applied");
        Assert.That(honoured.Metric("pruned"), Is.LessThan(ignored.Metric("pruned") * 0.9));
    }

    [Test]
    public void ANegativeCap_IsABadInputNamingItsPath()
    {
        var path = CrowdedNetwork.Write(seed: 4, engine: """, "honourRemoteBackoffUpTo": "-00:00:01" """);

        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(path))!;

        Assert.That(e.Errors.Select(x => x.Path), Does.Contain("network.groups[0].engine.honourRemoteBackoffUpTo"));
    }
}
