using ConnMgr.Engine.Gating;
using ConnMgr.Sim.Randomness;
using ConnMgr.Sim.Results;

namespace ConnMgr.Sim.Network.Addresses;

/// <summary>
/// Gives every node an IPv4 address and tells both engines their peer's address before a connection opens (at
/// admission), so per-prefix inbound caps count it and the diversity and bitcoin trim policies group peers by /16.
/// Honest nodes are spread uniformly over <c>network.addresses.prefixes16</c> /16s; the sybils of
/// <c>network.attack</c> share its <c>ips</c> addresses in its <c>networkGroups</c> /16s.
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

        if (net.Spec.Attack is { } attack)
        {
            AssignSybils(attack.Attackers, attack.NetworkGroups, attack.Ips, rng);
        }
    }

    /// <summary>The node's IPv4 address as a 32-bit number.</summary>
    public uint AddressOf(int node) => _address[node];

    /// <summary>The node's /16 (its network group).</summary>
    public int Prefix16Of(int node) => (int)(_address[node] >> 16);

    public override bool Admit(int dialer, int listener)
    {
        _net.Engine(listener).SetPeerAddress(dialer, CidrRange.FromIPv4(_address[dialer]));
        _net.Engine(dialer).SetPeerAddress(listener, CidrRange.FromIPv4(_address[listener]));
        return true;
    }

    /// <summary>The sybils' <paramref name="ips"/> addresses, dealt round-robin over <paramref name="groups"/> distinct random /16s.</summary>
    private void AssignSybils(string groupName, int groups, int ips, Random rng)
    {
        var group = _net.Spec.Groups.FindIndex(g => g.Name == groupName);
        var (first, count) = _net.GroupRange(group);
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
    }
}
