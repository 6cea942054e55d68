using System.Diagnostics;
using ConnMgr.Engine;
using ConnMgr.Sim.Kernel;
using ConnMgr.Sim.Network.Dht;
using ConnMgr.Sim.Network.Pubsub;
using ConnMgr.Sim.Randomness;
using ConnMgr.Sim.Running;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Network;

/// <summary>
/// Network mode: N nodes, each with its own engine keyed by int node handles; a connection is an edge seen at both
/// ends (connection id = edge id). Node state is struct-of-arrays; events are (kind, node, arg) ints; each node has
/// at most one pending wake-up (its dial loop) besides its in-flight dials, router releases and churn transitions.
/// </summary>
public sealed partial class NetworkRunner : IEventHandler, IScenarioRun
{
    private const int KDial = 0, KDialDone = 1, KRelease = 2, KRevive = 3, KLeave = 4, KJoin = 5, KStorm = 6, KCrawler = 7, KTrace = 8, KDialTimeout = 9;
    private const byte Online = 1, Dialable = 2, Looping = 4, RouterDead = 8;

    private readonly Scenario _scenario;
    private readonly NetworkSpec _net;
    private readonly int _handler;
    private readonly long _end;
    private readonly int _n;
    private readonly ConnectionManager<int>[] _engines;
    private readonly byte[] _group;
    private readonly byte[] _flags;
    private readonly int[] _pending;
    private readonly int[] _natUsed;
    private readonly int[] _natLingerEvicted;
    private readonly int[] _routerGeneration;
    private readonly int[] _book;
    private readonly int _bookSize;
    private readonly GroupRuntime[] _groups;
    private readonly EdgeStore _edges = new();
    private readonly List<(int Peer, long ConnectionId)> _scratch = [];
    private readonly Dictionary<long, long> _prunedAt = [];
    private readonly Random _dialRng, _peerRng, _churnRng, _stormRng, _crawlerRng, _failRng;
    private readonly DurationSampler _latency;
    private readonly DurationSampler?[] _sessions, _offTimes;
    private readonly long[] _aboveSince;
    private readonly long[] _timeAbove;
    private readonly int[] _maxCount;
    private readonly int[] _churnGeneration;
    private readonly int[] _inboundAccepted;
    private readonly int[] _dialable;
    private readonly bool[] _logged;
    private readonly List<Traces.EventRow>? _events;
    private readonly PubsubModel? _pubsub;
    private readonly DhtModel? _dht;
    private readonly int[]? _meshPruned;

