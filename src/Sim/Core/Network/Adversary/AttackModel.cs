using ConnMgr.Sim.Kernel;
using ConnMgr.Sim.Network.Addresses;
using ConnMgr.Sim.Network.Sybils;
using ConnMgr.Sim.Network.Dht;
using ConnMgr.Sim.Network.Pubsub;
using ConnMgr.Sim.Randomness;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Network.Adversary;

/// <summary>
/// A sybil attack through the model seam: the attacker group's nodes open connections to the victims at
/// <c>connectionsPerSecond</c> per victim (victims in turn, each time from a sybil drawn at random: a fixed rotation
/// would pair each victim with a fixed subset of the identities and so of their /16s) and hold what is accepted; the
/// victims' engines decide who stays. Per victim it keeps the honest and attacker peers connected (sets: a victim has
/// hundreds of peers at most), notes when a victim is first eclipsed, and reports the honest share over time, the
/// inbound slots sybils leave, and — with a DHT and <c>victimLookupsPerHour</c> — how many lookups for the victims'
/// ids end at sybils only (honest members look them up through the DHT model's probe lookups).
/// </summary>
internal sealed class AttackModel : NetworkModel, IEventHandler
{
    public static readonly ModelRegistration Registration = new(
        new ColumnGroup("attack", RunMode.Network, AttackColumns.Trace, AttackColumns.Summary),
        AttackColumns.Expectations,
        (net, made) => net.Spec.Attack is { } a
            ? new AttackModel(net, a, made.OfType<AddressModel>().Single(), made.OfType<DhtModel>().SingleOrDefault(), made.OfType<PubsubModel>().SingleOrDefault())
            : null);

    private const int KFlood = 0, KDefect = 1, KProbe = 2;

    private readonly INetwork _net;
    private readonly AttackSpec _spec;
    private readonly AddressModel _addresses;
    private readonly DhtModel? _dht;
    private readonly PubsubModel? _pubsub;
    private (long Expected, long Delivered)? _atDefection;
    private readonly int _handler;
    private readonly int _victimGroup;
    private readonly (int First, int Count) _attackers;
    private readonly (int First, int Count) _victims;
    private readonly HashSet<int>[] _honest;
    private readonly HashSet<int>[] _sybils;
    private readonly HashSet<int>[] _sybilsInbound;
    private readonly long[] _eclipsedAt;
    private readonly long _startTicks;
    private readonly long _intervalTicks;
    private readonly Random _rng;
    private readonly int[] _lookers;
    private readonly long _probeIntervalTicks;
    private int _nextVictim, _nextProbe;
    private long _attempts;
    private long _accepted;
    private double _shareSum;
    private int _shareSamples;

    private AttackModel(INetwork net, AttackSpec spec, AddressModel addresses, DhtModel? dht, PubsubModel? pubsub)
    {
        _pubsub = pubsub;
        _net = net;
        _spec = spec;
        _addresses = addresses;
        _dht = dht;
        _handler = net.Clock.Register(this);
        _rng = RandomStreams.For(net.Seed, "net-attack");
        _victimGroup = net.Spec.Groups.FindIndex(g => g.Name == spec.Victims);
        _attackers = net.GroupRange(spec.Attackers);
        _victims = net.GroupRange(_victimGroup);
        _honest = [.. Enumerable.Range(0, _victims.Count).Select(_ => new HashSet<int>())];
        _sybils = [.. Enumerable.Range(0, _victims.Count).Select(_ => new HashSet<int>())];
        _sybilsInbound = [.. Enumerable.Range(0, _victims.Count).Select(_ => new HashSet<int>())];
        _eclipsedAt = [.. Enumerable.Repeat(-1L, _victims.Count)];
        _startTicks = net.Clock.NowTicks + spec.Start.Ticks;
        _intervalTicks = IntervalTicks(spec.ConnectionsPerSecond * _victims.Count, TimeSpan.TicksPerSecond);
        _probeIntervalTicks = dht is null ? 0 : IntervalTicks(spec.VictimLookupsPerHour * _victims.Count, TimeSpan.TicksPerHour);
        _lookers = _probeIntervalTicks > 0
            ? [.. Enumerable.Range(0, net.Nodes).Where(i => dht!.InGroup(net.GroupOf(i)) && !IsAttacker(i) && (uint)(i - _victims.First) >= (uint)_victims.Count)]
            : [];
    }

    public override IReadOnlyList<Column> TraceColumns => AttackColumns.Trace;

    public override IReadOnlyList<Column> SummaryColumns => AttackColumns.Summary;

