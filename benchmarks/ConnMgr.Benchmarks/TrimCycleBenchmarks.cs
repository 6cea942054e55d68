using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using ConnMgr.Engine;
using ConnMgr.Engine.Limits;
using ConnMgr.Sim.Kernel;

namespace ConnMgr.Benchmarks;

/// <summary>
/// One trim cycle over 10,000 connected peers (two tags each, distinct scores) down to 5,000. Each invocation
/// needs a fresh manager, so setup runs per iteration with one invocation per iteration. Baseline: sorting 10,000
/// ints with <see cref="Array.Sort{T}(T[])"/>, the O(n log n) floor of any score-ordered trim.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(SingleShotConfig))]
public class TrimCycleBenchmarks
{
    private ConnectionManager<int> _manager = null!;
    private int[] _scores = null!;

    [Params(10_000)]
    public int Peers { get; set; }

    /// <summary>Peers the cycle closes: 0 isolates building the candidates, 1 adds the sort, 5,000 is the target case.</summary>
    [Params(0, 1, 5_000)]
    public int Closes { get; set; }

    [IterationSetup]
    public void Setup()
    {
        var clock = new SimClock();
        _manager = new ConnectionManager<int>(Profile.Default with { ThreadSafe = false, Limits = new WatermarkPolicy(Peers - Closes, Peers * 2, TimeSpan.Zero, TimeSpan.Zero) }, clock);
        var rng = new Random(1);
        _scores = new int[Peers];
        for (var p = 0; p < Peers; p++)
        {
            _manager.Connected(p, p % 3 == 0 ? Direction.Outbound : Direction.Inbound);
            _manager.TagPeer(p, "a", rng.Next(1000));
            _manager.TagPeer(p, "b", rng.Next(1000));
            _scores[p] = rng.Next();
        }

        // Warm the trim path once on a throwaway manager (JIT, ArrayPool), and collect the setup's garbage so a
        // GC it triggers is not charged to the measured cycle.
        if (!_warmed)
        {
            var warm = new ConnectionManager<int>(Profile.Default with { ThreadSafe = false, Limits = new WatermarkPolicy(50, 200, TimeSpan.Zero, TimeSpan.Zero) }, clock);
            for (var p = 0; p < 100; p++)
            {
                warm.Connected(p, Direction.Inbound);
            }

            warm.TrimOpenConns();
            _warmed = true;
        }

        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    private bool _warmed;

    [Benchmark(Baseline = true)]
    public void SortScores() => Array.Sort(_scores);

    [Benchmark]
    public int TrimToHalf() => _manager.TrimOpenConns().After;
}

/// <summary>
/// One invocation per iteration (each needs a fresh manager). Tiered compilation is off: a method called once per
/// iteration would otherwise be measured as tier-0 code for its first 30 calls, which a long-running host never sees.
/// </summary>
internal sealed class SingleShotConfig : ManualConfig
{
    public SingleShotConfig()
    {
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithWarmupCount(5)
            .WithIterationCount(40)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithEnvironmentVariables(new EnvironmentVariable("DOTNET_TieredCompilation", "0")));
    }
}
