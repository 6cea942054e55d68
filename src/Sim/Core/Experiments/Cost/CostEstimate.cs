using System.Globalization;
using ConnMgr.Engine;
using ConnMgr.Sim.Scenarios;
using MathNet.Numerics.Distributions;

namespace ConnMgr.Sim.Experiments.Cost;

/// <summary>One driver of a run's cost: the scenario field and the events and memory it brings.</summary>
/// <param name="Path">JSON path of the field (what to lower).</param>
/// <param name="Events">Events it adds over the run.</param>
/// <param name="Bytes">Memory it holds at its peak.</param>
public sealed record CostTerm(string Path, double Events, double Bytes);

/// <summary>
/// What a scenario will cost before any of it runs: events and peak memory, per driving field. The coefficients are
/// measured on this simulator (the figures below are its own runs), so the estimate is an order of magnitude, meant to
/// refuse a run that cannot fit (a burst of 10^9 peers, an arrival rate of 10^12/s), not to predict a benchmark.
/// </summary>
public sealed class CostEstimate
{
    /// <summary>The runtime, the engine and the tables before any peer (a 26-event run peaks at ~60 MiB).</summary>
    public const double BaseBytes = 64 * 1024 * 1024;

    // Focal mode: a burst of 10^6 peers held at once peaked at 312 MB (~250 B per peer over the base) in 1.86 M events;
    // 360 k Poisson arrivals took 719 k events. So ~2 events per peer, ~300 B per peer held.
    private const double FocalEventsPerPeer = 2;
    private const double FocalBytesPerPeer = 300;

    // Network mode: scenarios/scale/network-1m.json, one hour: 201 events per node (dial targets 32 and 50, churn,
    // a storm) and 7.10 GiB at 1M nodes since issue 13's sixth step (10.8 GiB before; nodes hold ~1.3× their dial
    // target, 36 and 66): ~5.6 events per node-hour per unit of dial target, ~2 KB per node plus ~150 B per connection
    // end (estimate 8.7 GiB, a fifth above at 1M; the same coefficients land at 0.74–1.07× of the peaks of the shipped
    // 3,000–20,000-node networks: CostEstimateTests). DHT at 1M (scale/dht-1m.json): ~160 events per lookup.
    private const double NetworkEventsPerTargetHour = 5.6;
    private const double NetworkBytesPerNode = 2048;
    private const double NetworkBytesPerConnection = 150;
    private const double DhtEventsPerLookup = 160;

    // network.remoteCloses: halfRoundTrip adds an event per close that travels (a prune's, or one per connection of a
    // node going offline): network-1m-ci had 16.4 M of them on top of 62.6 M other events, 0.26 per event
    // (CONNMGR_SIM_PROFILE=1, benchmarks/README.md, seventeenth step). An edge's two ends and its half round trip add
    // 5 bytes per edge, 2.5 per connection end.
    private const double RemoteCloseEventShare = 0.26;
    private const double RemoteCloseBytesPerConnection = 2.5;

    // network.dials: split adds a SYN event per dial that does not time out: network-1m-ci had 42.5 M of them against
    // 62.6 M events with instant dials and closes, 0.68 per event (CONNMGR_SIM_PROFILE=1, benchmarks/README.md,
    // eighteenth step). Dials in flight hold an edge: peak RSS rose 0.07 GiB, within the estimate's margin.
    private const double SynEventShare = 0.68;

    // A node below its dial target wakes every dialInterval; router-killing (200 ms, nodes pruned all the time) runs
    // 5,200 events per node per half hour. A quarter of the intervals keeps every shipped network within 0.4–4× of
    // its measured events (ScenarioRunTests).
    private const double DialWakeUpShare = 0.25;

