using ConnMgr.Sim.Running;
using ConnMgr.Sim.Scenarios;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace ConnMgr.Sim.Tests;

/// <summary>
/// Validates the simulator against queueing theory. With no limit, Poisson arrivals (rate λ) and exponential
/// sessions (mean 1/μ) make the connection count an M/M/∞ queue whose time-average is L = λ/μ (Little's law).
/// Method: the run (after a warm-up of 10 mean sessions) is cut into batches of 5 minutes; each batch's
/// time-averaged count is one observation; batches of 10 mean sessions are nearly independent (the count's
/// autocorrelation decays as e^(−μt)), so a Student-t interval over the batch means is a valid 99 % confidence
/// interval for L ("batch means", Law &amp; Kelton, Simulation Modeling and Analysis, ch. 9).
/// </summary>
public class LittlesLawTests
{
    [TestCase(2.0, 30.0, 1)]
    [TestCase(0.5, 120.0, 2)]
    [TestCase(5.0, 10.0, 3)]
    public void TimeAverageCount_MatchesLambdaOverMu_WithinConfidenceInterval(double lambda, double meanSessionSeconds, int seed)
    {
        var scenario = new Scenario
        {
            Name = "littles-law",
            Seed = seed,
            Duration = TimeSpan.FromHours(6),
            TraceInterval = TimeSpan.FromMinutes(5),
            Nodes =
            [
                new NodeGroupSpec
                {
                    Engine = new EngineSpec { LowWater = 999_999, HighWater = 1_000_000 },
                    Workload = new WorkloadSpec
                    {
                        Inbound = new InboundSpec { Rate = lambda },
                        Sessions = new DurationDistributionSpec { Kind = DistributionKind.Exponential, Mean = TimeSpan.FromSeconds(meanSessionSeconds) },
                    },
                },
            ],
        };
        var result = new ScenarioRunner(scenario).Run();

        var warmup = 10 * meanSessionSeconds;
        var batches = result.Timeseries.Rows.Where(r => r.TimeSeconds > warmup + 300).Select(r => r.Values[result.Timeseries.IndexOf("connections_time_avg")]).ToArray();
        var mean = batches.Mean();
        var half = StudentT.InvCDF(0, 1, batches.Length - 1, 0.995) * batches.StandardDeviation() / Math.Sqrt(batches.Length);
        var expected = lambda * meanSessionSeconds;

        Assert.That(batches, Has.Length.GreaterThan(50));
        Assert.That(mean, Is.EqualTo(expected).Within(half), $"L = {expected}, measured {mean:0.00} ± {half:0.00} (99 %)");
        Assert.That(half / expected, Is.LessThan(0.05), "the interval is tight enough to mean something");
        Assert.That(result.Metric("pruned"), Is.Zero);
    }
}
