using System.Globalization;
using ConnMgr.Engine.Events;
using ConnMgr.Engine.Tags;
using ConnMgr.Sim.Kernel;
using ConnMgr.Sim.Randomness;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Network.Pubsub;

/// <summary>
/// Gossipsub-like meshes over network mode. Each subscribing node has one slot per topic it joined; a slot's mesh is
/// a fixed row of peer handles. Meshes are symmetric (a GRAFT is accepted by the other side, a PRUNE removes both
/// ends) and need an open connection. One heartbeat event per period sweeps only the slots that went out of
/// [D_lo, D_hi] since the last one (GRAFT up to D from connected topic peers, PRUNE down to D), so the cost follows
/// what changed, not the network size. Mesh peers are tagged in the engine as go-libp2p-pubsub's tag tracer does,
/// and first deliveries bump a decaying tag. A message is propagated by a shortest-path pass over the mesh with a
/// sampled latency per hop. Mesh choices, discovery and latencies come from each node's own streams (a hop's from
/// the relaying node's); only the publishing process, one for the network, draws from a shared stream.
/// </summary>
internal sealed partial class PubsubModel : NetworkModel, IEventHandler
{
    public static readonly ModelRegistration Registration = new(
        new ColumnGroup("pubsub", RunMode.Network, PubsubColumns.Trace, PubsubColumns.Summary) { Files = [("mesh-degree.csv", [PubsubColumns.Degree, PubsubColumns.DegreeShare])] },
        PubsubColumns.Expectations,
        (net, before) => net.Spec.Pubsub is { } spec ? new PubsubModel(net, spec, before.OfType<Dht.DhtModel>().FirstOrDefault()) : null);

    private const int KHeartbeat = 0, KPublish = 1, KDial = 2;
    private const int BackoffSlots = 4;
    private const string PubsubSubsystem = "pubsub";

    private readonly INetwork _net;
    private readonly PubsubSpec _spec;
    private readonly SimClock _clock;
    private readonly int _handler;
    private readonly int _cap;
    private readonly int _perNode;
    private readonly bool[] _inGroup;
    private readonly int[] _firstSlot;
    private readonly int[] _slotNode;
    private readonly int[] _slotTopic;
    private readonly int[] _mesh;
    private readonly int[] _degree;
    private readonly int[] _backoffPeer;
    private readonly long[] _backoffUntil;
    private readonly byte[] _backoffNext;
    private readonly long[] _nextDiscovery;
    private readonly long[] _countFrom;
    private readonly long[] _belowFrom;
    private readonly bool[] _dirty;
    private List<int> _dirtyList = [];
    private List<int> _sweep = [];
    private readonly int[][] _topicSlots;
    private readonly string[] _meshTag;
    private readonly string[] _deliveryTag;
    private readonly DecayFunction _decay = DecayFunction.Fixed(1);
    private readonly BumpFunction _bump;
    private readonly Random _publishRng;
    private readonly PerNodeStream _meshRng, _discoveryRng, _hopRng, _dialRng;
    private readonly DurationSampler _hop, _dial;
    private readonly Func<int, bool>? _silent;
    private readonly long _timeout;
    private readonly List<(int Peer, long ConnectionId)> _connections = [];
    private readonly List<int> _candidates = [];
    private readonly long[] _dist;
    private readonly int[] _stamp;
    private readonly int[] _pred;
    private readonly PriorityQueue<int, long> _queue = new();
    private int _generation;

    // The quota audit: mesh peers pruned per node since its last trim, and per group pubsub's engine subsystem index
    // (-1 without a pubsub quota) and the reserved minimum per engine subsystem index.
    private readonly int[] _meshPruned;
    private readonly int[] _quotaIndex;
    private readonly int[][] _quotaReserved;

