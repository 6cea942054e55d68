using ConnMgr.Sim.Network;
using ConnMgr.Sim.Network.Models;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Tests;

/// <summary><c>network.dials: split</c>: the SYN reaches the listener at half the dial latency, the answer the dialer at the full latency.</summary>
public class SplitDialTests
{
    private static Scenario Split(int seed = 1, DialDelivery dials = DialDelivery.Split, ChurnSpec? churn = null)
    {
        var s = NetworkTests.Small(seed, churn: churn);
        s.Network!.RemoteCloses = RemoteCloses.HalfRoundTrip;
        s.Network.Dials = dials;
        return s;
    }

    /// <summary>
    /// Steps 5 ms at a time through the first connections and notes every connection held at one end only; true when
    /// one of them is later held at the other end too (a SYN's listener took it before the answer reached the dialer).
    /// </summary>
    private static (int OneSided, int AnsweredLater) WatchOneSidedConnections(Scenario scenario)
    {
        var runner = Networks.Create(scenario);
        var list = new List<(int Peer, long ConnectionId)>();
        var other = new List<(int Peer, long ConnectionId)>();
        var oneSided = new HashSet<(int Holder, int Peer, long Edge)>();
        for (var ms = 0; ms < 3000; ms += 5)
        {
            runner.Clock.RunFor(TimeSpan.FromMilliseconds(5));
            for (var node = 0; node < runner.Nodes; node++)
            {
                runner.Engine(node).CopyConnections(list);
                foreach (var (peer, edge) in list)
                {
                    runner.Engine(peer).CopyConnections(other);
                    if (!other.Contains((node, edge)))
                    {
                        oneSided.Add((node, peer, edge));
                    }
                }
            }
        }

        var answeredLater = 0;
        foreach (var (holder, peer, edge) in oneSided)
        {
            runner.Engine(peer).CopyConnections(other);
            answeredLater += other.Contains((holder, edge)) ? 1 : 0;
        }

        return (oneSided.Count, answeredLater);
    }

    [Test]
    public void Listener_TakesTheConnection_BeforeTheAnswerReachesTheDialer()
    {
        var (oneSided, answeredLater) = WatchOneSidedConnections(Split());
        Assert.That(oneSided, Is.GreaterThan(0), "connections were caught held at one end");
        Assert.That(answeredLater, Is.GreaterThan(oneSided / 2), "most of them reached the dialer later: they were SYNs awaiting their answer");
    }

    [Test]
    public void WithoutSplitDials_AConnectionHeldAtOneEndIsNeverTakenByTheOther()
    {
        var (_, answeredLater) = WatchOneSidedConnections(Split(dials: DialDelivery.Instant));
        Assert.That(answeredLater, Is.Zero, "with instant dials a one-sided connection is a close in flight, never a dial");
    }

    [Test]
    public void ModelsHearEveryAdmittedConnectionClose_ExactlyOnce_UnderChurn()
    {
        var scenario = Split(churn: TeardownCounter.Churn(4, 1));
        var counter = new TeardownCounter();
        var runner = counter.RunnerWith(scenario);
        for (var minute = 0; minute < 20; minute++)
        {
            runner.Clock.RunFor(TimeSpan.FromMinutes(1));
            Assert.That(counter.Admitted - counter.Closed, Is.EqualTo(runner.OpenEdges), $"minute {minute + 1}: admitted minus heard closed is the edges with an open end");
            Assert.That(counter.Opened, Is.LessThanOrEqualTo(counter.Admitted), "models hear Connected only for admitted connections");
        }

        Assert.That(counter.Closed, Is.GreaterThan(1000), "connections closed (churn and trims) while the check ran");
        Assert.That(counter.Opened, Is.GreaterThan(1000), "dials connected at both ends while the check ran");
    }

    [Test]
    public void SameSeed_GivesTheSameRun_AndSplittingDialsChangesIt()
    {
        var a = Networks.Create(Split(seed: 3)).Run();
        var b = Networks.Create(Split(seed: 3)).Run();
        var closesOnly = Networks.Create(Split(seed: 3, dials: DialDelivery.Instant)).Run();
        string[] metrics = ["connections_mean", "pruned", "dials", "admission_attempts"];
        Assert.That(metrics.Select(m => b.Metric(m)), Is.EqualTo(metrics.Select(m => a.Metric(m))));
        Assert.That(metrics.Select(m => closesOnly.Metric(m)), Is.Not.EqualTo(metrics.Select(m => a.Metric(m))), "the option is in effect");
        Assert.That(a.Metric("dials"), Is.GreaterThan(1000), "the run dialed");
    }

    [Test]
    public void SplitDials_WithoutDelayedCloses_IsAnErrorNamingThePath()
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(Repo.Scenario("network-10k.json"), new Dictionary<string, string> { ["network.dials"] = "split" }))!;
        Assert.That(e.Errors.Select(x => x.Path), Is.EqualTo(new[] { "network.dials" }));
        Assert.That(e.Errors[0].Message, Does.Contain("halfRoundTrip").And.Contain("instant | split"));
    }

    [Test]
    public void SplitDials_WithARouterRebootShorterThanADial_IsAnErrorNamingThePath()
    {
        var set = new Dictionary<string, string>
        {
            ["network.remoteCloses"] = "halfRoundTrip",
            ["network.dials"] = "split",
            ["network.groups[0].router.reboot"] = "00:00:03",
        };
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(Repo.Scenario("network-10k.json"), set))!;
        Assert.That(e.Errors.Select(x => x.Path), Is.EqualTo(new[] { "network.groups[0].router.reboot" }));
        Assert.That(e.Errors[0].Message, Does.Contain("dialTimeout"));
        set["network.groups[0].router.reboot"] = "00:00:06";
        Assert.That(ScenarioLoader.Load(Repo.Scenario("network-10k.json"), set).Network!.Dials, Is.EqualTo(DialDelivery.Split), "6 s covers a 5-s dial timeout plus a crawler's spread");
    }
}
