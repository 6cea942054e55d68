using System.Diagnostics;
using ConnMgr.Engine;
using ConnMgr.Sim.Kernel;
using ConnMgr.Sim.Randomness;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Network;

/// <summary>
/// Network mode: N nodes, each with its own engine keyed by int node handles; a connection is an edge seen at both
/// ends (connection id = edge id). The runner owns nodes, edges, engines, the dial loop and the clock; everything
/// else (routers, churn, crawlers, address books, pubsub, DHT) is a <see cref="NetworkModel"/> made from the
/// registrations it is handed (the built-in list is <c>NetworkModels.All</c>), called from one place per hook. Node state is struct-of-arrays; events are
/// (kind, node, arg) ints; each node has at most one pending wake-up (its dial loop) besides its in-flight dials.
/// </summary>
public sealed partial class NetworkRunner : IEventHandler, IScenarioRun, INetwork
{
    private const int KDial = 0, KDialTimeout = 1, KDialDone = 2; // KDialDone + purpose; KDeliver (NetworkRunner.Delivery.cs); KSyn, KAnswer (NetworkRunner.Handshake.cs); KRemoteClose + cause (NetworkRunner.Closes.cs)
    private const byte Online = 1, Dialable = 2, Looping = 4, RouterDead = 8;

    private readonly Scenario _scenario;
    private readonly NetworkSpec _net;
    private readonly int _handler;
    private readonly long _end;
    private readonly ConnectionManager<int>[] _engines;
    private readonly byte[] _group;
    private readonly byte[] _flags;
    private readonly int[] _pending;
    private readonly GroupRuntime[] _groups;
    private readonly EdgeStore _edges = new();
    /// <summary>A node's connections while <see cref="DropAll"/> closes them: one list per partition, as each partition's thread needs its own.</summary>
    private readonly List<(int Peer, long ConnectionId)>[] _scratch = [[], []];
    private readonly DialDraws _draws;
    private readonly NodeObserver[] _observers;
    private readonly SampledEventLog? _log;
    private readonly ModelHooks _hooks;
    private readonly IDialTargets _targets;
    private readonly TraceSampler _sampler;

    /// <summary>Builds the network (engines, then the models in registration order); nothing runs until <see cref="Run"/>.</summary>
    /// <param name="scenario">A scenario with a network section.</param>
    /// <param name="models">The model registrations, in call order; exactly one of the models must provide <see cref="IDialTargets"/>.</param>
    public NetworkRunner(Scenario scenario, IReadOnlyList<ModelRegistration> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(scenario);
        _scenario = scenario;
        _net = scenario.Network ?? throw new ArgumentException("not a network scenario", nameof(scenario));
        Clock = new SimClock();
        _handler = Clock.Register(this);
        Clock.EnablePrefetchHints();
        _end = Clock.NowTicks + scenario.Duration.Ticks;
        var n = _net.Groups.Sum(g => g.Count);
        _engines = new ConnectionManager<int>[n];
        _group = new byte[n];
        _flags = new byte[n];
        _pending = new int[n];
        _observers = new NodeObserver[n];
        _draws = new DialDraws(scenario.Seed, n, _net.DialLatencyOrDefault, _net.DialTimeout.Ticks, DelayedCloses);
        if (DelayedCloses)
        {
            _edges.TrackEnds(Clock);
            _buckets = new MessageBuckets(_net.DialTimeout.Ticks / 2 + TimeSpan.TicksPerSecond, partitions: 2); // a crawler's dial starts up to 1 s late
        }

        var reach = RandomStreams.For(scenario.Seed, "net-reachability");
        _groups = new GroupRuntime[_net.Groups.Count];
        var options = new (ConnectionManagerOptions Dialable, ConnectionManagerOptions Undialable)[_net.Groups.Count];
        var node = 0;
        for (var g = 0; g < _net.Groups.Count; g++)
        {
            var spec = _net.Groups[g];
            var built = EngineOptionsFactory.Build(new NodeGroupSpec { Profile = spec.Profile, Engine = spec.Engine }, RandomStreams.SeedFor(scenario.Seed, "engine", g));
            var (low, high) = EngineOptionsFactory.Watermarks(built);
            _groups[g] = new GroupRuntime(spec, node, spec.Count, low, high) { GatesDials = built.FlowBudget is not null || built.DialWindow is not null };
            options[g] = (built, EngineOptionsFactory.ForUndialable(built, spec.DialTarget));
            for (var i = 0; i < spec.Count; i++, node++)
            {
                _group[node] = (byte)g;
                if (reach.NextDouble() < spec.Dialable)
                {
                    _flags[node] |= Dialable;
                }
            }
        }

        BuildEngines(options);
        _log = _net.SampledEventLog > 0 ? new SampledEventLog(n, _net.SampledEventLog) : null;
        var made = new List<NetworkModel>();
        foreach (var r in models)
        {
            if (r.Create(this, made) is { } model)
            {
                made.Add(model);
            }
        }

        _hooks = new ModelHooks([.. made]);
        _targets = made.OfType<IDialTargets>().Single();
        _sampler = new TraceSampler(made);
        ChoosePartitions();
        ScheduleStart();
    }

