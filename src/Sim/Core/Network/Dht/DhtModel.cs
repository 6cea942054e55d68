using ConnMgr.Sim.Kernel;
using ConnMgr.Sim.Network.Addresses;
using ConnMgr.Sim.Network.Sybils;
using ConnMgr.Sim.Randomness;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Network.Dht;

/// <summary>
/// Kademlia-like lookups over network mode. A lookup keeps a shortlist of the 3k peers nearest its target, queries
/// the nearest unqueried ones α at a time, and ends when the k nearest that did not fail have all answered. A query
/// to a peer the node is not connected to dials it first (through the engines, marked transient at the dialer); the
/// peer answers with the k nearest it knows. Lookups are struct-of-arrays slots in a pool; events carry
/// (lookup, peer) ints. A node draws its targets, refresh times and latencies from its own streams; the background
/// process that picks which node looks up next (unless each node runs its own, <see cref="LookupArrivals.PerNode"/>),
/// and the bursts, draw from shared ones.
/// </summary>
internal sealed partial class DhtModel : NetworkModel, IEventHandler
{
    public static readonly ModelRegistration Registration = new(
        new ColumnGroup("dht", RunMode.Network, DhtColumns.Trace, DhtColumns.Summary) { Files = [("lookup-hops.csv", [DhtColumns.HopCount, DhtColumns.HopLookups])] },
        DhtColumns.Expectations,
        (net, made) => net.Spec.Dht is { } spec ? new DhtModel(net, spec, made.OfType<AddressModel>().SingleOrDefault()) : null);

    private const int KTick = 0, KStart = 1, KReply = 2, KTimeout = 3, KBurst = 4, KRefresh = 5, KRequeue = 6, KArrival = 7;

    /// <summary>How long a query the node's dial window or flow budget refused waits before it asks again (assumed: about one RTT).</summary>
    private static readonly long RequeueTicks = TimeSpan.FromMilliseconds(100).Ticks;

    /// <summary>Shortlist states; a query in flight is <see cref="InFlight"/>, or <see cref="Dialing"/> when it dialed the peer first.</summary>
    private const byte New = 0, InFlight = 1, Answered = 2, Failed = 3, Dialing = 4;
    private const string KbucketTag = "kbucket";

    private readonly INetwork _net;
    private readonly DhtSpec _spec;
    private readonly SimClock _clock;
    private readonly int _handler;
    private readonly int _capacity;
    private readonly bool[] _inGroup;
    private readonly string[] _groupNames;
    private readonly int[] _members;
    private readonly Random _tickRng, _burstRng;
    private readonly PerNodeStream _targetRng, _refreshRng, _dialRng, _rpcRng;

    /// <summary>Each member's own lookup process (<see cref="LookupArrivals.PerNode"/>); null when one process serves the network.</summary>
    private readonly PerNodeStream? _arrivalRng;

    private readonly DurationSampler _dial, _rpc;
    private readonly long _timeout;
    private readonly Func<int, bool> _isUp;
    private readonly int[] _answer;
    private readonly ulong[] _answerIds;
    private readonly SybilDht? _sybils;
    private readonly Func<int, bool>? _silent;

    private int _pool;
    private long _probesEnded, _probesSybilOnly;
    private int[] _node = [];
    private ulong[] _target = [];
    private long[] _started = [];
    private int[] _inflight = [];
    private int[] _opened = [];
    private int[] _count = [];
    private bool[] _abandoned = [];
    private bool[] _probe = [];
    private int[] _peer = [];

    /// <summary>Each shortlist entry's XOR distance to its lookup's target, beside <see cref="_peer"/> (the order it is kept in).</summary>
    private ulong[] _distance = [];
    private byte[] _state = [];
    private byte[] _depth = [];
    private int[] _refreshStep = [];
    private readonly int[] _dialing;
    private readonly Stack<int> _free = new();

