using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
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
[SimpleJob(RunStrategy.Monitoring, iterationCount: 30, invocationCount: 1)]
public class TrimCycleBenchmarks
{
    private ConnectionManager<int> _manager = null!;
    private int[] _scores = null!;

    [Params(10_000)]
    public int Peers { get; set; }

    [IterationSetup]
    public void Setup()
    {
        var clock = new SimClock();
        _manager = new ConnectionManager<int>(Profile.Default with { ThreadSafe = false, Limits = new WatermarkPolicy(Peers / 2, Peers * 2, TimeSpan.Zero, TimeSpan.Zero) }, clock);
        var rng = new Random(1);
        _scores = new int[Peers];
        for (var p = 0; p < Peers; p++)
        {
            _manager.Connected(p, p % 3 == 0 ? Direction.Outbound : Direction.Inbound);
            _manager.TagPeer(p, "a", rng.Next(1000));
            _manager.TagPeer(p, "b", rng.Next(1000));
            _scores[p] = rng.Next();
        }
    }

    [Benchmark(Baseline = true)]
    public void SortScores() => Array.Sort(_scores);

    [Benchmark]
    public int TrimToHalf() => _manager.TrimOpenConns().After;
}