    private PubsubModel(INetwork net, PubsubSpec spec, Dht.DhtModel? dht)
    {
        var network = net.Spec;
        var seed = net.Seed;
        _net = net;
        _spec = spec;
        _clock = net.Clock;
        _handler = _clock.Register(this);
        _cap = spec.DHi + 4;
        _perNode = spec.TopicsPerNode;
        InTable = dht is null ? null : dht.InTable;
        _inGroup = network.SelectGroups(spec.Groups);
        Stats = new PubsubGroupStats[network.Groups.Count];
        for (var g = 0; g < Stats.Length; g++)
        {
            Stats[g] = new PubsubGroupStats { DegreeSamples = new long[_cap + 1] };
        }

        var subscribe = RandomStreams.For(seed, "pubsub-subscriptions");
        _firstSlot = new int[net.Nodes];
        var nodes = new List<int>();
        var topics = new List<int>();
        var pick = new int[spec.Topics];
        for (var i = 0; i < net.Nodes; i++)
        {
            _firstSlot[i] = -1;
            if (!_inGroup[net.GroupOf(i)] || subscribe.NextDouble() >= spec.Subscribers)
            {
                continue;
            }

            _firstSlot[i] = nodes.Count;
            for (var t = 0; t < pick.Length; t++)
            {
                pick[t] = t;
            }

            for (var j = 0; j < _perNode; j++)
            {
                var k = j + subscribe.Next(pick.Length - j);
                (pick[j], pick[k]) = (pick[k], pick[j]);
                nodes.Add(i);
                topics.Add(pick[j]);
            }
        }

        _slotNode = [.. nodes];
        _slotTopic = [.. topics];
        var slots = _slotNode.Length;
        _mesh = new int[(long)slots * _cap];
        _degree = new int[slots];
        _backoffPeer = new int[slots * BackoffSlots];
        Array.Fill(_backoffPeer, -1);
        _backoffUntil = new long[slots * BackoffSlots];
        _backoffNext = new byte[slots];
        _nextDiscovery = new long[slots];
        _countFrom = new long[slots];
        _belowFrom = new long[slots];
        _dirty = new bool[slots];
        var perTopic = new int[spec.Topics];
        foreach (var t in _slotTopic)
        {
            perTopic[t]++;
        }

        _topicSlots = new int[spec.Topics][];
        for (var t = 0; t < spec.Topics; t++)
        {
            _topicSlots[t] = new int[perTopic[t]];
            perTopic[t] = 0;
        }

        for (var s = 0; s < slots; s++)
        {
            _topicSlots[_slotTopic[s]][perTopic[_slotTopic[s]]++] = s;
        }

        _meshTag = new string[spec.Topics];
        _deliveryTag = new string[spec.Topics];
        for (var t = 0; t < spec.Topics; t++)
        {
            _meshTag[t] = "pubsub:topic-" + t.ToString(CultureInfo.InvariantCulture);
            _deliveryTag[t] = "pubsub-deliveries:topic-" + t.ToString(CultureInfo.InvariantCulture);
        }

        _bump = BumpFunction.SumBounded(0, spec.DeliveryTagCap);
        _publishRng = RandomStreams.For(seed, "pubsub-publish");
        var perNode = PerNodeStream.Interleaved(seed, net.Nodes, "pubsub-mesh", "pubsub-discovery", "pubsub-hop-latency", "pubsub-dial-latency");
        (_meshRng, _discoveryRng, _hopRng, _dialRng) = (perNode[0], perNode[1], perNode[2], perNode[3]);
        _silent = Sybils.Defection.Silent(net);
        _hop = new DurationSampler(spec.HopLatency ?? new DurationDistributionSpec { Kind = DistributionKind.Lognormal, Median = TimeSpan.FromMilliseconds(50), Sigma = 0.5 }, random: null);
        _dial = new DurationSampler(network.DialLatencyOrDefault, random: null);
        _timeout = network.DialTimeout.Ticks;
        _dist = new long[net.Nodes];
        _stamp = new int[net.Nodes];
        _pred = new int[net.Nodes];
        _meshPruned = new int[net.Nodes];
        _quotaIndex = new int[network.Groups.Count];
        _quotaReserved = new int[network.Groups.Count][];
        for (var g = 0; g < network.Groups.Count; g++)
        {
            // The engine's subsystems (other first, then the static quotas, then the negotiated ones — the quota model
            // enrolled before this one): pubsub is among them only when it has a quota.
            var engine = net.Engine(net.GroupRange(g).First);
            _quotaIndex[g] = engine.SubsystemNames.ToList().IndexOf(PubsubSubsystem);
            _quotaReserved[g] = [.. Enumerable.Range(0, engine.SubsystemNames.Count).Select(engine.SubsystemReserved)];
        }
    }

    /// <summary>Pubsub statistics per group.</summary>
    public PubsubGroupStats[] Stats { get; }

    /// <summary>Subscriptions (node, topic) in the network.</summary>
    public int Slots => _slotNode.Length;

    /// <summary>Routing-table membership, for what a peer leaving the mesh is attributed to (dht or other).</summary>
    public Func<int, int, bool>? InTable { get; }

    /// <summary>True when nodes of group <paramref name="g"/> may subscribe.</summary>
    public bool InGroup(int g) => _inGroup[g];

    /// <summary>Mesh degree of <paramref name="node"/> in its <paramref name="j"/>-th subscription, or -1.</summary>
    public int Degree(int node, int j = 0) => _firstSlot[node] < 0 ? -1 : _degree[_firstSlot[node] + j];

    /// <summary>True when <paramref name="node"/> subscribes to anything.</summary>
    public bool Subscribed(int node) => _firstSlot[node] >= 0;