    public override void Start()
    {
        if (_intervalTicks > 0 && _attackers.Count > 0 && _victims.Count > 0)
        {
            _net.Clock.Schedule(_startTicks, _handler, KFlood);
        }

        if (_lookers.Length > 0 && _victims.Count > 0)
        {
            _net.Clock.Schedule(_startTicks, _handler, KProbe);
        }

        if (Defection.At(_net) is { } at && _pubsub is not null)
        {
            _net.Clock.Schedule(at, _handler, KDefect);
        }
    }

    void IEventHandler.Handle(in SimEvent e)
    {
        if (e.Kind == KDefect)
        {
            var s = _pubsub!.Stats[_victimGroup];
            _atDefection = (s.Expected, s.Delivered);
            return;
        }

        if (e.Kind == KProbe)
        {
            ProbeVictim();
            return;
        }

        var victim = _victims.First + (_nextVictim++ % _victims.Count);
        var attacker = _attackers.First + _rng.Next(_attackers.Count);
        if (_net.IsUp(victim) && _net.IsUp(attacker))
        {
            _attempts++;
            if (_net.TryConnect(attacker, victim, ConnectPurpose.Generic))
            {
                _accepted++;
            }
        }

        _net.Clock.Schedule(_net.Clock.NowTicks + _intervalTicks, _handler, KFlood);
    }

    public override void Connected(int dialer, int listener, ConnectPurpose purpose)
    {
        Count(dialer, listener, add: true);
        Count(listener, dialer, add: true);
        CountInbound(dialer, listener, add: true);
    }

    public override void Disconnected(int dialer, int listener)
    {
        Count(dialer, listener, add: false);
        Count(listener, dialer, add: false);
        CountInbound(dialer, listener, add: false);
    }

    public override void Sample(int group, double intervalSeconds, Span<double> values)
    {
        if (group != _victimGroup)
        {
            values.Fill(double.NaN);
            return;
        }

        var (honest, sybils) = Totals();
        var share = honest + sybils > 0 ? (double)honest / (honest + sybils) : double.NaN;
        values[0] = share;
        values[1] = (double)honest / _victims.Count;
        values[2] = (double)sybils / _victims.Count;
        if (_net.Clock.NowTicks >= _startTicks && !double.IsNaN(share))
        {
            _shareSum += share;
            _shareSamples++;
        }
    }

    public override void Summarize(int group, Span<double> values)
    {
        if (group >= 0 && group != _victimGroup)
        {
            values.Fill(double.NaN);
            return;
        }

        var (honest, sybils) = Totals();
        var eclipsed = _eclipsedAt.Where(t => t >= 0).ToArray();
        values[0] = _shareSamples > 0 ? _shareSum / _shareSamples : double.NaN;
        values[1] = (double)honest / _victims.Count;
        values[2] = (double)sybils / _victims.Count;
        values[3] = (double)eclipsed.Length / _victims.Count;
        values[4] = eclipsed.Length > 0 ? eclipsed.Average(t => (t - _startTicks) / (double)TimeSpan.TicksPerSecond) : double.NaN;
        values[5] = Victims().SelectMany(v => HeldBy(v, _sybils[v])).Select(_addresses.Prefix16Of).Distinct().Count();
        values[6] = TableSybilShare();
        (values[7], values[8]) = DeliveryAroundDefection();
        values[9] = _attempts;
        values[10] = _accepted;
        values[11] = InboundSlotsLeft();
        values[12] = Victims().Average(v => TopGroupPeers([.. HeldBy(v, _sybils[v])]));
        values[14] = _dht?.Probes is { Ended: > 0 } p ? (double)p.SybilOnly / p.Ended : double.NaN;
        values[13] = _dht is null ? double.NaN : _dht.Stats[_victimGroup] is { Lookups: > 0 } d ? (double)d.SybilOnly / d.Lookups : double.NaN;
    }

    /// <summary>
    /// The gap between events at <paramref name="rate"/> per <paramref name="unitTicks"/>; 0 (no events) when the rate
    /// is 0 or so small that the gap would outlast any run (a rate of 1e-300 must not overflow the clock).
    /// </summary>
    private static long IntervalTicks(double rate, long unitTicks)
    {
        var ticks = rate > 0 ? unitTicks / rate : double.PositiveInfinity;
        return ticks < TimeSpan.TicksPerDay * 365.0 * 1000 ? Math.Max(1, (long)ticks) : 0;
    }

    /// <summary>A random online honest DHT member looks up the next victim's id (skipped when the victim is offline).</summary>
    private void ProbeVictim()
    {
        var victim = _victims.First + (_nextProbe++ % _victims.Count);
        var looker = _lookers[_rng.Next(_lookers.Length)];
        if (_net.IsUp(victim) && _net.IsUp(looker))
        {
            _dht!.StartProbe(looker, _dht.Space.Id(victim));
        }

        _net.Clock.Schedule(_net.Clock.NowTicks + _probeIntervalTicks, _handler, KProbe);
    }

