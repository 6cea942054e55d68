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
    /// <summary>
    /// The shortest dial latency with delayed remote closes: no Internet round trip is shorter than 10 ms, and it
    /// gives a partitioned kernel 5 ms of lookahead (docs/design/two-partition-kernel.md). Under the default
    /// log-normal (median 100 ms, σ 0.6) it moves P = Φ(ln 0.1 / 0.6) = 6.2·10⁻⁵ of the dials.
    /// </summary>
    public static readonly long MinLatencyTicks = TimeSpan.FromMilliseconds(10).Ticks;

    private readonly PerNodeStream _phase, _targets, _failures, _latencies;
    private readonly PerNodeStream? _edgeLatencies;
    private readonly DurationSampler _latency;
    private readonly long _floor, _timeout;

    /// <param name="masterSeed">The scenario seed.</param>
    /// <param name="nodes">Nodes in the network.</param>
    /// <param name="latency">The dial latency.</param>
    /// <param name="timeoutTicks">The dial timeout: the longest round trip an edge can have.</param>
    /// <param name="edgeLatencies">True with delayed remote closes: edges draw their round trip (and latencies have a floor).</param>
    public DialDraws(int masterSeed, int nodes, DurationDistributionSpec latency, long timeoutTicks, bool edgeLatencies)
    {
        var streams = PerNodeStream.Interleaved(masterSeed, nodes, "net-dial-phase", "net-dial-targets", "net-dial-failure", "net-latency");
        (_phase, _targets, _failures, _latencies) = (streams[0], streams[1], streams[2], streams[3]);
        _latency = new DurationSampler(latency, random: null);
        _edgeLatencies = edgeLatencies ? PerNodeStream.For(masterSeed, "net-edge-latency", nodes) : null;
        _floor = edgeLatencies ? MinLatencyTicks : 0;
        _timeout = timeoutTicks;
    }

    /// <summary>Where in its first dial interval <paramref name="node"/>'s loop wakes: uniform in [0, interval).</summary>
    public long LoopPhase(int node, long intervalTicks) => (long)(_phase.At(node).NextDouble() * intervalTicks);

    /// <summary>The stream <paramref name="node"/> picks its dial targets with.</summary>
    public Random Targets(int node) => _targets.At(node);

    /// <summary>Whether <paramref name="node"/>'s attempt fails on its way (probability <paramref name="failure"/>).</summary>
    public bool Fails(int node, double failure) => _failures.At(node).NextDouble() < failure;

    /// <summary>The latency of a dial <paramref name="node"/> starts, in ticks.</summary>
    public long Latency(int node) => Math.Max(_floor, _latency.SampleTicks(_latencies.At(node)));

    /// <summary>
    /// The round trip of a connection <paramref name="node"/> dialed, drawn when it opens from the dial latency (its
    /// own stream, so the dial draws stay as they are), capped at the dial timeout.
    /// </summary>
    public long EdgeLatency(int node) => Math.Min(_timeout, Math.Max(_floor, _latency.SampleTicks(_edgeLatencies!.At(node))));

    /// <summary>Starts loading <paramref name="node"/>'s counters (a hint: it changes no draw).</summary>
    public void Prefetch(int node) => _phase.Prefetch(node);
}
