using ConnMgr.Sim.Kernel;
using ConnMgr.Sim.Network;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Tests;

/// <summary>
/// A partitioned network run on two threads (<c>--threads 2</c>, docs/design/two-partition-kernel.md, step 4) with
/// every partition-ready model at work: the outputs must be one thread's, byte for byte. A state two partitions share
/// shows up here as a different count, or as a crash.
/// </summary>
public class TwoThreadRunTests
{
    /// <summary>
    /// Routers that fill and die, failed-dial lingers, churn with a storm, new nodes that join, pruning servers (rude
    /// redials), crawlers, neighbourhood address books, addresses and negotiated quotas; split dials, delayed closes.
    /// </summary>
    private const string EveryModel = """
        {
          "name": "two-threads", "seed": 11, "duration": "00:06:00", "traceInterval": "00:00:30",
          "network": {
            "dials": "split", "remoteCloses": "halfRoundTrip", "dialFailure": 0.05, "dialTimeout": "00:00:05",
            "dialLatency": { "kind": "lognormal", "median": "00:00:00.080", "sigma": 0.6 },
            "addressBook": 32, "addressBookKind": "neighbourhood", "redialWindow": "00:01:00", "sampledEventLog": 25,
            "addresses": { "prefixes16": 64 },
            "groups": [
              {
                "name": "home", "count": 360, "dialable": 0.4, "dialTarget": 24, "joinTarget": 6,
                "engine": { "lowWater": 16, "highWater": 24, "gracePeriod": "00:00:10",
                            "negotiate": [ { "subsystem": "dht", "max": 4 } ] },
                "router": { "natEntries": 40, "linger": "00:00:30", "failedDialLinger": "00:00:10", "onFull": "die", "reboot": "00:00:20" },
                "churn": { "initiallyOnline": 0.8,
                           "session": { "kind": "exponential", "mean": "00:04:00" },
                           "offTime": { "kind": "exponential", "mean": "00:01:00" } }
              },
              {
                "name": "server", "count": 140, "dialTarget": 30,
                "engine": { "lowWater": 20, "highWater": 30, "gracePeriod": "00:00:10" }
              }
            ],
            "storms": [ { "at": "00:02:00", "fraction": 0.2, "window": "00:00:30" } ],
            "crawlers": { "perHour": 120, "peers": 80 }
          }
        }
        """;

    [Test]
    public void ARunOnTwoThreads_WritesOneThreadsOutputs_WithEveryPartitionReadyModelAtWork()
    {
        var (oneRunner, one) = Run(threads: 1);
        var (twoRunner, two) = Run(threads: 2);
        Assert.That(twoRunner.Partitioned && twoRunner.Clock.Threads == 2, Is.True, "the run used two threads");
        AssertEveryModelWorked(one);
        Assert.That(ResultValues.Of(two.Summary), Is.EqualTo(ResultValues.Of(one.Summary)), "summary");
        Assert.That(ResultValues.Of(two.Timeseries), Is.EqualTo(ResultValues.Of(one.Timeseries)), "timeseries");
        Assert.That(twoRunner.EventRows, Is.EqualTo(oneRunner.EventRows), "events.csv rows, in the same order");
        Assert.That(ResultValues.Of(two.Distributions), Is.EqualTo(ResultValues.Of(one.Distributions)), "distribution files (session lengths)");
    }

    [Test]
    public void ARunOnTwoThreads_HintsEachPartitionsNextMessages_WhileItWaits_AndStillWritesOneThreadsOutputs()
    {
        Assert.That(Prefetcher.Enabled, Is.True, "wait hints need x86 prefetch and CONNMGR_SIM_PREFETCH unset");
        var (_, one) = Run(threads: 1);
        var (twoRunner, two) = Run(threads: 2);
        Assert.That(twoRunner.Clock.WaitHints, Is.Not.Null, "the runner gives the clock its wait hints");
        Assert.Multiple(() =>
        {
            Assert.That(twoRunner.WaitHinted(0), Is.GreaterThan(1_000), "the calling thread, waiting for partition 1, hinted partition 0's messages");
            Assert.That(twoRunner.WaitHinted(1), Is.GreaterThan(1_000), "the worker, waiting at the barrier, hinted partition 1's messages");
        });
        Assert.That(ResultValues.Of(two.Summary), Is.EqualTo(ResultValues.Of(one.Summary)), "summary");
        Assert.That(ResultValues.Of(two.Timeseries), Is.EqualTo(ResultValues.Of(one.Timeseries)), "timeseries");
    }

