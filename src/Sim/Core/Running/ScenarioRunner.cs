using System.Diagnostics;
using System.Globalization;
using ConnMgr.Engine;
using ConnMgr.Sim.Kernel;
using ConnMgr.Sim.Randomness;
using ConnMgr.Sim.Scenarios;
using ConnMgr.Sim.Results;

namespace ConnMgr.Sim.Running;

/// <summary>
/// Runs a scenario's focal nodes on a <see cref="SimClock"/>: Poisson and burst arrivals, sessions, outbound dialing,
/// tagging and bumps, protection, keep-alive redials, the timeline and periodic traces. Events are plain ints
/// (kind, node, peer), dispatched by a switch: no closure or allocation per event.
/// </summary>
public sealed partial class ScenarioRunner : IEventHandler, IScenarioRun
{
    private const int KArrival = 0, KBurstArrival = 1, KSessionEnd = 2, KDialOk = 3, KDialFail = 4, KDialRetry = 5, KBump = 6, KTimeline = 7, KTrace = 8;

    private readonly Scenario _scenario;
    private readonly FocalNode[] _nodes;
    private readonly NodeStreams[] _streams;
    private readonly int _handler;
    private readonly long _end;
    private readonly Dictionary<string, int> _namedPeers = new(StringComparer.Ordinal);
    private readonly List<string> _peerNames = [];
    private readonly ResultTable _timeseries;
    private readonly List<AssertResult> _asserts = [];
    private readonly List<EventRow>? _events;
    private readonly string[] _subsystemNames;
    private double _lastSample;

    /// <summary>Builds the nodes and schedules the initial events; nothing runs until <see cref="Run"/>.</summary>
    public ScenarioRunner(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        _scenario = scenario;
        Clock = new SimClock();
        _handler = Clock.Register(this);
        _end = Clock.NowTicks + scenario.Duration.Ticks;
        _events = scenario.EventLog ? [] : null;
        _subsystemNames = scenario.Nodes.SelectMany(g => (g.Engine.Subsystems ?? []).Select(q => q.Name).Concat(g.Workload.Subsystems.Keys))
            .Where(n => n != "other").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Prepend("other").ToArray();
        _timeseries = new ResultTable(FocalColumns.Trace(_subsystemNames));

        var nodes = new List<FocalNode>();
        var streams = new List<NodeStreams>();
        for (var g = 0; g < scenario.Nodes.Count; g++)
        {
            var group = scenario.Nodes[g];
            for (var i = 0; i < group.Count; i++)
            {
                var id = nodes.Count;
                var options = EngineOptionsFactory.Build(group, RandomStreams.SeedFor(scenario.Seed, "engine", id));
                var (low, high) = EngineOptionsFactory.Watermarks(options);
                nodes.Add(new FocalNode(this, id, g, i, options, low, high, Clock.NowTicks));
                streams.Add(new NodeStreams(scenario.Seed, id, group.Workload));
            }
        }

        _nodes = [.. nodes];
        _streams = [.. streams];
        ScheduleStart();
    }

    /// <summary>The virtual clock (also the engines' <see cref="TimeProvider"/>).</summary>
    public SimClock Clock { get; }

    /// <summary>Runs to the scenario's duration, reporting progress between slices of virtual time.</summary>
    /// <param name="progress">Called with (virtual fraction done, events processed) about 200 times per run.</param>
    /// <param name="cancel">Stops the run early (Ctrl-C); the result then has <see cref="RunResult.Completed"/> false.</param>
    public RunResult Run(Action<double, long>? progress = null, CancellationToken cancel = default)
    {
        var wall = Stopwatch.StartNew();
        var completed = Clock.RunInSlices(_end, progress, cancel);
        wall.Stop();
        Clock.WriteProfile();
        foreach (var n in _nodes)
        {
            n.Touch();
        }

        return BuildResult(completed, wall.Elapsed);
    }