    // A DHT node's own state (table, lookup slots) and, per lookup of the run (background, bursts, refresh rounds), the
    // peers it leaves tracked in engines: ipfs.json (33,400 nodes, ~24 lookups per node in 10 virtual min, α 10,
    // protectDisconnected) peaked at 2.61 GiB, which the 5 KB per node alone put at 0.98 GiB; engine slots and the
    // retention queue of contacted peers were most of the difference (dotnet-gcdump). A lookup's peers stay tracked
    // only while an engine remembers them (RememberedSeconds), so only the lookups of that window count; with
    // engine.compactBackoff a pruned peer is a 20-byte record instead of a slot: scale/dht-1m.json (compact) peaked at
    // 9.80 GiB for 10 virtual minutes and 14.31 GiB for the hour (benchmarks/README.md, thirty-fourth step).
    private const double DhtBytesPerNode = 5 * 1024;
    private const double DhtBytesPerLookup = 3 * 1024;
    private const double DhtBytesPerCompactLookup = 1024;

    // dht.lookupArrivals perNode keeps one arrival pending per member, beside its stream counter: scale/dht-1m.json (1M
    // members, 3 virtual min, side by side with the network process) peaked 0.07 GiB higher, ~75 bytes per member, and
    // ran as many events (a down member's arrival is skipped as the network process skips a down pick;
    // benchmarks/README.md, thirty-fifth step).
    private const double DhtBytesPerMemberArrival = 75;
    private const double PubsubEventsPerSubscriberMessage = 0.25;

    private const double TraceBytesPerRow = 40 * 8;

    private CostEstimate(IReadOnlyList<CostTerm> terms) => Terms = terms;

    /// <summary>Every driver, in scenario order.</summary>
    public IReadOnlyList<CostTerm> Terms { get; }

    /// <summary>Events over the run.</summary>
    public double Events => Terms.Sum(t => t.Events);

    /// <summary>Peak memory.</summary>
    public double Bytes => BaseBytes + Terms.Sum(t => t.Bytes);

    /// <summary>The driver that brings the most of <paramref name="ofBytes"/> (memory) or else events.</summary>
    public CostTerm Largest(bool ofBytes) => Terms.MaxBy(t => ofBytes ? t.Bytes : t.Events) ?? new CostTerm("duration", 0, 0);

    /// <summary>The estimate of <paramref name="s"/> (overrides and variant already applied).</summary>
    public static CostEstimate Of(Scenario s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var terms = new List<CostTerm>();
        var seconds = Math.Max(0, s.Duration.TotalSeconds);
        var rows = s.Network is { } n ? n.Groups.Count : s.Nodes.Count;
        if (s.TraceInterval > TimeSpan.Zero)
        {
            var samples = seconds / s.TraceInterval.TotalSeconds;
            terms.Add(new CostTerm("traceInterval", samples, samples * Math.Max(1, rows) * TraceBytesPerRow));
        }

        if (s.Network is { } network)
        {
            Network(network, seconds, terms);
        }
        else
        {
            for (var i = 0; i < s.Nodes.Count; i++)
            {
                Focal(s.Nodes[i], $"nodes[{i}]", seconds, terms);
            }
        }

        if (s.Timeline.Count > 0)
        {
            terms.Add(new CostTerm("timeline", s.Timeline.Count, s.Timeline.Count * 200.0));
        }

        return new CostEstimate(terms);
    }

    /// <summary>Mean of a duration distribution in seconds (capped at the run: a heavy tail lasts the whole run).</summary>
    public static double MeanSeconds(DurationDistributionSpec? d, double cap)
    {
        if (d is null)
        {
            return cap;
        }

        double mean;
        try
        {
            mean = d.Kind switch
            {
                DistributionKind.Weibull => new Weibull(d.Shape ?? 1, d.Scale?.TotalSeconds ?? cap).Mean,
                DistributionKind.Pareto => new Pareto(d.Scale?.TotalSeconds ?? cap, d.Shape ?? 1).Mean,
                DistributionKind.Lognormal => new LogNormal(Math.Log(d.Median?.TotalSeconds ?? cap), d.Sigma ?? 1).Mean,
                _ => d.Mean?.TotalSeconds ?? cap,
            };
        }
        catch (ArgumentException)
        {
            mean = cap; // invalid parameters are the validator's to report
        }

        return double.IsFinite(mean) && mean > 0 ? Math.Min(mean, Math.Max(cap, 1e-9)) : Math.Max(cap, 1e-9);
    }

