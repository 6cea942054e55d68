using ConnMgr.Sim.Kernel;
using ConnMgr.Sim.Randomness;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Network.Dht;

/// <summary>
/// Kademlia-like lookups over network mode. A lookup keeps a shortlist of the 3k peers nearest its target, queries
/// the nearest unqueried ones α at a time, and ends when the k nearest that did not fail have all answered. A query
/// to a peer the node is not connected to dials it first (through the engines, marked transient at the dialer); the
/// peer answers with the k nearest it knows. Lookups are struct-of-arrays slots in a pool; events carry
/// (lookup, peer) ints.
/// </summary>
internal sealed partial class DhtModel : NetworkModel, IEventHandler
{
    public static readonly ModelRegistration Registration = new(
        new ColumnGroup("dht", RunMode.Network, DhtColumns.Trace, DhtColumns.Summary),
        DhtColumns.Expectations,
        (net, _) => net.Spec.Dht is { } spec ? new DhtModel(net, spec) : null);

    private const int KTick = 0, KStart = 1, KReply = 2, KTimeout = 3, KBurst = 4;
    private const byte New = 0, InFlight = 1, Answered = 2, Failed = 3;
    private const string KbucketTag = "kbucket";

    private readonly INetwork _net;
    private readonly DhtSpec _spec;
    private readonly SimClock _clock;
    private readonly int _handler;
    private readonly int _capacity;
    private readonly bool[] _inGroup;
    private readonly string[] _groupNames;
    private readonly int[] _members;
    private readonly Random _tickRng, _targetRng, _burstRng;
    private readonly DurationSampler _dial, _rpc;
    private readonly long _timeout;
    private readonly Func<int, bool> _isUp;
    private readonly int[] _answer;

    private int _pool;
    private int[] _node = [];
    private ulong[] _target = [];
    private long[] _started = [];
    private int[] _inflight = [];
    private int[] _opened = [];
    private int[] _count = [];
    private bool[] _abandoned = [];
    private int[] _peer = [];
    private byte[] _state = [];
    private byte[] _depth = [];
    private readonly Stack<int> _free = new();

    private DhtModel(INetwork net, DhtSpec spec)
    {
        var network = net.Spec;
        var seed = net.Seed;
        _net = net;
        _spec = spec;
        _clock = net.Clock;
        _handler = _clock.Register(this);
        _capacity = 3 * spec.K;
        _answer = new int[spec.K];
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
        Space = new KademliaSpace(net.Nodes, i => _inGroup[net.GroupOf(i)] && net.IsDialable(i), (ulong)RandomStreams.SeedFor(seed, "dht-ids", 0), spec.K);
        Stats = new DhtGroupStats[network.Groups.Count];
        for (var g = 0; g < Stats.Length; g++)
        {
            Stats[g] = new DhtGroupStats();
        }

        _tickRng = RandomStreams.For(seed, "dht-background");
        _targetRng = RandomStreams.For(seed, "dht-targets");
        _burstRng = RandomStreams.For(seed, "dht-bursts");
        _dial = new DurationSampler(network.DialLatencyOrDefault, RandomStreams.For(seed, "dht-dial-latency"));
        _rpc = new DurationSampler(spec.RpcLatency ?? NetworkSpec.DefaultLatency(), RandomStreams.For(seed, "dht-rpc-latency"));
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
        if (_spec.LookupsPerNodePerHour > 0 && _members.Length > 0)
        {
            _clock.Schedule(now + NextTick(), _handler, KTick);
        }

        for (var b = 0; b < _spec.Bursts.Count; b++)
        {
            _clock.Schedule(now + _spec.Bursts[b].At.Ticks, _handler, KBurst, b);
        }
    }

    void IEventHandler.Handle(in SimEvent e)
    {
        switch (e.Kind)
        {
            case KTick:
                var node = _members[_tickRng.Next(_members.Length)];
                if (_net.IsUp(node))
                {
                    StartLookup(node);
                }

                _clock.Schedule(_clock.NowTicks + NextTick(), _handler, KTick);
                break;
            case KStart:
                if (_net.IsUp(e.A))
                {
                    StartLookup(e.A);
                }

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
        }
    }