    /// <summary>Builds the network (engines, address books) and schedules the start; nothing runs until <see cref="Run"/>.</summary>
    public NetworkRunner(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        _scenario = scenario;
        _net = scenario.Network ?? throw new ArgumentException("not a network scenario", nameof(scenario));
        Clock = new SimClock();
        _handler = Clock.Register(this);
        _end = Clock.NowTicks + scenario.Duration.Ticks;
        _n = _net.Groups.Sum(g => g.Count);
        _engines = new ConnectionManager<int>[_n];
        _group = new byte[_n];
        _flags = new byte[_n];
        _pending = new int[_n];
        _natUsed = new int[_n];
        _natLingerEvicted = new int[_n];
        _routerGeneration = new int[_n];
        _aboveSince = new long[_n];
        _timeAbove = new long[_n];
        _maxCount = new int[_n];
        _churnGeneration = new int[_n];
        _inboundAccepted = new int[_n];
        _bookSize = Math.Min(_net.AddressBook, Math.Max(1, _n - 1));
        _book = new int[(long)_n * _bookSize];
        _dialRng = RandomStreams.For(scenario.Seed, "net-dial");
        _peerRng = RandomStreams.For(scenario.Seed, "net-address-book");
        _churnRng = RandomStreams.For(scenario.Seed, "net-churn");
        _stormRng = RandomStreams.For(scenario.Seed, "net-storm");
        _crawlerRng = RandomStreams.For(scenario.Seed, "net-crawler");
        _failRng = RandomStreams.For(scenario.Seed, "net-dial-failure");
        var reach = RandomStreams.For(scenario.Seed, "net-reachability");
        _latency = new DurationSampler(_net.DialLatencyOrDefault, RandomStreams.For(scenario.Seed, "net-latency"));
        _groups = new GroupRuntime[_net.Groups.Count];
        _sessions = new DurationSampler?[_net.Groups.Count];
        _offTimes = new DurationSampler?[_net.Groups.Count];

        var node = 0;
        for (var g = 0; g < _net.Groups.Count; g++)
        {
            var spec = _net.Groups[g];
            var options = EngineOptionsFactory.Build(new NodeGroupSpec { Profile = spec.Profile, Engine = spec.Engine }, RandomStreams.SeedFor(scenario.Seed, "engine", g));
            var (low, high) = EngineOptionsFactory.Watermarks(options);
            _groups[g] = new GroupRuntime(spec, node, spec.Count, low, high, spec.Router is null ? 0 : spec.Router.NatEntries, options.Subsystems);
            if (spec.Churn is { } churn)
            {
                _sessions[g] = new DurationSampler(churn.Session, RandomStreams.For(scenario.Seed, "net-session", g));
                _offTimes[g] = new DurationSampler(churn.OffTime, RandomStreams.For(scenario.Seed, "net-offtime", g));
            }

            for (var i = 0; i < spec.Count; i++, node++)
            {
                _group[node] = (byte)g;
                _engines[node] = new ConnectionManager<int>(options, Clock, new NodeObserver(this, node));
                if (reach.NextDouble() < spec.Dialable)
                {
                    _flags[node] |= Dialable;
                }
            }
        }

        // Address books hold dialable nodes only: undialable nodes do not advertise addresses (DHT client mode).
        var dialable = new List<int>();
        for (var i = 0; i < _n; i++)
        {
            if ((_flags[i] & Dialable) != 0)
            {
                dialable.Add(i);
            }
        }

        _dialable = dialable.Count > 0 ? [.. dialable] : [0];
        if (_net.AddressBookKind == "neighbourhood")
        {
            FillNeighbourhoodBooks();
        }
        else
        {
            for (var i = 0; i < _n; i++)
            {
                var row = (long)i * _bookSize;
                for (var k = 0; k < _bookSize; k++)
                {
                    _book[row + k] = RandomKnownPeer(i);
                }
            }
        }

        _logged = new bool[_n];
        _events = _net.SampledEventLog > 0 ? [] : null;
        for (var k = 0; k < _net.SampledEventLog && k < _n; k++)
        {
            _logged[(int)((long)k * _n / Math.Min(_n, _net.SampledEventLog))] = true;
        }

        if (_net.Dht is { } dht)
        {
            _dht = new DhtModel(this, dht, _net, scenario.Seed);
        }

        if (_net.Pubsub is { } pubsub)
        {
            _pubsub = new PubsubModel(this, pubsub, _net, scenario.Seed, _dht is null ? null : _dht.InTable);
            _meshPruned = new int[_n];
        }

        ScheduleStart();
    }

    /// <summary>The pubsub layer, when the scenario has one.</summary>
    internal PubsubModel? Pubsub => _pubsub;

    /// <summary>The DHT layer, when the scenario has one.</summary>
    internal DhtModel? Dht => _dht;

    /// <summary>True when <paramref name="node"/> is online and its router is up.</summary>
    public bool IsUp(int node) => (_flags[node] & (Online | RouterDead)) == Online;

    /// <summary>Index of <paramref name="node"/>'s group.</summary>
    public int GroupOf(int node) => _group[node];

    /// <summary>Takes <paramref name="node"/> offline now (as churn does), closing its connections.</summary>
    public void TakeOffline(int node)
    {
        _churnGeneration[node]++;
        Leave(node);
    }

    /// <summary>Brings <paramref name="node"/> back online now.</summary>
    public void BringOnline(int node)
    {
        _churnGeneration[node]++;
        Join(node);
    }

    /// <inheritdoc/>
    public IReadOnlyList<Traces.EventRow>? EventRows => _events;

    /// <summary>The virtual clock.</summary>
    public SimClock Clock { get; }

    /// <summary>Nodes in the network.</summary>
    public int Nodes => _n;

    /// <summary>Open connections (edges).</summary>
    public int OpenEdges => _edges.Live;

    /// <summary>True when <paramref name="node"/> is online.</summary>
    public bool IsOnline(int node) => (_flags[node] & Online) != 0;

    /// <summary>True when <paramref name="node"/> accepts direct dials.</summary>
    public bool IsDialable(int node) => (_flags[node] & Dialable) != 0;

    /// <summary>The engine of <paramref name="node"/>.</summary>
    public ConnectionManager<int> Engine(int node) => _engines[node];

    /// <summary>NAT entries in use at <paramref name="node"/>'s router.</summary>
    public int NatUsed(int node) => _natUsed[node];