    /// <inheritdoc/>
    void IEventHandler.Handle(in SimEvent e)
    {
        switch (e.Kind)
        {
            case KArrival:
                {
                    var node = _nodes[e.A];
                    Admit(node, node.NextPeer++, Direction.Inbound);
                    var rate = _scenario.Nodes[node.Group].Workload.Inbound!.Rate;
                    Clock.Schedule(Clock.NowTicks + ExponentialDelay.Ticks(_streams[node.Id].Arrivals, rate), _handler, KArrival, node.Id);
                    break;
                }

            case KBurstArrival:
                {
                    var node = _nodes[e.A];
                    Admit(node, node.NextPeer++, Direction.Inbound);
                    break;
                }

            case KSessionEnd:
                if (_nodes[e.A].Engine.IsConnected(e.B))
                {
                    _nodes[e.A].Engine.Disconnected(e.B);
                }

                Forget(_nodes[e.A], e.B);
                break;
            case KDialOk:
                {
                    var node = _nodes[e.A];
                    node.PendingDials--;
                    if (!Admit(node, e.B, Direction.Outbound))
                    {
                        Clock.Schedule(Clock.NowTicks + Outbound(node)!.RetryInterval.Ticks, _handler, KDialRetry, node.Id);
                    }

                    MaintainOutbound(node);
                    break;
                }

            case KDialFail:
                {
                    var node = _nodes[e.A];
                    node.PendingDials--;
                    if (Logging)
                    {
                        Log(node, EventKinds.DialFailed, e.B, "failure");
                    }

                    Clock.Schedule(Clock.NowTicks + Outbound(node)!.RetryInterval.Ticks, _handler, KDialRetry, node.Id);
                    break;
                }

            case KDialRetry:
                MaintainOutbound(_nodes[e.A]);
                break;
            case KBump:
                Bump(_nodes[e.A], e.B);
                break;
            case KTimeline:
                ExecuteTimeline(e.A);
                break;
            case KTrace:
                SampleTrace();
                if (Clock.NowTicks + _scenario.TraceInterval.Ticks <= _end)
                {
                    Clock.Schedule(Clock.NowTicks + _scenario.TraceInterval.Ticks, _handler, KTrace);
                }

                break;
        }
    }

    /// <summary>Dials towards the node's outbound target.</summary>
    internal void MaintainOutbound(FocalNode node)
    {
        var spec = Outbound(node);
        if (spec is null)
        {
            return;
        }

        var s = _streams[node.Id];
        while (node.OutboundPeers.Count + node.PendingDials < spec.Target)
        {
            node.PendingDials++;
            var peer = node.NextPeer++;
            var ok = s.Outbound.NextDouble() >= spec.FailureProbability;
            if (Logging)
            {
                Log(node, EventKinds.Dial, peer, "outbound");
            }

            Clock.Schedule(Clock.NowTicks + s.DialLatency.SampleTicks(), _handler, ok ? KDialOk : KDialFail, node.Id, peer);
        }
    }

    /// <summary>A keep-alive peer asked to be redialed: dial it (named peers always answer).</summary>
    internal void Redial(FocalNode node, int peer)
    {
        node.PendingDials++;
        if (Logging)
        {
            Log(node, EventKinds.Dial, peer, "keep-alive");
        }

        Clock.Schedule(Clock.NowTicks + _streams[node.Id].DialLatency.SampleTicks(), _handler, KDialOk, node.Id, peer);
    }

    /// <summary>True when the scenario asked for events.csv: only then are event rows (and their strings) built.</summary>
    internal bool Logging => _events is not null;

    /// <summary>Appends a row to events.csv.</summary>
    internal void Log(FocalNode node, string what, int peer, string reason, int? score = null)
    {
        _events?.Add(new EventRow(Seconds(), _scenario.Nodes[node.Group].Name, node.IndexInGroup, what, PeerLabel(peer), score, node.Engine.Count, reason));
    }

    private static OutboundSpec? NoOutbound => null;

    private OutboundSpec? Outbound(FocalNode node) => _scenario.Nodes[node.Group].Workload.Outbound ?? NoOutbound;

    private double Seconds() => (Clock.NowTicks - Clock.Start.UtcTicks) / (double)TimeSpan.TicksPerSecond;

    private void ScheduleStart()
    {
        var now = Clock.NowTicks;
        foreach (var node in _nodes)
        {
            var w = _scenario.Nodes[node.Group].Workload;
            var s = _streams[node.Id];
            if (w.Inbound is { Rate: > 0 } inbound)
            {
                Clock.Schedule(now + ExponentialDelay.Ticks(s.Arrivals, inbound.Rate), _handler, KArrival, node.Id);
            }

            foreach (var burst in w.Inbound?.Bursts ?? [])
            {
                for (var k = 0; k < burst.Count; k++)
                {
                    var offset = burst.Spread > TimeSpan.Zero ? (long)(s.Bursts.NextDouble() * burst.Spread.Ticks) : 0;
                    Clock.Schedule(now + burst.At.Ticks + offset, _handler, KBurstArrival, node.Id);
                }
            }

            foreach (var name in w.Protection?.Peers ?? [])
            {
                var peer = NamedPeer(name);
                node.Engine.Protect(peer, "scenario");
                node.ProtectedPeers.Add(peer);
            }

            foreach (var name in w.KeepAlive)
            {
                node.Engine.AddKeepAlive(NamedPeer(name));
            }

            MaintainOutbound(node);
        }

        for (var i = 0; i < _scenario.Timeline.Count; i++)
        {
            Clock.Schedule(now + _scenario.Timeline[i].At.Ticks, _handler, KTimeline, i);
        }

        Clock.Schedule(now + _scenario.TraceInterval.Ticks, _handler, KTrace);
    }

