using System.Globalization;
using ConnMgr.Engine.Tags;
using ConnMgr.Sim.Kernel;
using ConnMgr.Sim.Randomness;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Network.Pubsub;

/// <summary>
/// Gossipsub-like meshes over network mode. Each subscribing node has one slot per topic it joined; a slot's mesh is
/// a fixed row of peer handles. Meshes are symmetric (a GRAFT is accepted by the other side, a PRUNE removes both
/// ends) and need an open connection. One heartbeat event per period sweeps only the slots that went out of
/// [D_lo, D_hi] since the last one (GRAFT up to D from connected topic peers, PRUNE down to D), so the cost follows
/// what changed, not the network size. Mesh peers are tagged in the engine as go-libp2p-pubsub's tag tracer does,
/// and first deliveries bump a decaying tag. A message is propagated by a shortest-path pass over the mesh with a
/// sampled latency per hop.
/// </summary>
internal sealed class PubsubModel : IEventHandler
{
    private const int KHeartbeat = 0, KPublish = 1, KDial = 2;
    private const int BackoffSlots = 4;
    private const string PubsubSubsystem = "pubsub";

    private readonly NetworkRunner _net;
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
    private readonly Random _meshRng, _publishRng, _discoveryRng;
    private readonly DurationSampler _hop, _dial;
    private readonly long _timeout;
    private readonly List<(int Peer, long ConnectionId)> _connections = [];
    private readonly List<int> _candidates = [];
    private readonly long[] _dist;
    private readonly int[] _stamp;
    private readonly int[] _pred;
    private readonly PriorityQueue<int, long> _queue = new();
    private int _generation;