    /// <summary>Inbound connections ever accepted by each node (for the reachability test).</summary>
    public long InboundAccepted(int node) => _inboundAccepted[node];

    /// <summary>Runs to the scenario's duration.</summary>
    public RunResult Run(Action<double, long>? progress = null, CancellationToken cancel = default)
    {
        var wall = Stopwatch.StartNew();
        var completed = Clock.RunInSlices(_end, progress, cancel);
        wall.Stop();
        return BuildResult(completed, wall.Elapsed);
    }

    void IEventHandler.Handle(in SimEvent e)
    {
        switch (e.Kind)
        {
            case KDial:
                DialLoop(e.A);
                break;
            case KDialDone:
                DialDone(e.A, e.B, crawl: false);
                break;
            case KDialDone + 100:
                DialDone(e.A, e.B, crawl: true);
                break;
            case KDialTimeout:
                _pending[e.A]--;
                _groups[_group[e.A]].Dials++;
                _groups[_group[e.A]].DialTimeouts++;
                StartLoop(e.A);
                break;
            case KRelease:
                Release(e.A, e.B);
                break;
            case KRevive:
                if (_routerGeneration[e.A] == e.B)
                {
                    _flags[e.A] &= unchecked((byte)~RouterDead);
                    _pubsub?.Joined(e.A);
                    StartLoop(e.A);
                }

                break;
            case KLeave:
                if (_churnGeneration[e.A] == e.B)
                {
                    Leave(e.A);
                }

                break;
            case KJoin:
                if (_churnGeneration[e.A] == e.B)
                {
                    Join(e.A);
                }

                break;
            case KStorm:
                Storm(_net.Storms[e.A]);
                break;
            case KCrawler:
                Crawl();
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

    private void ScheduleStart()
    {
        var now = Clock.NowTicks;
        for (var i = 0; i < _n; i++)
        {
            var g = _group[i];
            var churn = _net.Groups[g].Churn;
            if (churn is null || _churnRng.NextDouble() < churn.InitiallyOnline)
            {
                Join(i);
            }
            else
            {
                Clock.Schedule(now + _offTimes[g]!.SampleTicks(), _handler, KJoin, i, _churnGeneration[i]);
            }
        }

        for (var s = 0; s < _net.Storms.Count; s++)
        {
            Clock.Schedule(now + _net.Storms[s].At.Ticks, _handler, KStorm, s);
        }

        if (_net.Crawlers is { PerHour: > 0 } c)
        {
            Clock.Schedule(now + NextCrawl(c), _handler, KCrawler);
        }

        Clock.Schedule(now + _scenario.TraceInterval.Ticks, _handler, KTrace);
        _dht?.Start();
        _pubsub?.Start();
    }

    private long NextCrawl(CrawlerSpec c) => Math.Max(1, (long)(-Math.Log(1 - _crawlerRng.NextDouble()) / c.PerHour * TimeSpan.TicksPerHour));

    private void Join(int node)
    {
        if ((_flags[node] & Online) != 0)
        {
            return;
        }

        _flags[node] |= Online;
        _groups[_group[node]].Joins++;
        Log(node, "online", -1, 0);
        _pubsub?.Joined(node);
        if (_sessions[_group[node]] is { } session)
        {
            Clock.Schedule(Clock.NowTicks + session.SampleTicks(), _handler, KLeave, node, _churnGeneration[node]);
        }

        StartLoop(node);
    }

    private void Leave(int node)
    {
        if ((_flags[node] & Online) == 0)
        {
            return;
        }

        DropAll(node);
        _flags[node] &= unchecked((byte)~Online);
        _pubsub?.Left(node);
        Log(node, "offline", -1, 0);
        if (_offTimes[_group[node]] is { } off)
        {
            Clock.Schedule(Clock.NowTicks + off.SampleTicks(), _handler, KJoin, node, _churnGeneration[node]);
        }
    }

    private void Storm(StormSpec storm)
    {
        var window = Math.Max(1, storm.Window.Ticks);
        for (var i = 0; i < _n; i++)
        {
            if (_stormRng.NextDouble() >= storm.Fraction)
            {
                continue;
            }

            // Restart: leave now and come back within the window; pending churn transitions of the old session are void.
            DropAll(i);
            _flags[i] &= unchecked((byte)~Online);
            _pubsub?.Left(i);
            _churnGeneration[i]++;
            Clock.Schedule(Clock.NowTicks + (long)(_stormRng.NextDouble() * window), _handler, KJoin, i, _churnGeneration[i]);
        }
    }

    private void Crawl()
    {
        var c = _net.Crawlers!;
        var node = _crawlerRng.Next(_n);
        if ((_flags[node] & Online) != 0)
        {
            _groups[_group[node]].Crawls++;
            for (var k = 0; k < c.Peers; k++)
            {
                var target = _crawlerRng.Next(_n);
                if (target == node)
                {
                    continue;
                }

                _pending[node]++;
                ScheduleDial(node, target, (long)(_crawlerRng.NextDouble() * TimeSpan.TicksPerSecond), crawl: true);
            }
        }

        Clock.Schedule(Clock.NowTicks + NextCrawl(c), _handler, KCrawler);
    }

    /// <summary>
    /// Kademlia-like books: nodes sit on a ring at a hash of their id; each node knows the dialable nodes nearest to
    /// it on the ring (half before, half after), so neighbourhoods overlap as routing tables do.
    /// </summary>
    private void FillNeighbourhoodBooks()
    {
        static uint RingPosition(int id)
        {
            var h = (uint)id * 2654435761u;
            h ^= h >> 15;
            h *= 2246822519u;
            return h ^ (h >> 13);
        }

        var ring = _dialable.OrderBy(RingPosition).ThenBy(x => x).ToArray();
        var positions = ring.Select(RingPosition).ToArray();
        for (var i = 0; i < _n; i++)
        {
            var at = Array.BinarySearch(positions, RingPosition(i));
            at = at < 0 ? ~at : at;
            var row = (long)i * _bookSize;
            var filled = 0;
            for (var step = 0; filled < _bookSize && step < ring.Length + _bookSize; step++)
            {
                var offset = (step & 1) == 0 ? step / 2 : -((step + 1) / 2);
                var peer = ring[(((at + offset) % ring.Length) + ring.Length) % ring.Length];
                if (peer != i || ring.Length == 1)
                {
                    _book[row + filled++] = peer;
                }
            }
        }
    }

    /// <summary>A random dialable node other than <paramref name="node"/> (or any node if it is the only one).</summary>
    private int RandomKnownPeer(int node)
    {
        var peer = _dialable[_peerRng.Next(_dialable.Length)];
        return peer != node || _dialable.Length == 1 ? peer : _dialable[(Array.IndexOf(_dialable, peer) + 1) % _dialable.Length];
    }

    /// <summary>Schedules the end of a dial: its completion after the sampled latency, or its timeout.</summary>
    private void ScheduleDial(int node, int peer, long delay, bool crawl)
    {
        var latency = _latency.SampleTicks();
        if (latency > _net.DialTimeout.Ticks)
        {
            Clock.Schedule(Clock.NowTicks + delay + _net.DialTimeout.Ticks, _handler, KDialTimeout, node, peer);
            return;
        }

        Clock.Schedule(Clock.NowTicks + delay + latency, _handler, crawl ? KDialDone + 100 : KDialDone, node, peer);
    }

    private void StartLoop(int node)
    {
        if ((_flags[node] & Looping) != 0 || (_flags[node] & Online) == 0)
        {
            return;
        }

        _flags[node] |= Looping;
        Clock.Schedule(Clock.NowTicks + (long)(_dialRng.NextDouble() * _net.Groups[_group[node]].DialInterval.Ticks), _handler, KDial, node);
    }

    /// <summary>The node's one wake-up: dial one known peer if below target, then sleep a dial interval.</summary>
    private void DialLoop(int node)
    {
        var spec = _net.Groups[_group[node]];
        if ((_flags[node] & (Online | RouterDead)) != Online || _engines[node].Connections + _pending[node] >= spec.DialTarget)
        {
            _flags[node] &= unchecked((byte)~Looping);
            return;
        }

        var engine = _engines[node];
        var deficit = Math.Min(spec.ParallelDials, spec.DialTarget - engine.Connections - _pending[node]);
        for (var attempt = 0; attempt < 2 * deficit && deficit > 0; attempt++)
        {
            var peer = _book[((long)node * _bookSize) + _dialRng.Next(_bookSize)];
            if (peer == node || engine.IsConnected(peer) || !engine.CanDial(peer))
            {
                continue;
            }

            _pending[node]++;
            deficit--;
            ScheduleDial(node, peer, 0, crawl: false);
        }

        Clock.Schedule(Clock.NowTicks + spec.DialInterval.Ticks, _handler, KDial, node);
    }
}