    /// <summary>
    /// Each node's observer and engine (with its group's options, or the undialable variant, and its partition's time
    /// and table arena), in two halves (<see cref="TwoThreadSetup"/>); an engine only keeps what it is given, so the
    /// halves share nothing but the options, which they read.
    /// </summary>
    private void BuildEngines((ConnectionManagerOptions Dialable, ConnectionManagerOptions Undialable)[] options)
    {
        var arenas = EngineArenas.PerPartition();
        TwoThreadSetup.InHalves(Nodes, (from, to) =>
        {
            for (var node = from; node < to; node++)
            {
                var (dialable, undialable) = options[_group[node]];
                var partition = NodePartition.Of(node);
                _observers[node] = new NodeObserver(this, node);
                _engines[node] = new ConnectionManager<int>(IsDialable(node) ? dialable : undialable, SplitDials ? Clock.PartitionTime(partition) : Clock, _observers[node], arenas[partition]);
            }
        });
    }

    /// <summary>The virtual clock.</summary>
    public SimClock Clock { get; }

    /// <inheritdoc/>
    public int Seed => _scenario.Seed;

    /// <inheritdoc/>
    public NetworkSpec Spec => _net;

    /// <summary>Nodes in the network.</summary>
    public int Nodes => _engines.Length;

    /// <summary>Open connections (edges).</summary>
    public int OpenEdges => _edges.Live;

    /// <summary>The models this network runs, in call order.</summary>
    public IReadOnlyList<NetworkModel> Models => _hooks.All;

    /// <inheritdoc/>
    public IReadOnlyList<EventRow>? EventRows => _log?.InTimeOrder();

    /// <inheritdoc/>
    public bool IsUp(int node) => (_flags[node] & (Online | RouterDead)) == Online;

    /// <inheritdoc/>
    public bool IsOnline(int node) => (_flags[node] & Online) != 0;

    /// <inheritdoc/>
    public bool IsDialable(int node) => (_flags[node] & Dialable) != 0;

    /// <inheritdoc/>
    public bool IsDown(int node, DownCause cause) => cause == DownCause.Offline ? (_flags[node] & Online) == 0 : (_flags[node] & RouterDead) != 0;

    /// <inheritdoc/>
    public int GroupOf(int node) => _group[node];

    /// <inheritdoc/>
    public (int First, int Count) GroupRange(int group) => (_groups[group].First, _groups[group].Count);

    /// <inheritdoc/>
    public ConnectionManager<int> Engine(int node) => _engines[node];

    /// <summary>Inbound connections ever accepted by each node (for the reachability test).</summary>
    public long InboundAccepted(int node) => _observers[node].Counters.InboundAccepted;

    /// <summary>Runs to the scenario's duration.</summary>
    public RunResult Run(Action<double, long>? progress = null, CancellationToken cancel = default)
    {
        var wall = Stopwatch.StartNew();
        var completed = Clock.RunInSlices(_end, progress, cancel);
        wall.Stop();
        Clock.FinishWaitTrial();
        Clock.WriteProfile();
        WriteTableProfile();
        return BuildResult(completed, wall.Elapsed);
    }

    /// <inheritdoc/>
    public void Log(int node, string what, int peer, string reason)
    {
        if (_log is not null && _log.IsLogged(node))
        {
            _log.Add(Clock.RunningPartition, node, (Clock.NowTicks - Clock.Start.UtcTicks) / (double)TimeSpan.TicksPerSecond, _groups[_group[node]].Spec.Name, what, peer, _engines[node].Count, reason);
        }
    }