    /// <summary>What the routing table attributes a connected peer to: dht when it is a table member.</summary>
    public bool InTable(int node, int peer) => _inGroup[_net.GroupOf(node)] && Space.InTable(node, peer);

    /// <summary>Starts a lookup for a random key now; returns its slot.</summary>
    public int StartLookup(int node) => StartLookup(node, NextTarget());

    /// <summary>Starts a lookup for <paramref name="target"/> now; returns its slot.</summary>
    public int StartLookup(int node, ulong target)
    {
        var l = Allocate();
        _node[l] = node;
        _target[l] = target;
        _started[l] = _clock.NowTicks;
        _inflight[l] = 0;
        _opened[l] = 0;
        _count[l] = 0;
        _abandoned[l] = false;
        var n = Space.Closest(node, target, _answer);
        for (var i = 0; i < n; i++)
        {
            Insert(l, _answer[i], 0);
        }

        Step(l);
        return l;
    }

    private ulong NextTarget()
    {
        Span<byte> bytes = stackalloc byte[8];
        _targetRng.NextBytes(bytes);
        return BitConverter.ToUInt64(bytes);
    }

    private long NextTick()
    {
        var perSecond = _spec.LookupsPerNodePerHour * _members.Length / 3600.0;
        return Math.Max(1, (long)(-Math.Log(1 - _tickRng.NextDouble()) / perSecond * TimeSpan.TicksPerSecond));
    }

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

    /// <summary>Queries the nearest unqueried peers until α are in flight; ends the lookup when nothing is left.</summary>
    private void Step(int l)
    {
        var row = l * _capacity;
        while (!_abandoned[l] && _inflight[l] < _spec.Alpha)
        {
            var next = -1;
            var considered = 0;
            for (var i = 0; i < _count[l] && considered < _spec.K; i++)
            {
                var s = _state[row + i];
                if (s == Failed)
                {
                    continue;
                }

                considered++;
                if (s == New)
                {
                    next = i;
                    break;
                }
            }

            if (next < 0)
            {
                break;
            }

            Query(l, next);
        }

        if (_inflight[l] == 0)
        {
            Finish(l);
        }
    }

    private void Query(int l, int index)
    {
        var at = (l * _capacity) + index;
        _state[at] = InFlight;
        _inflight[l]++;
        var node = _node[l];
        var peer = _peer[at];
        var g = Stats[_net.GroupOf(node)];
        g.Queries++;
        var delay = _rpc.SampleTicks();
        if (!_net.Engine(node).IsConnected(peer))
        {
            var dial = _dial.SampleTicks();
            if (dial > _timeout)
            {
                _clock.Schedule(_clock.NowTicks + _timeout, _handler, KTimeout, l, peer);
                return;
            }

            delay += dial;
        }

        _clock.Schedule(_clock.NowTicks + delay, _handler, KReply, l, peer);
    }

    private void Reply(int l, int peer, bool timedOut)
    {
        var row = l * _capacity;
        var index = -1;
        for (var i = 0; i < _count[l]; i++)
        {
            if (_peer[row + i] == peer)
            {
                index = i;
                break;
            }
        }

        _inflight[l]--;
        var node = _node[l];
        if (!_net.IsUp(node))
        {
            _abandoned[l] = true;
        }

        var ok = !timedOut && !_abandoned[l] && index >= 0;
        if (ok && !(_net.Engine(node).IsConnected(peer) && _net.IsUp(peer)))
        {
            ok = _net.TryConnect(node, peer, ConnectPurpose.Dht);
            if (ok)
            {
                _opened[l]++;
            }
        }

        if (index >= 0)
        {
            _state[row + index] = ok ? Answered : Failed;
        }

        if (ok)
        {
            var depth = _depth[row + index];
            var n = Space.Closest(peer, _target[l], _answer);
            for (var i = 0; i < n; i++)
            {
                Insert(l, _answer[i], depth + 1);
            }
        }

        Step(l);
    }

