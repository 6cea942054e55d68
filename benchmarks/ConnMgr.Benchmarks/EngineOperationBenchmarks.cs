using BenchmarkDotNet.Attributes;
using ConnMgr.Engine;
using ConnMgr.Engine.Tags;
using ConnMgr.Sim.Kernel;

namespace ConnMgr.Benchmarks;

/// <summary>
/// Per-call cost of the hot engine operations on a connected peer, in a manager of 1,000 connected peers with two
/// tags each. Baseline: one <see cref="Dictionary{TKey, TValue}"/> lookup, the floor of any keyed operation.
/// Both the single-threaded (simulator) and the locked (real host) configuration are measured.
/// </summary>
[MemoryDiagnoser]
public class EngineOperationBenchmarks
{
    private readonly Dictionary<int, int> _dictionary = [];
    private ConnectionManager<int> _manager = null!;
    private SimClock _clock = null!;
    private int _peer;

    [Params(false, true)]
    public bool ThreadSafe { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _clock = new SimClock();
        _manager = new ConnectionManager<int>(Profile.Default with { ThreadSafe = ThreadSafe, Limits = new ConnMgr.Engine.Limits.WatermarkPolicy(5000, 10000, TimeSpan.Zero, TimeSpan.Zero) }, _clock);
        for (var p = 0; p < 1000; p++)
        {
            _manager.Connected(p, Direction.Inbound);
            _manager.TagPeer(p, "static", p);
            _manager.TagPeerDecaying(p, "decaying", 1000, TimeSpan.FromMinutes(1), DecayFunction.Linear(0.9));
            _dictionary[p] = p;
        }

        _peer = 517;
    }

    [Benchmark(Baseline = true)]
    public int DictionaryLookup() => _dictionary[_peer];

    [Benchmark]
    public void TagPeer() => _manager.TagPeer(_peer, "static", 42);

    [Benchmark]
    public bool BumpDecayingTag() => _manager.BumpDecayingTag(_peer, "decaying", 1);

    [Benchmark]
    public int PeerScore() => _manager.PeerScore(_peer);
}