    private DhtModel(INetwork net, DhtSpec spec, AddressModel? addresses)
    {
        var network = net.Spec;
        var seed = net.Seed;
        _net = net;
        _spec = spec;
        _clock = net.Clock;
        _handler = _clock.Register(this);
        _capacity = 3 * spec.K;
        _answer = new int[spec.K];
        _answerIds = new ulong[spec.K];
        _inGroup = network.SelectGroups(spec.Groups);
        _groupNames = [.. network.Groups.Select(g => g.Name)];

        var members = new List<int>();
        for (var i = 0; i < net.Nodes; i++)
        {
            if (_inGroup[net.GroupOf(i)])
            {
                members.Add(i);
            }
        }

        _members = [.. members];
        if (spec.EvictAfter is { } evict)
        {
            _evictAfter = evict.Ticks;
            _downSince = new long[net.Nodes];
            Array.Fill(_downSince, NeverUp); // nodes that start offline left the tables before the run
        }

        if (spec.ProtectDisconnected && spec.ProtectedBuckets > 0)
        {
            _held = new int[net.Nodes * HeldPerNode];
            Array.Fill(_held, -1);
        }

        Space = new KademliaSpace(net.Nodes, i => _inGroup[net.GroupOf(i)] && net.IsDialable(i), (ulong)RandomStreams.SeedFor(seed, "dht-ids", 0), spec.K, SybilIds.Placement(net))
        {
            Present = _downSince is null ? null : InTables,
            GroupOf = spec.DiversityFilter && addresses is not null ? addresses.Prefix16Of : null,
            MaxPerBucket = spec.DiversityPerBucket,
            MaxPerTable = spec.DiversityPerTable,
        };
        _sybils = SybilDht.For(net, Space.Id);
        _silent = Defection.Silent(net);
        Stats = new DhtGroupStats[network.Groups.Count];
        for (var g = 0; g < Stats.Length; g++)
        {
            Stats[g] = new DhtGroupStats();
        }

        _tickRng = RandomStreams.For(seed, "dht-background");
        _arrivalRng = spec.LookupArrivals == LookupArrivals.PerNode ? PerNodeStream.For(seed, "dht-arrivals", net.Nodes) : null;
        _burstRng = RandomStreams.For(seed, "dht-bursts");
        var perNode = PerNodeStream.Interleaved(seed, net.Nodes, "dht-targets", "dht-refresh", "dht-dial-latency", "dht-rpc-latency");
        (_targetRng, _refreshRng, _dialRng, _rpcRng) = (perNode[0], perNode[1], perNode[2], perNode[3]);
        _dialing = new int[net.Nodes];
        _dial = new DurationSampler(network.DialLatencyOrDefault, random: null);
        _rpc = new DurationSampler(spec.RpcLatency ?? NetworkSpec.DefaultLatency(), random: null);
        _timeout = network.DialTimeout.Ticks;
        _isUp = net.IsUp;
        Grow(64);
    }

    /// <summary>The id space and routing tables.</summary>
    public KademliaSpace Space { get; }

    /// <summary>Lookup statistics per group.</summary>
    public DhtGroupStats[] Stats { get; }

    /// <summary>True when nodes of group <paramref name="g"/> run the DHT.</summary>
    public bool InGroup(int g) => _inGroup[g];

    /// <summary>Lookups in progress.</summary>
    public int Active => _pool - _free.Count;

    public override void Start()
    {
        var now = _clock.NowTicks;
        if (_spec.LookupsPerNodePerHour > 0 && _arrivalRng is not null)
        {
            foreach (var node in _members)
            {
                _clock.Schedule(now + NextArrival(node), _handler, KArrival, node);
            }
        }
        else if (_spec.LookupsPerNodePerHour > 0 && _members.Length > 0)
        {
            _clock.Schedule(now + NextTick(), _handler, KTick);
        }

        for (var b = 0; b < _spec.Bursts.Count; b++)
        {
            _clock.Schedule(now + _spec.Bursts[b].At.Ticks, _handler, KBurst, b);
        }

        StartRefresh();
        HoldProtectionOfUpNodes();
    }

    void IEventHandler.Handle(in SimEvent e)
    {
        switch (e.Kind)
        {
            case KTick:
                StartLookupIfUp(_members[_tickRng.Next(_members.Length)]);
                _clock.Schedule(_clock.NowTicks + NextTick(), _handler, KTick);
                break;
            case KArrival:
                StartLookupIfUp(e.A);
                _clock.Schedule(_clock.NowTicks + NextArrival(e.A), _handler, KArrival, e.A);
                break;
            case KStart:
                StartLookupIfUp(e.A);
                break;
            case KBurst:
                Burst(_spec.Bursts[e.A]);
                break;
            case KReply:
                Reply(e.A, e.B, timedOut: false);
                break;
            case KTimeout:
                Reply(e.A, e.B, timedOut: true);
                break;
            case KRefresh:
                Refresh(e.A);
                break;
            case KRequeue:
                Requeue(e.A, e.B);
                break;
        }
    }

    /// <summary>What the routing table attributes a connected peer to: dht when it is a table member.</summary>
    public bool InTable(int node, int peer) => _inGroup[_net.GroupOf(node)] && Space.InTable(node, peer);