    void IEventHandler.Handle(in SimEvent e)
    {
        switch (e.Kind)
        {
            case KDial:
                DialLoop(e.A);
                break;
            case KDialTimeout:
                _pending[e.A]--;
                DialEnded(e.A, e.B, timedOut: true);
                var timedOut = Counters(e.A);
                timedOut.Dials++;
                timedOut.DialTimeouts++;
                if (IsUp(e.A))
                {
                    DialFailed(e.A, e.B);
                }

                StartLoop(e.A);
                break;
            case TraceSampler.Kind:
                SampleTrace();
                if (Clock.NowTicks + _scenario.TraceInterval.Ticks <= _end)
                {
                    Clock.Schedule(Clock.NowTicks + _scenario.TraceInterval.Ticks, _handler, TraceSampler.Kind);
                }

                break;
            case KDeliver:
                Deliver(e.A);
                break;
            case >= KSyn:
                HandleMessage(in e); // a message due beyond the delivery ring (MessageBuckets.TryPost)
                break;
            default:
                DialDone(e.A, e.B, (ConnectPurpose)(e.Kind - KDialDone));
                break;
        }
    }

    /// <summary>
    /// Every event of the runner belongs to its node (<c>A</c>: the dialer for a dial's end or answer, the listener
    /// for a SYN, the receiving end for a remote close) except a trace sample; a bucket's delivery to its ring's
    /// partition (<c>B</c>, which node 0 or 1 stands for).
    /// </summary>
    int IEventHandler.Owner(in SimEvent e) => e.Kind == TraceSampler.Kind ? -1 : e.Kind == KDeliver ? NodePartition.NodeOf(e.B) : e.A; // a bucket delivery belongs to its partition (B)

    /// <summary>A bucket's delivery: the profile counts its messages one by one.</summary>
    bool IEventHandler.ProfiledInParts(in SimEvent e) => e.Kind == KDeliver;

    private void ScheduleStart()
    {
        Clock.Schedule(Clock.NowTicks + _scenario.TraceInterval.Ticks, _handler, TraceSampler.Kind);
        foreach (var m in _hooks.All)
        {
            m.Start();
        }
    }

    /// <inheritdoc/>
    public void Dial(int dialer, int listener, long delayTicks, ConnectPurpose purpose)
    {
        if (!MayDial(dialer, listener))
        {
            return;
        }

        var pending = ++_pending[dialer];
        var g = Counters(dialer);
        g.MaxDialsInFlight = Math.Max(g.MaxDialsInFlight, pending);
        var latency = _draws.Latency(dialer);
        if (latency > _net.DialTimeout.Ticks)
        {
            Clock.Schedule(Clock.NowTicks + delayTicks + _net.DialTimeout.Ticks, _handler, KDialTimeout, dialer, listener);
            return;
        }

        if (SplitDials)
        {
            SendSyn(dialer, listener, delayTicks, latency, purpose);
            return;
        }

        Clock.Schedule(Clock.NowTicks + delayTicks + latency, _handler, KDialDone + (int)purpose, dialer, listener);
    }

    private void StartLoop(int node)
    {
        if ((_flags[node] & (Looping | FlagMaskOnlineAlive)) != Online)
        {
            return;
        }

        _flags[node] |= Looping;
        Clock.Schedule(Clock.NowTicks + _draws.LoopPhase(node, _net.Groups[_group[node]].DialInterval.Ticks), _handler, KDial, node);
    }

    /// <summary>The node's one wake-up: dial known peers up to its target (a round of parallel dials), then sleep a dial interval.</summary>
    private void DialLoop(int node)
    {
        var spec = _net.Groups[_group[node]];
        var engine = _engines[node];
        if ((_flags[node] & (Online | RouterDead)) != Online || engine.Connections + _pending[node] >= spec.DialTarget)
        {
            _flags[node] &= unchecked((byte)~Looping);
            return;
        }

        var deficit = Math.Min(spec.ParallelDials, spec.DialTarget - engine.Connections - _pending[node]);
        for (var attempt = 0; attempt < 2 * deficit && deficit > 0; attempt++)
        {
            var peer = _targets.Pick(node, _draws.Targets(node));
            if (peer == node || engine.IsConnected(peer) || !engine.CanDial(peer))
            {
                continue;
            }

            deficit--;
            Dial(node, peer, 0, ConnectPurpose.Generic);
        }

        Clock.Schedule(Clock.NowTicks + spec.DialInterval.Ticks, _handler, KDial, node);
    }
}