    private void Finish(int l)
    {
        var g = Stats[_net.GroupOf(_node[l])];
        if (_abandoned[l])
        {
            g.Abandoned++;
            Release(l);
            return;
        }

        var row = l * _capacity;
        var truth = Space.ClosestServer(_target[l], _isUp);
        var hops = -1;
        if (truth == _node[l])
        {
            hops = 0;
        }
        else
        {
            for (var i = 0; i < _count[l]; i++)
            {
                if (_peer[row + i] == truth && _state[row + i] == Answered)
                {
                    hops = _depth[row + i] + 1;
                    break;
                }
            }
        }

        g.Lookups++;
        g.IntervalLookups++;
        g.Opened += _opened[l];
        g.IntervalOpened += _opened[l];
        g.Record(_clock.NowTicks - _started[l]);
        if (hops >= 0 || truth < 0)
        {
            g.Succeeded++;
            g.IntervalSucceeded++;
            hops = Math.Max(hops, 0);
            g.HopSum += hops;
            g.IntervalHopSum += hops;
            g.HopCounts[Math.Min(hops, 64)]++;
        }

        Release(l);
    }

    /// <summary>Inserts a peer into the distance-ordered shortlist (kept at 3k); duplicates and the node itself are ignored.</summary>
    private void Insert(int l, int peer, int depth)
    {
        if (peer == _node[l])
        {
            return;
        }

        var row = l * _capacity;
        var n = _count[l];
        var distance = Space.Id(peer) ^ _target[l];
        var at = n;
        for (var i = 0; i < n; i++)
        {
            var p = _peer[row + i];
            if (p == peer)
            {
                return;
            }

            if (at == n && (Space.Id(p) ^ _target[l]) > distance)
            {
                at = i;
            }
        }

        if (at >= _capacity)
        {
            return;
        }

        // A full list drops its farthest entry that is not in flight (a reply must still find its peer).
        var drop = n;
        if (n == _capacity)
        {
            drop = -1;
            for (var i = n - 1; i >= at; i--)
            {
                if (_state[row + i] != InFlight)
                {
                    drop = i;
                    break;
                }
            }

            if (drop < 0)
            {
                return;
            }
        }

        for (var i = drop; i > at; i--)
        {
            _peer[row + i] = _peer[row + i - 1];
            _state[row + i] = _state[row + i - 1];
            _depth[row + i] = _depth[row + i - 1];
        }

        _peer[row + at] = peer;
        _state[row + at] = New;
        _depth[row + at] = (byte)Math.Min(depth, 255);
        _count[l] = Math.Min(n + 1, _capacity);
    }

    private void TagIfInTable(int node, int peer)
    {
        if (!InTable(node, peer))
        {
            return;
        }

        var engine = _net.Engine(node);
        if (Space.BucketOf(node, peer) < _spec.ProtectedBuckets)
        {
            engine.Protect(peer, KbucketTag);
        }
        else
        {
            engine.TagPeer(peer, KbucketTag, _spec.KbucketTagValue);
        }
    }

    private void UntagIfInTable(int node, int peer)
    {
        if (!InTable(node, peer))
        {
            return;
        }

        var engine = _net.Engine(node);
        if (Space.BucketOf(node, peer) < _spec.ProtectedBuckets)
        {
            engine.Unprotect(peer, KbucketTag);
        }
        else
        {
            engine.UntagPeer(peer, KbucketTag);
        }
    }

    private int Allocate()
    {
        if (_free.Count == 0)
        {
            Grow(_pool * 2);
        }

        return _free.Pop();
    }

    private void Release(int l) => _free.Push(l);

    private void Grow(int size)
    {
        var old = _pool;
        Array.Resize(ref _node, size);
        Array.Resize(ref _target, size);
        Array.Resize(ref _started, size);
        Array.Resize(ref _inflight, size);
        Array.Resize(ref _opened, size);
        Array.Resize(ref _count, size);
        Array.Resize(ref _abandoned, size);
        Array.Resize(ref _peer, size * _capacity);
        Array.Resize(ref _state, size * _capacity);
        Array.Resize(ref _depth, size * _capacity);
        for (var l = size - 1; l >= old; l--)
        {
            _free.Push(l);
        }

        _pool = size;
    }
}