    /// <summary>A background, arrival or burst lookup: started now for a random key when <paramref name="node"/> is up, skipped when it is down.</summary>
    private void StartLookupIfUp(int node)
    {
        if (_net.IsUp(node))
        {
            StartLookup(node);
        }
    }

    /// <summary>Starts a lookup for a random key now; returns its slot.</summary>
    public int StartLookup(int node) => StartLookup(node, NextTarget(node));

    /// <summary>Starts a lookup for <paramref name="target"/> now; returns its slot.</summary>
    public int StartLookup(int node, ulong target) => StartLookup(node, target, refreshStep: -1);

    /// <summary>
    /// Starts a probe lookup: counted in its node's group as any lookup, and also in <see cref="Probes"/> (how many
    /// ended, and how many of those with a result of sybils only), so a model can ask how lookups for chosen keys end.
    /// </summary>
    public void StartProbe(int node, ulong target)
    {
        var l = Allocate();
        _probe[l] = true;
        Begin(l, node, target, refreshStep: -1);
    }

    /// <summary>Probe lookups that ended (not abandoned), and those among them whose result held sybils only.</summary>
    public (long Ended, long SybilOnly) Probes => (_probesEnded, _probesSybilOnly);

    /// <summary>Starts a lookup; a refresh lookup carries its step (-1 for any other), so its end starts the next.</summary>
    private int StartLookup(int node, ulong target, int refreshStep)
    {
        var l = Allocate();
        Begin(l, node, target, refreshStep);
        return l;
    }

    private void Begin(int l, int node, ulong target, int refreshStep)
    {
        _refreshStep[l] = refreshStep;
        _node[l] = node;
        _target[l] = target;
        _started[l] = _clock.NowTicks;
        _inflight[l] = 0;
        _opened[l] = 0;
        _count[l] = 0;
        _abandoned[l] = false;
        var n = Space.Closest(node, target, _answer, _answerIds);
        for (var i = 0; i < n; i++)
        {
            Insert(l, _answer[i], _answerIds[i], 0);
        }

        Step(l);
    }

    private ulong NextTarget(int node) => _targetRng.At(node).NextUInt64();

    private long NextTick()
    {
        var perSecond = _spec.LookupsPerNodePerHour * _members.Length / 3600.0;
        return Randomness.ExponentialDelay.Ticks(_tickRng, perSecond);
    }

    /// <summary>The wait to <paramref name="node"/>'s next background lookup, with <see cref="LookupArrivals.PerNode"/>.</summary>
    private long NextArrival(int node) => Randomness.ExponentialDelay.Ticks(_arrivalRng!.At(node), _spec.LookupsPerNodePerHour / 3600.0);

    private void Burst(LookupBurstSpec burst)
    {
        var window = Math.Max(1, burst.Window.Ticks);
        var only = burst.Group.Length == 0 ? -1 : Array.IndexOf(_groupNames, burst.Group);
        foreach (var node in _members)
        {
            if ((only >= 0 && _net.GroupOf(node) != only) || _burstRng.NextDouble() >= burst.Fraction)
            {
                continue;
            }

            for (var j = 0; j < burst.Lookups; j++)
            {
                _clock.Schedule(_clock.NowTicks + (long)(_burstRng.NextDouble() * window), _handler, KStart, node);
            }
        }
    }

    private void TagIfInTable(int node, int peer)
    {
        if (!InTable(node, peer))
        {
            return;
        }

        var engine = _net.Engine(node);
        if (Space.BucketOf(node, peer) >= _spec.ProtectedBuckets)
        {
            engine.TagPeer(peer, KbucketTag, _spec.KbucketTagValue);
        }
        else if (_held is not null)
        {
            HoldIfNew(node, peer);
        }
        else
        {
            engine.Protect(peer, KbucketTag);
        }
    }

    /// <summary>
    /// Drops the kbucket tag a closed connection's peer got when it opened. Tables that evict may have moved since, so
    /// then the tag goes whatever the table says now; protection held while disconnected stays.
    /// </summary>
    private void UntagIfInTable(int node, int peer)
    {
        var mayHoldTag = _downSince is null ? InTable(node, peer) : _inGroup[_net.GroupOf(node)] && Space.IsServer(peer);
        if (!mayHoldTag)
        {
            return;
        }

        var engine = _net.Engine(node);
        if (Space.BucketOf(node, peer) >= _spec.ProtectedBuckets)
        {
            engine.UntagPeer(peer, KbucketTag);
        }
        else if (_held is null && (_downSince is null || engine.IsProtected(peer, KbucketTag)))
        {
            engine.Unprotect(peer, KbucketTag);
        }
    }
}