    public PubsubModel(NetworkRunner net, PubsubSpec spec, NetworkSpec network, int seed, Func<int, int, bool>? inTable)
    {
        _net = net;
        _spec = spec;
        _clock = net.Clock;
        _handler = _clock.Register(this);
        _cap = spec.DHi + 4;
        _perNode = spec.TopicsPerNode;
        InTable = inTable;
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
        _meshRng = RandomStreams.For(seed, "pubsub-mesh");
        _publishRng = RandomStreams.For(seed, "pubsub-publish");
        _discoveryRng = RandomStreams.For(seed, "pubsub-discovery");
        _hop = new DurationSampler(spec.HopLatency ?? new DurationDistributionSpec { Kind = "lognormal", Median = TimeSpan.FromMilliseconds(50), Sigma = 0.5 }, RandomStreams.For(seed, "pubsub-hop-latency"));
        _dial = new DurationSampler(network.DialLatencyOrDefault, RandomStreams.For(seed, "pubsub-dial-latency"));
        _timeout = network.DialTimeout.Ticks;
        _dist = new long[net.Nodes];
        _stamp = new int[net.Nodes];
        _pred = new int[net.Nodes];
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

    public void Start()
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
    public void Joined(int node)
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
    public void Left(int node)
    {
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
    public void Connected(int a, int b)
    {
        WakeIfUseful(a, b);
        WakeIfUseful(b, a);
    }

    /// <summary>A connection closed: the two ends leave each other's meshes (no backoff: nobody sent a PRUNE).</summary>
    public void Disconnected(int a, int b)
    {
        RemoveFromMeshes(a, b);
        RemoveFromMeshes(b, a);
    }

    /// <summary>Per-group figures at a trace sample; updates the degree distribution and the interval baselines.</summary>
    public PubsubSample Sample(int group, int first, int count)
    {
        var stats = Stats[group];
        var now = _clock.NowTicks;
        long degreeSum = 0, slots = 0, belowNow = 0, online = stats.OnlineTicks, below = stats.BelowTicks;
        AddOpenIntervals(first, count, now, ref online, ref below);
        for (var node = first; node < first + count; node++)
        {
            var f = _firstSlot[node];
            for (var s = f; f >= 0 && s < f + _perNode; s++)
            {
                if (_countFrom[s] == 0)
                {
                    continue;
                }

                var d = _degree[s];
                degreeSum += d;
                slots++;
                belowNow += d < _spec.DLo ? 1 : 0;
                stats.DegreeSamples[Math.Min(d, _cap)]++;
            }
        }

        var onlineDelta = online - stats.PreviousOnline;
        var belowDelta = below - stats.PreviousBelow;
        stats.PreviousOnline = online;
        stats.PreviousBelow = below;
        var sample = new PubsubSample(
            slots == 0 ? 0 : degreeSum / (double)slots,
            slots == 0 ? 0 : belowNow / (double)slots,
            onlineDelta <= 0 ? 0 : belowDelta / (double)onlineDelta,
            stats.IntervalPublished,
            stats.IntervalExpected == 0 ? 1 : stats.IntervalDelivered / (double)stats.IntervalExpected,
            stats.IntervalLatency.QuantileMs(0.5),
            stats.IntervalLatency.QuantileMs(0.99));
        stats.EndInterval();
        return sample;
    }

    /// <summary>Run totals over <paramref name="groups"/> (index, first node, count): subscribed time below D_lo (open intervals included) and deliveries.</summary>
    public PubsubGroupTotals Totals(IReadOnlyList<(int Group, int First, int Count)> groups)
    {
        var now = _clock.NowTicks;
        long online = 0, below = 0, published = 0, expected = 0, delivered = 0, grafts = 0, prunes = 0;
        var latency = new LatencyHistogram();
        var degrees = new long[_cap + 1];
        foreach (var (group, first, count) in groups)
        {
            var stats = Stats[group];
            online += stats.OnlineTicks;
            below += stats.BelowTicks;
            published += stats.Published;
            expected += stats.Expected;
            delivered += stats.Delivered;
            grafts += stats.Grafts;
            prunes += stats.Prunes;
            stats.Latency.AddTo(latency);
            for (var d = 0; d < degrees.Length; d++)
            {
                degrees[d] += stats.DegreeSamples[d];
            }

            AddOpenIntervals(first, count, now, ref online, ref below);
        }

        return new PubsubGroupTotals(
            online == 0 ? 0 : below / (double)online,
            published,
            expected == 0 ? 1 : delivered / (double)expected,
            latency.QuantileMs(0.5),
            latency.QuantileMs(0.99),
            grafts,
            prunes,
            degrees);
    }

    /// <summary>Adds the subscribed time (and the part below D_lo) still open at <paramref name="now"/> for nodes [first, first + count).</summary>
    private void AddOpenIntervals(int first, int count, long now, ref long online, ref long below)
    {
        for (var node = first; node < first + count; node++)
        {
            var f = _firstSlot[node];
            for (var s = f; f >= 0 && s < f + _perNode; s++)
            {
                if (_countFrom[s] != 0)
                {
                    online += now - _countFrom[s];
                    below += _belowFrom[s] == 0 ? 0 : now - _belowFrom[s];
                }
            }
        }
    }

    private void Heartbeat()
    {
        (_sweep, _dirtyList) = (_dirtyList, _sweep);
        _dirtyList.Clear();
        foreach (var s in _sweep)
        {
            _dirty[s] = false;
        }

        foreach (var s in _sweep)
        {
            if (!_net.IsUp(_slotNode[s]))
            {
                continue;
            }

            Maintain(s);
            if (_degree[s] < _spec.DLo || _degree[s] > _spec.DHi)
            {
                MarkDirty(s);
            }
        }
    }

    /// <summary>GRAFT up to D when below D_lo (then discovery if still short), PRUNE random peers down to D when above D_hi.</summary>
    private void Maintain(int s)
    {
        var node = _slotNode[s];
        var topic = _slotTopic[s];
        if (_degree[s] < _spec.DLo)
        {
            _net.Engine(node).CopyConnections(_connections);
            _candidates.Clear();
            foreach (var (peer, _) in _connections)
            {
                if (!_net.IsUp(peer) || InMesh(s, peer) || InBackoff(s, peer) || _candidates.Contains(peer))
                {
                    continue;
                }

                var ps = SlotOf(peer, topic);
                if (ps >= 0 && _degree[ps] < _cap && !InBackoff(ps, node))
                {
                    _candidates.Add(peer);
                }
            }

            var need = Math.Min(_spec.D - _degree[s], _candidates.Count);
            for (var k = 0; k < need; k++)
            {
                var j = k + _meshRng.Next(_candidates.Count - k);
                (_candidates[k], _candidates[j]) = (_candidates[j], _candidates[k]);
                var peer = _candidates[k];
                Link(s, peer);
                Link(SlotOf(peer, topic), node);
                Stats[_net.GroupOf(node)].Grafts++;
            }

            if (_degree[s] < _spec.DLo && _clock.NowTicks >= _nextDiscovery[s])
            {
                Discover(s);
            }
        }
        else if (_degree[s] > _spec.DHi)
        {
            while (_degree[s] > _spec.D)
            {
                var peer = _mesh[((long)s * _cap) + _meshRng.Next(_degree[s])];
                var ps = SlotOf(peer, topic);
                Unlink(s, peer);
                Unlink(ps, node);
                Backoff(s, peer);
                Backoff(ps, node);
                Stats[_net.GroupOf(node)].Prunes++;
            }
        }
    }

    /// <summary>Dials random subscribers of the topic (what peer exchange and discovery provide in gossipsub).</summary>
    private void Discover(int s)
    {
        var node = _slotNode[s];
        var members = _topicSlots[_slotTopic[s]];
        var engine = _net.Engine(node);
        _nextDiscovery[s] = _clock.NowTicks + _spec.DiscoveryInterval.Ticks;
        for (var i = 0; i < _spec.DiscoveryDials; i++)
        {
            var peer = _slotNode[members[_discoveryRng.Next(members.Length)]];
            if (peer == node || !_net.IsDialable(peer) || engine.IsConnected(peer) || !engine.CanDial(peer))
            {
                continue;
            }

            Stats[_net.GroupOf(node)].DiscoveryDials++;
            var latency = _dial.SampleTicks();
            if (latency <= _timeout)
            {
                _clock.Schedule(_clock.NowTicks + latency, _handler, KDial, node, peer);
            }
        }
    }

    private void Publish(int topic)
    {
        var members = _topicSlots[topic];
        if (members.Length == 0)
        {
            return;
        }

        var source = -1;
        for (var attempt = 0; attempt < 16 && source < 0; attempt++)
        {
            var candidate = _slotNode[members[_publishRng.Next(members.Length)]];
            source = _net.IsUp(candidate) ? candidate : -1;
        }

        if (source < 0)
        {
            return;
        }

        Propagate(topic, source);
        var publisher = Stats[_net.GroupOf(source)];
        publisher.Published++;
        publisher.IntervalPublished++;
        foreach (var s in members)
        {
            var v = _slotNode[s];
            if (v == source || !_net.IsUp(v))
            {
                continue;
            }

            var g = Stats[_net.GroupOf(v)];
            g.Expected++;
            g.IntervalExpected++;
            if (_stamp[v] != _generation)
            {
                continue;
            }

            g.Delivered++;
            g.IntervalDelivered++;
            g.Record(_dist[v]);
            if (_spec.DeliveryTagBump > 0)
            {
                // The first deliverer earns the receiver's decaying delivery tag (go-libp2p-pubsub's tag tracer).
                var engine = _net.Engine(v);
                if (!engine.BumpDecayingTag(_pred[v], _deliveryTag[topic], _spec.DeliveryTagBump))
                {
                    engine.TagPeerDecaying(_pred[v], _deliveryTag[topic], Math.Min(_spec.DeliveryTagBump, _spec.DeliveryTagCap), _spec.DeliveryTagDecay, _decay, _bump);
                }
            }
        }
    }

    /// <summary>Shortest-path pass over the topic's mesh from <paramref name="source"/>, one latency draw per hop.</summary>
    private void Propagate(int topic, int source)
    {
        _generation++;
        _stamp[source] = _generation;
        _dist[source] = 0;
        _pred[source] = -1;
        _queue.Clear();
        _queue.Enqueue(source, 0);
        while (_queue.TryDequeue(out var u, out var d))
        {
            if (d > _dist[u])
            {
                continue;
            }

            var s = SlotOf(u, topic);
            var row = (long)s * _cap;
            for (var i = 0; i < _degree[s]; i++)
            {
                var v = _mesh[row + i];
                var next = d + _hop.SampleTicks();
                if (_stamp[v] != _generation || next < _dist[v])
                {
                    _stamp[v] = _generation;
                    _dist[v] = next;
                    _pred[v] = u;
                    _queue.Enqueue(v, next);
                }
            }
        }
    }

    private long NextPublish() => Math.Max(1, (long)(-Math.Log(1 - _publishRng.NextDouble()) / _spec.MessagesPerSecond * TimeSpan.TicksPerSecond));

    private void WakeIfUseful(int node, int peer)
    {
        var f = _firstSlot[node];
        if (f < 0 || _firstSlot[peer] < 0)
        {
            return;
        }

        for (var s = f; s < f + _perNode; s++)
        {
            if (_degree[s] < _spec.DLo && !_dirty[s] && SlotOf(peer, _slotTopic[s]) >= 0)
            {
                MarkDirty(s);
            }
        }
    }

    private void RemoveFromMeshes(int node, int peer)
    {
        var f = _firstSlot[node];
        if (f < 0)
        {
            return;
        }

        for (var s = f; s < f + _perNode; s++)
        {
            if (InMesh(s, peer))
            {
                Unlink(s, peer);
            }
        }
    }

    private int SlotOf(int node, int topic)
    {
        var f = _firstSlot[node];
        if (f < 0)
        {
            return -1;
        }

        for (var s = f; s < f + _perNode; s++)
        {
            if (_slotTopic[s] == topic)
            {
                return s;
            }
        }

        return -1;
    }

    private bool InMesh(int s, int peer)
    {
        var row = (long)s * _cap;
        for (var i = 0; i < _degree[s]; i++)
        {
            if (_mesh[row + i] == peer)
            {
                return true;
            }
        }

        return false;
    }

    private bool InBackoff(int s, int peer)
    {
        var row = s * BackoffSlots;
        for (var i = 0; i < BackoffSlots; i++)
        {
            if (_backoffPeer[row + i] == peer && _backoffUntil[row + i] > _clock.NowTicks)
            {
                return true;
            }
        }

        return false;
    }

    private void Backoff(int s, int peer)
    {
        var i = (s * BackoffSlots) + _backoffNext[s];
        _backoffPeer[i] = peer;
        _backoffUntil[i] = _clock.NowTicks + _spec.PruneBackoff.Ticks;
        _backoffNext[s] = (byte)((_backoffNext[s] + 1) % BackoffSlots);
    }

    private void Link(int s, int peer)
    {
        var node = _slotNode[s];
        _mesh[((long)s * _cap) + _degree[s]++] = peer;
        var engine = _net.Engine(node);
        engine.TagPeer(peer, _meshTag[_slotTopic[s]], _spec.MeshTagValue);
        engine.SetSubsystem(peer, PubsubSubsystem);
        DegreeChanged(s);
    }

    private void Unlink(int s, int peer)
    {
        var row = (long)s * _cap;
        for (var i = 0; i < _degree[s]; i++)
        {
            if (_mesh[row + i] == peer)
            {
                _mesh[row + i] = _mesh[row + --_degree[s]];
                break;
            }
        }

        var node = _slotNode[s];
        var engine = _net.Engine(node);
        engine.UntagPeer(peer, _meshTag[_slotTopic[s]]);
        if (engine.IsConnected(peer) && !InAnyMesh(node, peer))
        {
            engine.SetSubsystem(peer, InTable is not null && InTable(node, peer) ? "dht" : "other");
        }

        DegreeChanged(s);
    }

    /// <summary>Keeps the below-D_lo accounting exact and queues the slot for the next heartbeat when out of bounds.</summary>
    private void DegreeChanged(int s)
    {
        var below = _degree[s] < _spec.DLo;
        if (_countFrom[s] != 0)
        {
            if (below && _belowFrom[s] == 0)
            {
                _belowFrom[s] = _clock.NowTicks;
            }
            else if (!below && _belowFrom[s] != 0)
            {
                Stats[_net.GroupOf(_slotNode[s])].BelowTicks += _clock.NowTicks - _belowFrom[s];
                _belowFrom[s] = 0;
            }
        }

        if (below || _degree[s] > _spec.DHi)
        {
            MarkDirty(s);
        }
    }

    private void CloseAccounting(int s, long now)
    {
        if (_countFrom[s] == 0)
        {
            return;
        }

        var stats = Stats[_net.GroupOf(_slotNode[s])];
        stats.OnlineTicks += now - _countFrom[s];
        if (_belowFrom[s] != 0)
        {
            stats.BelowTicks += now - _belowFrom[s];
        }

        _countFrom[s] = 0;
        _belowFrom[s] = 0;
    }

    private void MarkDirty(int s)
    {
        if (!_dirty[s])
        {
            _dirty[s] = true;
            _dirtyList.Add(s);
        }
    }
}

/// <summary>Pubsub figures of a group at one trace sample.</summary>
internal readonly record struct PubsubSample(double DegreeMean, double BelowDLoNow, double BelowDLoTime, long Published, double DeliveryRatio, double LatencyP50Ms, double LatencyP99Ms);

/// <summary>Pubsub figures of a group over a whole run.</summary>
public sealed record PubsubGroupTotals(double BelowDLoTime, long Published, double DeliveryRatio, double LatencyP50Ms, double LatencyP99Ms, long Grafts, long Prunes, IReadOnlyList<long> DegreeSamples);
