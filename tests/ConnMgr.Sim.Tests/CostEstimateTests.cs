using ConnMgr.Sim.Experiments.Cost;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Tests;

/// <summary>
/// The memory estimate against peaks measured on this machine kind (the run's peak RSS: `/usr/bin/time -f %M`, or the
/// manifest's peakWorkingSetBytes). It refuses runs before any work, so it must not fall far below a real peak (the
/// run would be let in and run out of memory) nor far above (a run that fits would be refused): within 0.7–1.5×.
/// Re-measure and update a figure when a change moves a scenario's memory (benchmarks/README.md, issue 13 sixth step).
/// </summary>
public class CostEstimateTests
{
    private const double GiB = 1024.0 * 1024 * 1024;

    [TestCase("scale/network-1m.json", 7.24, Description = "one virtual hour, split dials, engine.compactBackoff, 2026-12-08")]
    [TestCase("network-1m-ci.json", 6.55, Description = "split dials, engine.compactBackoff, 2026-12-08")]
    [TestCase("scale/dht-1m.json", 9.80, Description = "10 virtual min, engine.compactBackoff, 2026-12-07")]
    [TestCase("ipfs.json", 2.61, Description = "CONNMGR_SIM_PROFILE=1, 2026-12-03")]
    [TestCase("dht-lookups.json", 0.36, Description = "manifest, 2026-12-03")]
    [TestCase("network-10k.json", 0.14, Description = "manifest, 2026-12-03")]
    [TestCase("router-killing.json", 0.23, Description = "manifest, 2026-12-03")]
    public void MemoryEstimate_StaysNearTheMeasuredPeak(string file, double measuredGiB)
    {
        var estimate = CostEstimate.Of(ScenarioLoader.Load(Repo.Scenario(file))).Bytes / GiB;
        Assert.That(estimate / measuredGiB, Is.InRange(0.7, 1.5), $"{file}: estimated {estimate:0.00} GiB, measured {measuredGiB:0.00} GiB");
    }

    [TestCase(false, 12.65, Description = "10 virtual min, without engine.compactBackoff, 2026-12-03")]
    [TestCase(true, 14.31, Description = "one virtual hour, engine.compactBackoff, 2026-12-07")]
    public void DhtAtScale_CountsTheLookupsEnginesRemember_AndTheirRecordsSize(bool hour, double measuredGiB)
    {
        var set = hour
            ? new Dictionary<string, string> { ["duration"] = "01:00:00" }
            : new Dictionary<string, string> { ["network.groups[0].engine.compactBackoff"] = "false", ["network.groups[1].engine.compactBackoff"] = "false" };
        var estimate = CostEstimate.Of(ScenarioLoader.Load(Repo.Scenario("scale/dht-1m.json"), set)).Bytes / GiB;
        Assert.That(estimate / measuredGiB, Is.InRange(0.7, 1.5), $"estimated {estimate:0.00} GiB, measured {measuredGiB:0.00} GiB");
    }

    [Test]
    public void DhtLookups_HoldMemoryOnlyWhileEnginesRememberTheirPeers_SoALongerRunNeedsNoMore()
    {
        double LookupBytes(string duration) => CostEstimate.Of(ScenarioLoader.Load(Repo.Scenario("scale/dht-1m.json"), new Dictionary<string, string> { ["duration"] = duration }))
            .Terms.Single(t => t.Path == "network.dht.lookupsPerNodePerHour").Bytes;

        Assert.That(LookupBytes("03:00:00"), Is.EqualTo(LookupBytes("00:20:00")), "pruned peers are forgotten 20 min at most after their prune (twice PruneBackoff.Max)");
        Assert.That(LookupBytes("00:10:00"), Is.LessThan(LookupBytes("00:20:00")), "within the window every lookup counts");
    }

    [Test]
    public void PerNodeLookupArrivals_AddTheirPendingEventsToTheMemoryEstimate_AsMeasuredAtAMillion()
    {
        CostEstimate Of(string arrivals) => CostEstimate.Of(ScenarioLoader.Load(Repo.Scenario("scale/dht-1m.json"), new Dictionary<string, string> { ["duration"] = "00:03:00", ["network.dht.lookupArrivals"] = arrivals }));
        var (network, perNode) = (Of("network"), Of("perNode"));
        Assert.That(network.Terms.Any(t => t.Path == "network.dht.lookupArrivals"), Is.False, "one network process holds one pending event");
        Assert.That(perNode.Events, Is.EqualTo(network.Events), "as many arrivals either way: a down member's is skipped as a down pick is");
        Assert.That((perNode.Bytes - network.Bytes) / GiB / 0.07, Is.InRange(0.7, 1.5), "peak RSS 7.50 against 7.43 GiB, 1M members, 3 virtual min side by side, 2026-12-07");
    }

    [Test]
    public void TravellingCloses_AddTheirEventsToTheEstimate_AndStayNearTheMeasuredPeak()
    {
        var instant = CostEstimate.Of(ScenarioLoader.Load(Repo.Scenario("network-1m-ci.json"), new Dictionary<string, string> { ["network.remoteCloses"] = "instant", ["network.dials"] = "instant" }));
        var delayed = CostEstimate.Of(ScenarioLoader.Load(Repo.Scenario("network-1m-ci.json"), new Dictionary<string, string> { ["network.remoteCloses"] = "halfRoundTrip", ["network.dials"] = "instant" }));
        var groups = instant.Terms.Where(t => t.Path.StartsWith("network.groups", StringComparison.Ordinal)).Sum(t => t.Events);
        Assert.That(delayed.Terms.Single(t => t.Path == "network.remoteCloses").Events, Is.EqualTo(0.26 * groups).Within(1e-6 * groups), "16.4 M remote closes per 62.6 M other events at network-1m-ci");
        Assert.That(delayed.Bytes / GiB / 6.55, Is.InRange(0.7, 1.5), "peak RSS 6.49–6.55 GiB measured with halfRoundTrip, 2026-12-04");
    }

    [Test]
    public void SplitDials_AddASynEventPerDial_ToTheEstimate()
    {
        var closes = new Dictionary<string, string> { ["network.remoteCloses"] = "halfRoundTrip" };
        var delayed = CostEstimate.Of(ScenarioLoader.Load(Repo.Scenario("network-1m-ci.json"), new Dictionary<string, string>(closes) { ["network.dials"] = "instant" }));
        var split = CostEstimate.Of(ScenarioLoader.Load(Repo.Scenario("network-1m-ci.json"), new Dictionary<string, string>(closes) { ["network.dials"] = "split" }));
        var groups = delayed.Terms.Where(t => t.Path.StartsWith("network.groups", StringComparison.Ordinal)).Sum(t => t.Events);
        Assert.That(delayed.Terms.Any(t => t.Path == "network.dials"), Is.False, "instant dials add nothing");
        Assert.That(split.Terms.Single(t => t.Path == "network.dials").Events, Is.EqualTo(0.68 * groups).Within(1e-6 * groups), "42.5 M SYNs per 62.6 M events at network-1m-ci");
        Assert.That(split.Bytes / GiB / 6.54, Is.InRange(0.7, 1.5), "peak RSS 6.54 GiB measured with split dials, 2026-12-05");
    }
}