    /// <summary>The victims' pubsub delivery ratio before and after the sybils defected; NaN without defection.</summary>
    private (double Before, double After) DeliveryAroundDefection()
    {
        if (_pubsub is null || _atDefection is not { } at)
        {
            return (double.NaN, double.NaN);
        }

        var end = _pubsub.Stats[_victimGroup];
        static double Ratio(long delivered, long expected) => expected > 0 ? (double)delivered / expected : double.NaN;
        return (Ratio(at.Delivered, at.Expected), Ratio(end.Delivered - at.Delivered, end.Expected - at.Expected));
    }

    /// <summary>Sybils among the victims' routing-table peers, pooled; NaN without a DHT.</summary>
    private double TableSybilShare()
    {
        if (_dht?.Space is not { } space)
        {
            return double.NaN;
        }

        Span<int> members = stackalloc int[space.K];
        long all = 0, sybils = 0;
        for (var v = _victims.First; v < _victims.First + _victims.Count; v++)
        {
            for (var b = 0; b < 64; b++)
            {
                var n = space.TableBucket(v, b, members);
                all += n;
                foreach (var peer in members[..n])
                {
                    sybils += IsAttacker(peer) ? 1 : 0;
                }
            }
        }

        return all > 0 ? (double)sybils / all : double.NaN;
    }

    /// <summary>
    /// Inbound slots not held by sybils, mean over the victims: the victim's inbound limit (its inbound cap, else its
    /// total cap, else its high watermark) minus the sybils connected inbound, at least 0.
    /// </summary>
    private double InboundSlotsLeft()
    {
        double sum = 0;
        for (var v = 0; v < _victims.Count; v++)
        {
            var engine = _net.Engine(_victims.First + v);
            var caps = engine.Options.Caps;
            var limit = caps.MaxInbound ?? caps.MaxTotal ?? engine.GetInfo().HighWater;
            sum += Math.Max(0, limit - HeldBy(v, _sybilsInbound[v]).Count());
        }

        return sum / _victims.Count;
    }

    /// <summary>The most sybils a victim holds from one network group (as its engine groups peers: /16 or AS).</summary>
    private double TopGroupPeers(List<int> sybils) =>
        sybils.Count == 0 ? 0 : sybils.GroupBy(_addresses.GroupOf).Max(g => g.Count());

    /// <summary>Notes a sybil that dialed a victim, and forgets it when the victim holds no connection to it any more.</summary>
    private void CountInbound(int dialer, int listener, bool add)
    {
        var v = listener - _victims.First;
        if ((uint)v < (uint)_victims.Count && IsAttacker(dialer))
        {
            _ = add ? _sybilsInbound[v].Add(dialer) : !_net.Engine(listener).IsConnected(dialer) && _sybilsInbound[v].Remove(dialer);
        }
    }

    private (long Honest, long Sybils) Totals() => (Victims().Sum(v => (long)HeldBy(v, _honest[v]).Count()), Victims().Sum(v => (long)HeldBy(v, _sybils[v]).Count()));

    private IEnumerable<int> Victims() => Enumerable.Range(0, _victims.Count);

    /// <summary>
    /// The peers of <paramref name="set"/> victim <paramref name="v"/>'s engine still holds. The sets forget a peer when
    /// the models hear a connection close, at its last end; with delayed remote closes a victim that pruned a peer has
    /// dropped it half a round trip before that, and these measures are the victim's view. With instant closes every
    /// member is held.
    /// </summary>
    private IEnumerable<int> HeldBy(int v, HashSet<int> set)
    {
        var engine = _net.Engine(_victims.First + v);
        return set.Where(engine.IsConnected);
    }

    private bool IsAttacker(int node) => (uint)(node - _attackers.First) < (uint)_attackers.Count;

    /// <summary>Counts <paramref name="peer"/> at <paramref name="node"/> when the node is a victim; notes a first eclipse.</summary>
    private void Count(int node, int peer, bool add)
    {
        var v = node - _victims.First;
        if ((uint)v >= (uint)_victims.Count)
        {
            return;
        }

        // A closing edge is reported also when the engine refused it or another connection to the peer remains.
        var set = IsAttacker(peer) ? _sybils[v] : _honest[v];
        _ = add ? set.Add(peer) : !_net.Engine(node).IsConnected(peer) && set.Remove(peer);
        if (_eclipsedAt[v] < 0 && _honest[v].Count == 0 && _sybils[v].Count > 0 && _net.Clock.NowTicks >= _startTicks)
        {
            _eclipsedAt[v] = _net.Clock.NowTicks;
        }
    }
}