    private static void Focal(NodeGroupSpec g, string path, double seconds, List<CostTerm> terms)
    {
        var w = g.Workload;
        var nodes = Math.Max(0, g.Count);
        var session = MeanSeconds(w.Sessions, seconds);
        var held = 0.0;
        if (w.Inbound is { } inbound)
        {
            var concurrent = inbound.Rate * session;
            held += concurrent;
            terms.Add(new CostTerm($"{path}.workload.inbound.rate", nodes * inbound.Rate * seconds * FocalEventsPerPeer, nodes * concurrent * FocalBytesPerPeer));
            for (var b = 0; b < inbound.Bursts.Count; b++)
            {
                var count = Math.Max(0, inbound.Bursts[b].Count);
                held += count;
                terms.Add(new CostTerm($"{path}.workload.inbound.bursts[{b}].count", nodes * (double)count * FocalEventsPerPeer, nodes * (double)count * FocalBytesPerPeer));
            }
        }

        if (w.Outbound is { Target: > 0 } outbound)
        {
            var dials = outbound.Target * (1 + (seconds / session));
            held += outbound.Target;
            terms.Add(new CostTerm($"{path}.workload.outbound.target", nodes * dials * FocalEventsPerPeer, nodes * (double)outbound.Target * FocalBytesPerPeer));
        }

        if (w.Tagging?.Decaying is { BumpRate: > 0 } d)
        {
            terms.Add(new CostTerm($"{path}.workload.tagging.decaying.bumpRate", nodes * d.Fraction * d.BumpRate * seconds * held, 0));
        }
    }

    private static void Network(NetworkSpec n, double seconds, List<CostTerm> terms)
    {
        var hours = seconds / 3600;
        var total = 0.0;
        double groupEvents = 0, connectionEnds = 0;
        for (var i = 0; i < n.Groups.Count; i++)
        {
            var g = n.Groups[i];
            var nodes = (double)Math.Max(0, g.Count);
            total += nodes;
            var connections = Math.Max(g.DialTarget, 1) * 1.3;
            if (g.Engine.HighWater is { } high and > 0)
            {
                connections = Math.Min(connections, high);
            }

            var wakeUps = g.DialInterval > TimeSpan.Zero ? seconds / g.DialInterval.TotalSeconds * DialWakeUpShare : 0;
            var events = nodes * ((hours * NetworkEventsPerTargetHour * Math.Max(g.DialTarget, 1)) + wakeUps);
            groupEvents += events;
            connectionEnds += nodes * connections;
            terms.Add(new CostTerm(
                $"network.groups[{i}].count",
                events,
                nodes * (NetworkBytesPerNode + (n.AddressBook * 4.0) + (connections * NetworkBytesPerConnection))));
        }

        if (n.RemoteCloses == RemoteCloses.HalfRoundTrip)
        {
            terms.Add(new CostTerm("network.remoteCloses", groupEvents * RemoteCloseEventShare, connectionEnds * RemoteCloseBytesPerConnection));
        }

        if (n.Dials == DialDelivery.Split)
        {
            terms.Add(new CostTerm("network.dials", groupEvents * SynEventShare, 0));
        }

        if (n.Dht is { } dht)
        {
            var perHour = Members(n, dht.Groups) * dht.LookupsPerNodePerHour;
            var bursts = dht.Bursts.Sum(b => b.Fraction * b.Lookups * (double)n.Groups.Where(g => g.Name == b.Group).Sum(g => g.Count));
            var remembered = Math.Min(1, RememberedSeconds(n, dht) / seconds);
            var perLookup = AllCompact(n, dht.Groups) ? DhtBytesPerCompactLookup : DhtBytesPerLookup;
            var lookups = (perHour * hours) + bursts;
            var rememberedLookups = (perHour * hours * remembered) + bursts;
            terms.Add(new CostTerm("network.dht.lookupsPerNodePerHour", lookups * DhtEventsPerLookup, (total * DhtBytesPerNode) + (rememberedLookups * perLookup)));
            if (dht.LookupArrivals == LookupArrivals.PerNode && dht.LookupsPerNodePerHour > 0)
            {
                terms.Add(new CostTerm("network.dht.lookupArrivals", 0, Members(n, dht.Groups) * DhtBytesPerMemberArrival));
            }

            if (dht.RefreshInterval > TimeSpan.Zero)
            {
                // A refresh round is one lookup per non-empty bucket (about log2(servers / k) + 1) and one for the node's id.
                var servers = Math.Max(2.0, n.Groups.Sum(g => g.Count * g.Dialable));
                var rounds = seconds / dht.RefreshInterval.TotalSeconds;
                var refreshes = total * rounds * (Math.Max(1, Math.Log2(servers / dht.K)) + 2);
                terms.Add(new CostTerm("network.dht.refreshInterval", refreshes * DhtEventsPerLookup, refreshes * remembered * perLookup));
            }
        }

        if (n.Pubsub is { } pubsub)
        {
            // Only the pubsub groups' nodes subscribe (an attack's sybils, say, are outside them).
            var deliveries = pubsub.Topics * pubsub.MessagesPerSecond * seconds * (pubsub.Subscribers * Members(n, pubsub.Groups) * pubsub.TopicsPerNode / Math.Max(1, pubsub.Topics));
            terms.Add(new CostTerm("network.pubsub.messagesPerSecond", deliveries * PubsubEventsPerSubscriberMessage, total * 1024));
        }
    }

