using ConnMgr.Sim.Scenarios;
using MathNet.Numerics.Statistics;

namespace ConnMgr.Sim.Tests;

/// <summary>
/// The two processes that start a DHT's background lookups (<see cref="LookupArrivals"/>): one for the network
/// drawing a member each time, or one per member from its own stream. They are equal in law, so both must start the
/// number of lookups the rate gives, counting only members that are up.
/// </summary>
public class LookupArrivalsTests
{
    private const int Nodes = 2_000;
    private const double LookupsPerNodePerHour = 60;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(120);

    private static Scenario Network(LookupArrivals arrivals, double initiallyOnline, int seed)
    {
        var scenario = Networks.Dht(Nodes, LookupsPerNodePerHour, seed);
        scenario.Duration = Duration;
        scenario.Network!.Dht!.LookupArrivals = arrivals;
        if (initiallyOnline < 1)
        {
            // Sessions and off times of ~100 years: the nodes online at the start stay so, the others stay off.
            scenario.Network.Groups[0].Churn = new ChurnSpec
            {
                Session = new DurationDistributionSpec { Mean = TimeSpan.FromDays(36_500) },
                OffTime = new DurationDistributionSpec { Mean = TimeSpan.FromDays(36_500) },
                InitiallyOnline = initiallyOnline,
            };
        }

        return scenario;
    }

    [TestCase(LookupArrivals.Network, 1.0)]
    [TestCase(LookupArrivals.PerNode, 1.0)]
    [TestCase(LookupArrivals.Network, 0.5)]
    [TestCase(LookupArrivals.PerNode, 0.5)]
    public void BackgroundLookups_FollowTheRateOfTheMembersUp(LookupArrivals arrivals, double online)
    {
        // Poisson: E = up members × rate × time; a lookup started in the last seconds may not have ended, so allow 3 %.
        var expected = Nodes * online * LookupsPerNodePerHour * Duration.TotalHours;
        var lookups = Networks.Create(Network(arrivals, online, seed: 5)).Run().Metric("lookups");
        var bound = 4 * Math.Sqrt(expected);
        Assert.That(lookups, Is.InRange(0.97 * expected - bound, expected + bound), $"{arrivals}, {online:P0} online: expected about {expected:0}");
    }

    [Test]
    public void PerNodeArrivals_AreEqualInLawToTheNetworkProcess_OverSeeds()
    {
        // Ten seeds each: the two means of ended lookups, success and hops agree within four standard errors.
        static double[] Column(LookupArrivals a, string metric) =>
            [.. Enumerable.Range(1, 10).Select(seed => Networks.Create(Network(a, 1.0, seed)).Run().Metric(metric))];

        foreach (var metric in new[] { "lookups", "lookup_hops_mean" })
        {
            var network = Column(LookupArrivals.Network, metric);
            var perNode = Column(LookupArrivals.PerNode, metric);
            var se = Math.Sqrt((network.Variance() + perNode.Variance()) / network.Length);
            Assert.That(se, Is.GreaterThan(0), $"{metric}: seeds must differ for the comparison to mean anything");
            Assert.That(Math.Abs(network.Average() - perNode.Average()), Is.LessThan(4 * se),
                $"{metric}: network {network.Average():0.000} vs per node {perNode.Average():0.000} (se {se:0.000})");
        }
    }

    [Test]
    public void PerNodeArrivals_AreByteIdentical_ForTheSameSeed_AndDifferFromTheNetworkProcess()
    {
        var first = Networks.Create(Network(LookupArrivals.PerNode, 0.5, seed: 3)).Run();
        var again = Networks.Create(Network(LookupArrivals.PerNode, 0.5, seed: 3)).Run();
        var shared = Networks.Create(Network(LookupArrivals.Network, 0.5, seed: 3)).Run();
        Assert.That(again.Metric("lookups"), Is.EqualTo(first.Metric("lookups")));
        Assert.That(again.Metric("lookup_p50_ms"), Is.EqualTo(first.Metric("lookup_p50_ms")));
        string[] metrics = ["lookups", "lookup_hops_mean", "lookup_p50_ms"];
        Assert.That(metrics.Select(m => shared.Metric(m)), Is.Not.EqualTo(metrics.Select(m => first.Metric(m))), "the option must reach the model");
    }
}
