using ConnMgr.Sim.Network;
using ConnMgr.Sim.Network.Models;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Tests;

/// <summary><c>network.remoteCloses: halfRoundTrip</c>: a close reaches the far end half the edge's round trip later.</summary>
public class DelayedCloseTests
{
    // Half of NetworkSpec.DialTimeout's 10 s (the longest half round trip), plus the 5-ms delivery bucket a close waits in.
    private static readonly TimeSpan HalfTimeout = TimeSpan.FromSeconds(5) + TimeSpan.FromTicks(MessageBuckets.WidthTicks);

    private static Scenario Delayed(int seed = 1)
    {
        var s = NetworkTests.Small(seed);
        s.Network!.RemoteCloses = RemoteCloses.HalfRoundTrip;
        return s;
    }

    [Test]
    public void ConnectionClosedAtOneEnd_IsHeldAtTheOther_UntilHalfTheRoundTripHasPassed()
    {
        var runner = Networks.Create(Delayed());
        var list = new List<(int Peer, long ConnectionId)>();
        var other = new List<(int Peer, long ConnectionId)>();
        var seen = 0;
        var pending = new List<(int Node, int Peer, long Edge, TimeSpan Deadline)>();
        for (var second = 0; second < 600; second++)
        {
            runner.Clock.RunFor(TimeSpan.FromSeconds(1));
            var now = runner.Clock.GetUtcNow() - runner.Clock.Start;
            foreach (var (node, peer, edge, deadline) in pending.Where(p => p.Deadline <= now))
            {
                runner.Engine(node).CopyConnections(list);
                Assert.That(list, Does.Not.Contain((peer, edge)), $"{node} still holds edge {edge} to {peer} at {now}, past its latest close");
            }

            pending.RemoveAll(p => p.Deadline <= now);
            for (var node = 0; node < runner.Nodes; node++)
            {
                runner.Engine(node).CopyConnections(list);
                foreach (var (peer, edge) in list)
                {
                    runner.Engine(peer).CopyConnections(other);
                    if (!other.Contains((node, edge)))
                    {
                        seen++;
                        pending.Add((node, peer, edge, now + HalfTimeout));
                    }
                }
            }
        }

        Assert.That(seen, Is.GreaterThan(0), "some connection was caught held at one end only: closes travel");
        Assert.That(runner.Run().Metric("pruned"), Is.GreaterThan(0), "the check ran while engines were pruning");
    }

    [Test]
    public void NodeGoingOffline_ItsPeersLetGo_HalfARoundTripLater()
    {
        var runner = Networks.Create(Delayed());
        runner.Clock.RunFor(TimeSpan.FromMinutes(3));
        var node = Enumerable.Range(0, runner.Nodes).First(n => runner.IsUp(n) && runner.Engine(n).Connections >= 4);
        var peers = new List<(int Peer, long ConnectionId)>();
        runner.Engine(node).CopyConnections(peers);

        Assert.That(runner.TakeDown(node, DownCause.Offline), Is.True);
        Assert.That(runner.Engine(node).Connections, Is.Zero, "the node's own end closes at once");
        runner.Clock.RunFor(TimeSpan.FromMilliseconds(4));
        Assert.That(peers.Where(p => runner.Engine(p.Peer).IsConnected(node)).Count(), Is.EqualTo(peers.Count), "no peer has heard 4 ms later: a close takes half a round trip, at least 5 ms");

        runner.Clock.RunFor(HalfTimeout + TimeSpan.FromTicks(1));
        Assert.That(peers.Where(p => runner.Engine(p.Peer).IsConnected(node)), Is.Empty, "every peer heard within half the dial timeout");
    }

    [TestCase(RemoteCloses.Instant)]
    [TestCase(RemoteCloses.HalfRoundTrip)]
    public void ModelsHearEveryAdmittedConnectionClose_ExactlyOnce_WhenItsLastEndCloses(RemoteCloses closes)
    {
        var scenario = NetworkTests.Small(churn: TeardownCounter.Churn(4, 1));
        scenario.Network!.RemoteCloses = closes;
        var counter = new TeardownCounter();
        var runner = counter.RunnerWith(scenario);
        for (var minute = 0; minute < 20; minute++)
        {
            runner.Clock.RunFor(TimeSpan.FromMinutes(1));
            Assert.That(counter.Admitted - counter.Closed, Is.EqualTo(runner.OpenEdges), $"minute {minute + 1}: admitted minus heard closed is the edges with an open end");
        }

        Assert.That(counter.Closed, Is.GreaterThan(1000), "connections closed (churn and trims) while the check ran");
    }

    [Test]
    public void SameSeed_GivesTheSameRun_AndTheDelayChangesIt()
    {
        var a = Networks.Create(Delayed(seed: 3)).Run();
        var b = Networks.Create(Delayed(seed: 3)).Run();
        var instant = Networks.Create(NetworkTests.Small(seed: 3)).Run();
        string[] metrics = ["connections_mean", "pruned", "dials", "admission_attempts"];
        Assert.That(metrics.Select(m => b.Metric(m)), Is.EqualTo(metrics.Select(m => a.Metric(m))));
        Assert.That(metrics.Select(m => instant.Metric(m)), Is.Not.EqualTo(metrics.Select(m => a.Metric(m))), "the option is in effect");
    }

    [Test]
    public void AttackMeasures_AreWhatTheVictimsEnginesHold_WhenClosesTravel()
    {
        var overrides = new Dictionary<string, string> { ["network.remoteCloses"] = "halfRoundTrip" };
        var runner = Networks.Create(ScenarioLoader.Load(Repo.Scenario("defect.json"), overrides));
        var result = runner.Run();
        var names = runner.Spec.Groups.Select(g => g.Name).ToList();
        var (victims, count) = runner.GroupRange(names.IndexOf("victim"));
        var (attackers, attackerCount) = runner.GroupRange(names.IndexOf("attacker"));
        var list = new List<(int Peer, long ConnectionId)>();
        double held = 0;
        for (var v = victims; v < victims + count; v++)
        {
            runner.Engine(v).CopyConnections(list);
            held += list.Select(c => c.Peer).Distinct().Count(p => p >= attackers && p < attackers + attackerCount);
        }

        Assert.That(held / count, Is.GreaterThan(10), "the victims hold sybils at the end");
        Assert.That(result.Metric("attacker_peers_mean", "victim"), Is.EqualTo(held / count).Within(1e-9), "not the sybils whose close is still travelling");
    }
}