    /// <summary>True when <paramref name="peer"/> is in any mesh of <paramref name="node"/>.</summary>
    public bool InAnyMesh(int node, int peer)
    {
        var f = _firstSlot[node];
        if (f < 0)
        {
            return false;
        }

        for (var s = f; s < f + _perNode; s++)
        {
            if (InMesh(s, peer))
            {
                return true;
            }
        }

        return false;
    }

    public override void Start()
    {
        var now = _clock.NowTicks;
        _clock.Schedule(now + Math.Min(_spec.Heartbeat.Ticks, TimeSpan.TicksPerMillisecond * 100), _handler, KHeartbeat);
        if (_spec.MessagesPerSecond > 0)
        {
            for (var t = 0; t < _spec.Topics; t++)
            {
                _clock.Schedule(now + NextPublish(), _handler, KPublish, t);
            }
        }
    }

    void IEventHandler.Handle(in SimEvent e)
    {
        switch (e.Kind)
        {
            case KHeartbeat:
                Heartbeat();
                _clock.Schedule(_clock.NowTicks + _spec.Heartbeat.Ticks, _handler, KHeartbeat);
                break;
            case KPublish:
                Publish(e.A);
                _clock.Schedule(_clock.NowTicks + NextPublish(), _handler, KPublish, e.A);
                break;
            case KDial:
                _net.TryConnect(e.A, e.B, ConnectPurpose.Pubsub);
                break;
        }
    }

    /// <summary>A node came online (or its router came back): its meshes start empty and need grafting.</summary>
    public override void NodeUp(int node, DownCause cause)
    {
        var f = _firstSlot[node];
        if (f < 0)
        {
            return;
        }

        var now = _clock.NowTicks;
        for (var s = f; s < f + _perNode; s++)
        {
            if (_countFrom[s] == 0)
            {
                _countFrom[s] = now;
                _belowFrom[s] = _degree[s] < _spec.DLo ? now : 0;
            }

            MarkDirty(s);
        }
    }

    /// <summary>A node went offline (after its connections closed): stop counting its subscribed time.</summary>
    public override void NodeDown(int node, DownCause cause)
    {
        if (cause != DownCause.Offline)
        {
            return; // a router reboot keeps counting the subscription's time (its mesh is empty)
        }

        var f = _firstSlot[node];
        if (f < 0)
        {
            return;
        }

        var now = _clock.NowTicks;
        for (var s = f; s < f + _perNode; s++)
        {
            CloseAccounting(s, now);
        }
    }

    /// <summary>A connection opened: meshes short of peers at either end may now graft the other end.</summary>
    public override void Connected(int a, int b, ConnectPurpose purpose)
    {
        WakeIfUseful(a, b);
        WakeIfUseful(b, a);
    }

    /// <summary>A connection closed: the two ends leave each other's meshes (no backoff: nobody sent a PRUNE).</summary>
    public override void Disconnected(int a, int b)
    {
        RemoveFromMeshes(a, b);
        RemoveFromMeshes(b, a);
    }


    /// <summary>Counts mesh peers the engine pruned (for the quota audit, those not pruned for exceeding a quota).</summary>
    public override void Pruned(int self, int peer, PruneReason reason)
    {
        if (!InAnyMesh(self, peer))
        {
            return;
        }

        Stats[_net.GroupOf(self)].MeshPeersPruned++;
        if (reason != PruneReason.QuotaExceeded)
        {
            _meshPruned[self]++;
        }
    }

    /// <summary>After a trim that pruned mesh peers, audits the engine's quota guarantee.</summary>
    public override void Trimmed(int self)
    {
        if (_meshPruned[self] == 0)
        {
            return;
        }

        _meshPruned[self] = 0;
        var g = _net.GroupOf(self);
        if (_quotaIndex[g] > 0 && ViolatesReserve(_net.Engine(self), _quotaIndex[g], _quotaReserved[g]))
        {
            Stats[g].QuotaViolations++;
        }
    }

    /// <summary>
    /// The quota guarantee, checked after a trim that pruned mesh peers: pubsub may end below its reserve only when no
    /// other subsystem is still above its own (others only shrink during a trim, so one above now was above then).
    /// </summary>
    private static bool ViolatesReserve(ConnMgr.Engine.ConnectionManager<int> engine, int subsystem, int[] reserved)
    {
        if (engine.SubsystemCount(subsystem) >= reserved[subsystem])
        {
            return false;
        }

        for (var i = 0; i < reserved.Length; i++)
        {
            if (i != subsystem && engine.SubsystemCount(i) > reserved[i])
            {
                return true;
            }
        }

        return false;
    }
}
