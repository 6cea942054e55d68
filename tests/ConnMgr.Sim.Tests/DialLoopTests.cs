using ConnMgr.Sim.Network;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Tests;

/// <summary>A node has one dial loop: one wake-up per dial interval, whatever takes it down and brings it back.</summary>
public class DialLoopTests
{
    [TestCase(DialDelivery.Instant)]
    [TestCase(DialDelivery.Split)]
    public void RouterRebootShorterThanDialInterval_KeepsOneDialLoopPerNode(DialDelivery dials)
    {
        // Every dial fails and holds a NAT entry, so a round of 8 dials fills a 4-entry table and kills the router in
        // each round; the router is back long before the node's next wake-up, which is still pending.
        var interval = TimeSpan.FromSeconds(30);
        var scenario = NetworkTests.Small(router: new RouterSpec
        {
            NatEntries = 4,
            FailedDialLinger = TimeSpan.FromMinutes(2),
            OnFull = RouterBehaviour.Die,
            Reboot = TimeSpan.FromSeconds(7),
        });
        scenario.Duration = TimeSpan.FromMinutes(10);
        scenario.Network!.DialFailure = 1;
        scenario.Network.Dials = dials;
        scenario.Network.RemoteCloses = dials == DialDelivery.Split ? RemoteCloses.HalfRoundTrip : RemoteCloses.Instant;
        var residential = scenario.Network.Groups[0];
        residential.DialInterval = interval;

        var result = Networks.Create(scenario).Run();

        var rounds = (scenario.Duration / interval) + 1; // the first wake-up comes at a phase within the interval
        var mostDials = residential.Count * residential.ParallelDials * rounds;
        Assert.Multiple(() =>
        {
            Assert.That(result.Metric("router_deaths", residential.Name), Is.GreaterThan(residential.Count), "routers die in most rounds");
            Assert.That(result.Metric("dials", residential.Name), Is.InRange(mostDials / 2, mostDials), "one round of parallel dials per node and interval");
        });
    }
}