    [Test]
    public void ARunWithEveryPartitionReadyModel_GivesTheSameResults_WhicheverPartitionRunsFirst()
    {
        var (evenRunner, even) = Run(threads: 1);
        var (oddRunner, odd) = Run(threads: 1, oddFirst: true);
        AssertEveryModelWorked(even);
        Assert.That(ResultValues.Of(odd.Summary), Is.EqualTo(ResultValues.Of(even.Summary)), "summary");
        Assert.That(ResultValues.Of(odd.Timeseries), Is.EqualTo(ResultValues.Of(even.Timeseries)), "timeseries");
        Assert.That(oddRunner.EventRows, Is.EqualTo(evenRunner.EventRows), "events.csv rows");
    }

    [Test]
    public void AutoThreads_TakeTwo_ForAPartitionedNetworkOfTheSizeWhereTheyPay_AndOneBelowItOrWithoutPartitions()
    {
        Assume.That(Environment.ProcessorCount, Is.GreaterThanOrEqualTo(2), "auto takes one thread on a one-core machine");
        Assert.Multiple(() =>
        {
            Assert.That(AutoThreads(NetworkRunner.TwoThreadsPayFrom, "split"), Is.EqualTo(2), "a partitioned run at the size where two threads pay");
            Assert.That(AutoThreads(NetworkRunner.TwoThreadsPayFrom - 1, "split"), Is.EqualTo(1), "one node fewer");
            Assert.That(AutoThreads(NetworkRunner.TwoThreadsPayFrom, "instant"), Is.EqualTo(1), "instant dials: no partitions");
        });
    }

    private static int AutoThreads(int nodes, string dials)
    {
        var runner = Networks.Create(ScenarioLoader.Load(Repo.WriteScenario($$"""
            {
              "name": "auto-threads", "duration": "00:00:01", "traceInterval": "00:00:01",
              "network": { "dials": "{{dials}}", "remoteCloses": "halfRoundTrip", "groups": [ { "name": "all", "count": {{nodes}} } ] }
            }
            """)));
        runner.UseThreads(NetworkRunner.AutoThreads);
        return runner.Clock.Threads;
    }

    private static (NetworkRunner Runner, RunResult Result) Run(int threads, bool oddFirst = false)
    {
        var runner = Networks.Create(ScenarioLoader.Load(Repo.WriteScenario(EveryModel)));
        Assert.That(runner.Partitioned, Is.True, "every model of the scenario is partition-ready");
        runner.UseThreads(threads);
        runner.Clock.OddPartitionFirst = oddFirst;
        return (runner, runner.Run());
    }

    /// <summary>Each model's own figure moved, so a comparison of the outputs covers its state.</summary>
    private static void AssertEveryModelWorked(RunResult run)
    {
        Assert.Multiple(() =>
        {
            Assert.That(run.Metric("dials"), Is.GreaterThan(5_000), "dials");
            Assert.That(run.Metric("router_deaths"), Is.GreaterThan(0), "NAT: routers died");
            Assert.That(run.Metric("redials_of_pruning_peer"), Is.GreaterThan(0), "politeness: rude redials");
            Assert.That(run.Metric("joins_measured"), Is.GreaterThan(0), "joining: new nodes joined");
            Assert.That(run.Metric("sessions_started"), Is.GreaterThan(100), "churn: sessions");
            Assert.That(run.Metric("crawler_bursts"), Is.GreaterThan(0), "crawlers");
        });
    }
}