    /// <summary>
    /// How long the DHT groups' engines remember a peer a lookup met: the tag retention, or a pruned peer's backoff
    /// plus one maximum backoff (at most twice the maximum); unbounded when the table protects disconnected peers.
    /// </summary>
    private static double RememberedSeconds(NetworkSpec n, DhtSpec dht)
    {
        if (dht.ProtectDisconnected)
        {
            return double.PositiveInfinity;
        }

        var selected = n.SelectGroups(dht.Groups);
        var longest = 0.0;
        for (var i = 0; i < n.Groups.Count; i++)
        {
            if (selected[i])
            {
                var o = Options(n.Groups[i]);
                var retention = o.TagRetention == Timeout.InfiniteTimeSpan ? double.PositiveInfinity : o.TagRetention.TotalSeconds;
                longest = Math.Max(longest, Math.Max(retention, 2 * o.PruneBackoff.Max.TotalSeconds));
            }
        }

        return longest;
    }

    /// <summary>Whether every engine of the named groups keeps pruned peers as backoff records.</summary>
    private static bool AllCompact(NetworkSpec n, List<string> groups)
    {
        var selected = n.SelectGroups(groups);
        return n.Groups.Where((_, i) => selected[i]).All(g => Options(g).CompactBackoff);
    }

    private static ConnectionManagerOptions Options(NetworkGroupSpec g) =>
        EngineOptionsFactory.Build(new NodeGroupSpec { Profile = g.Profile, Engine = g.Engine }, seed: 0);

    /// <summary>Nodes of the groups a subsystem names (all when it names none).</summary>
    private static double Members(NetworkSpec n, List<string> groups)
    {
        var selected = n.SelectGroups(groups);
        return n.Groups.Where((_, i) => selected[i]).Sum(g => (double)g.Count);
    }

    /// <summary>"1.2e+09 events, 3.4 GiB" in words.</summary>
    public static string Describe(double events, double bytes) =>
        string.Create(CultureInfo.InvariantCulture, $"~{events:0.##e+0} events and ~{bytes / (1024.0 * 1024 * 1024):0.##} GiB");
}
