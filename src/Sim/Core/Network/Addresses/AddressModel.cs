using ConnMgr.Engine.Gating;
using ConnMgr.Sim.Randomness;
using ConnMgr.Sim.Results;

namespace ConnMgr.Sim.Network.Addresses;

/// <summary>
/// Gives every node an IPv4 address and tells both engines their peer's address before a connection opens (at
/// admission), so per-prefix inbound caps count it and the diversity and bitcoin trim policies group peers by /16.
/// Honest nodes are spread uniformly over <c>network.addresses.prefixes16</c> /16s; the sybils of
/// <c>network.attack</c> share its <c>ips</c> addresses in its <c>networkGroups</c> /16s. With
/// <c>network.addresses.asns</c> every /16 belongs to an AS and the engines group peers by AS (the attackers' /16s in
/// their own <c>attack.asns</c>); with <c>attack.latency</c> the engines also learn each peer's round trip.
/// </summary>
internal sealed class AddressModel : NetworkModel
{
    public static readonly ModelRegistration Registration = new(
        new ColumnGroup("addresses", RunMode.Network, [], []),
        [],
        (net, _) => net.Spec.Addresses is not null || net.Spec.Attack is not null ? new AddressModel(net) : null);

    private const int DefaultPrefixes16 = 4096;
    private readonly INetwork _net;
    private readonly uint[] _address;

    /// <summary>The AS of every /16 when peers are grouped by AS; null: grouped by /16.</summary>
    private readonly int[]? _asOf16;

    /// <summary>Round trips told to the engines: honest ones drawn per admission, the sybils' fixed; null: none told.</summary>
    private readonly DurationSampler? _roundTrip;
    private readonly long _sybilRoundTripTicks;
    private readonly (int First, int Count) _sybils;

    private AddressModel(INetwork net)
    {
        _net = net;
        _address = new uint[net.Nodes];
        var rng = RandomStreams.For(net.Seed, "net-addresses");
        var prefixes = net.Spec.Addresses?.Prefixes16 ?? DefaultPrefixes16;
        for (var i = 0; i < _address.Length; i++)
        {
            _address[i] = ((uint)rng.Next(prefixes) << 16) | ((uint)rng.Next(256) << 8) | (uint)(1 + rng.Next(254));
        }

        if (net.Spec.Addresses?.Asns is { } asns)
        {
            var asRng = RandomStreams.For(net.Seed, "net-asns");
            _asOf16 = new int[65_536];
            for (var p = 0; p < _asOf16.Length; p++)
            {
                _asOf16[p] = asRng.Next(asns);
            }
        }

        if (net.Spec.Attack is { } attack)
        {
            _sybils = net.GroupRange(attack.Attackers);
            var sybilPrefixes = AssignSybils(attack.NetworkGroups, attack.Ips, rng);
            for (var i = 0; _asOf16 is not null && i < sybilPrefixes.Count; i++)
            {
                _asOf16[sybilPrefixes[i]] = net.Spec.Addresses!.Asns!.Value + (i % (attack.Asns ?? attack.NetworkGroups));
            }

            if (attack.Latency is { } latency)
            {
                _sybilRoundTripTicks = latency.Ticks;
                _roundTrip = new DurationSampler(net.Spec.DialLatencyOrDefault, RandomStreams.For(net.Seed, "net-round-trips"));
            }
        }
    }

    /// <summary>The node's IPv4 address as a 32-bit number.</summary>
    public uint AddressOf(int node) => _address[node];

    /// <summary>The node's /16 (its network group).</summary>
    public int Prefix16Of(int node) => (int)(_address[node] >> 16);

    /// <summary>The node's network group as the engines see it: its AS when peers are grouped by AS, else its /16.</summary>
    public int GroupOf(int node) => _asOf16 is null ? Prefix16Of(node) : _asOf16[Prefix16Of(node)];

    /// <summary>Ready, unless round trips are drawn (<c>attack.latency</c>): those come from one stream in event order, which two partitions would interleave differently.</summary>
    public override bool RunsInPartitions => _roundTrip is null;

    /// <summary>Each admitted end's engine learns the other's address (the dialer's as its SYN leaves, with split dials).</summary>
    public override bool Admit(int dialer, int listener, ConnectionEnds ends)
    {
        if ((ends & ConnectionEnds.Listener) != 0)
        {
            Tell(listener, dialer);
        }

        if ((ends & ConnectionEnds.Dialer) != 0)
        {
            Tell(dialer, listener);
        }

        return true;
    }

    /// <summary>Tells <paramref name="host"/>'s engine the address of <paramref name="node"/> (and its AS and round trip when modelled).</summary>
    private void Tell(int host, int node)
    {
        var engine = _net.Engine(host);
        engine.SetPeerAddress(node, CidrRange.FromIPv4(_address[node]));
        if (_asOf16 is not null || _roundTrip is not null)
        {
            var sybil = (uint)(node - _sybils.First) < (uint)_sybils.Count;
            var roundTrip = _roundTrip is null ? TimeSpan.MaxValue : new TimeSpan(sybil ? _sybilRoundTripTicks : _roundTrip.SampleTicks());
            engine.SetPeerInfo(node, GroupOf(node), roundTrip);
        }
    }

    /// <summary>
    /// The sybils' <paramref name="ips"/> addresses, dealt round-robin over <paramref name="groups"/> distinct random
    /// /16s; returns the /16s.
    /// </summary>
    private List<uint> AssignSybils(int groups, int ips, Random rng)
    {
        var (first, count) = _sybils;
        var prefixes = new List<uint>(groups);
        var seen = new HashSet<uint>();
        while (prefixes.Count < groups)
        {
            var p = (uint)rng.Next(65_536);
            if (seen.Add(p))
            {
                prefixes.Add(p);
            }
        }

        for (var j = 0; j < count; j++)
        {
            var ip = j % ips;
            var inGroup = ip / groups;
            _address[first + j] = (prefixes[ip % groups] << 16) | ((uint)(inGroup / 254 % 256) << 8) | (uint)(1 + inGroup % 254);
        }

        return prefixes;
    }
}
