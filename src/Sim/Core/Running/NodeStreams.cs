using ConnMgr.Engine.Tags;
using ConnMgr.Sim.Randomness;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Running;

/// <summary>The random streams of one node, one per workload component (see <see cref="RandomStreams"/>).</summary>
internal sealed class NodeStreams
{
    private static readonly DurationDistributionSpec DefaultLatency = new() { Kind = DistributionKind.Constant, Mean = TimeSpan.FromMilliseconds(100) };

    public NodeStreams(int seed, int node, WorkloadSpec w)
    {
        Arrivals = RandomStreams.For(seed, "arrivals", node);
        Bursts = RandomStreams.For(seed, "bursts", node);
        Outbound = RandomStreams.For(seed, "outbound", node);
        Tagging = RandomStreams.For(seed, "tagging", node);
        Bumps = RandomStreams.For(seed, "bumps", node);
        Protection = RandomStreams.For(seed, "protection", node);
        Subsystems = RandomStreams.For(seed, "subsystems", node);
        Transient = RandomStreams.For(seed, "transient", node);
        Sessions = w.Sessions is null ? null : new DurationSampler(w.Sessions, RandomStreams.For(seed, "sessions", node));
        DialLatency = new DurationSampler(w.Outbound?.DialLatency ?? DefaultLatency, RandomStreams.For(seed, "dial-latency", node));
        TagValues = w.Tagging?.Value is { } v ? new ValueSampler(v, RandomStreams.For(seed, "tag-values", node)) : null;
        Decay = w.Tagging?.Decaying is { } d ? DecayFactory.Build(d.Decay) : null;
        SubsystemOrder = [.. w.Subsystems.OrderBy(kv => kv.Key, StringComparer.Ordinal)];
        PeerInfo = RandomStreams.For(seed, "peer-info", node);
        Latency = w.Latency is null ? null : new DurationSampler(w.Latency, RandomStreams.For(seed, "latency", node));
    }

    public Random Arrivals { get; }

    public Random Bursts { get; }

    public Random Outbound { get; }

    public Random Tagging { get; }

    public Random Bumps { get; }

    public Random Protection { get; }

    public Random Subsystems { get; }

    public Random Transient { get; }

    public DurationSampler? Sessions { get; }

    public DurationSampler DialLatency { get; }

    public ValueSampler? TagValues { get; }

    public DecayFunction? Decay { get; }

    public KeyValuePair<string, double>[] SubsystemOrder { get; }

    public Random PeerInfo { get; }

    public DurationSampler? Latency { get; }
}