    private string PeerLabel(int peer)
    {
        if (peer < 0)
        {
            return "";
        }

        var index = int.MaxValue - peer;
        return index < _namedPeers.Count ? _peerNames[index] : peer.ToString(CultureInfo.InvariantCulture);
    }

    private int NamedPeer(string name)
    {
        if (!_namedPeers.TryGetValue(name, out var id))
        {
            // Named peers live at the top of the id space, far from the synthetic ones counted up from 1.
            id = int.MaxValue - _namedPeers.Count;
            _namedPeers[name] = id;
            _peerNames.Add(name);
        }

        return id;
    }

    /// <summary>A synthetic peer arrives (inbound) or answers a dial (outbound): connect, tag, protect, schedule its end.</summary>
    private bool Admit(FocalNode node, int peer, Direction direction)
    {
        var w = _scenario.Nodes[node.Group].Workload;
        var s = _streams[node.Id];
        var synthetic = peer < int.MaxValue - 1_000_000;
        var flags = ConnectionFlags.None;
        if (direction == Direction.Inbound && w.Inbound is { TransientFraction: > 0 } inb && s.Transient.NextDouble() < inb.TransientFraction)
        {
            flags |= ConnectionFlags.Transient;
        }

        var protect = synthetic && w.Protection is { Fraction: > 0 } pr && s.Protection.NextDouble() < pr.Fraction;
        if (protect)
        {
            node.Engine.Protect(peer, "workload");
            node.ProtectedPeers.Add(peer);
        }

        var decision = node.Engine.Connected(peer, direction, 0, flags);
        if (!decision.Accepted || !node.Engine.IsConnected(peer))
        {
            Forget(node, peer);
            return decision.Accepted;
        }

        AttributeSubsystem(node, peer, w, s);
        if (w.NetworkGroups > 0 || s.Latency is not null)
        {
            var group = w.NetworkGroups > 0 ? s.PeerInfo.Next(w.NetworkGroups) : -1;
            node.Engine.SetPeerInfo(peer, group, s.Latency is null ? TimeSpan.MaxValue : new TimeSpan(s.Latency.SampleTicks()));
        }

        if (w.Tagging is { } t)
        {
            if (t.Fraction > 0 && s.Tagging.NextDouble() < t.Fraction)
            {
                node.Engine.TagPeer(peer, t.Tag, s.TagValues!.Sample());
            }

            if (t.Decaying is { Fraction: > 0 } d && s.Tagging.NextDouble() < d.Fraction)
            {
                node.Engine.TagPeerDecaying(peer, d.Tag, d.Initial, d.Interval, s.Decay!);
                if (d.BumpRate > 0)
                {
                    Clock.Schedule(Clock.NowTicks + ExponentialDelay.Ticks(s.Bumps, d.BumpRate), _handler, KBump, node.Id, peer);
                }
            }
        }

        if (synthetic)
        {
            Clock.Schedule(Clock.NowTicks + s.Sessions!.SampleTicks(), _handler, KSessionEnd, node.Id, peer);
        }

        return true;
    }

    private static void AttributeSubsystem(FocalNode node, int peer, WorkloadSpec w, NodeStreams s)
    {
        if (w.Subsystems.Count == 0)
        {
            return;
        }

        var u = s.Subsystems.NextDouble();
        foreach (var (name, fraction) in s.SubsystemOrder)
        {
            if (u < fraction)
            {
                node.Engine.SetSubsystem(peer, name);
                return;
            }

            u -= fraction;
        }
    }

    private void Bump(FocalNode node, int peer)
    {
        var d = _scenario.Nodes[node.Group].Workload.Tagging!.Decaying!;
        if (!node.Engine.IsConnected(peer))
        {
            return;
        }

        node.Engine.BumpDecayingTag(peer, d.Tag, d.BumpAmount);
        node.Engine.MarkUseful(peer);
        Clock.Schedule(Clock.NowTicks + ExponentialDelay.Ticks(_streams[node.Id].Bumps, d.BumpRate), _handler, KBump, node.Id, peer);
    }

    private static void Forget(FocalNode node, int peer)
    {
        if (node.ProtectedPeers.Remove(peer))
        {
            node.Engine.Unprotect(peer, "workload");
        }
    }

    private static string Format(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
