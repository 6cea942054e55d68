using ConnMgr.Sim.Randomness;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Network;

/// <summary>
/// The dial loop's random draws, each from the dialing node's own stream (<see cref="PerNodeStream"/>): when its
/// loop starts, whom it picks, whether the attempt fails, how long it takes. The four counters of a node share one
/// 16-byte block, so a dial's draws touch one cache line.
/// </summary>
internal sealed class DialDraws
{
    private readonly PerNodeStream _phase, _targets, _failures, _latencies;
    private readonly DurationSampler _latency;

    public DialDraws(int masterSeed, int nodes, DurationDistributionSpec latency)
    {
        var streams = PerNodeStream.Interleaved(masterSeed, nodes, "net-dial-phase", "net-dial-targets", "net-dial-failure", "net-latency");
        (_phase, _targets, _failures, _latencies) = (streams[0], streams[1], streams[2], streams[3]);
        _latency = new DurationSampler(latency, random: null);
    }

    /// <summary>Where in its first dial interval <paramref name="node"/>'s loop wakes: uniform in [0, interval).</summary>
    public long LoopPhase(int node, long intervalTicks) => (long)(_phase.At(node).NextDouble() * intervalTicks);

    /// <summary>The stream <paramref name="node"/> picks its dial targets with.</summary>
    public Random Targets(int node) => _targets.At(node);

    /// <summary>Whether <paramref name="node"/>'s attempt fails on its way (probability <paramref name="failure"/>).</summary>
    public bool Fails(int node, double failure) => _failures.At(node).NextDouble() < failure;

    /// <summary>The latency of a dial <paramref name="node"/> starts, in ticks.</summary>
    public long Latency(int node) => _latency.SampleTicks(_latencies.At(node));

    /// <summary>Starts loading <paramref name="node"/>'s counters (a hint: it changes no draw).</summary>
    public void Prefetch(int node) => _phase.Prefetch(node);
}
