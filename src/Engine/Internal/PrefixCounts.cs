using ConnMgr.Engine.Gating;
using ConnMgr.Engine.Limits;

namespace ConnMgr.Engine.Internal;

/// <summary>
/// Open inbound connections per address prefix, for the per-prefix inbound caps: an IPv4 /16 and /24, an IPv6 /32 and
/// /48 (Bitcoin Core's <c>GetGroup</c> groups by the IPv4 /16 and the IPv6 /32; the /48 is our IPv6 counterpart of a
/// /24). Entries are removed at zero, so memory follows the prefixes currently connected.
/// </summary>
internal sealed class PrefixCounts
{
    private readonly Dictionary<UInt128, int> _wide = [];
    private readonly Dictionary<UInt128, int> _narrow = [];

    /// <summary>True when a new inbound connection from <paramref name="address"/> would exceed a cap.</summary>
    public bool Reached(UInt128 address, int? wideCap, int? narrowCap) =>
        ConnectionCaps.Reached(wideCap, _wide.GetValueOrDefault(Wide(address))) ||
        ConnectionCaps.Reached(narrowCap, _narrow.GetValueOrDefault(Narrow(address)));

    /// <summary>Open inbound connections from <paramref name="address"/>'s /16 (IPv6: /32).</summary>
    public int WideCount(UInt128 address) => _wide.GetValueOrDefault(Wide(address));

    /// <summary>Adds <paramref name="delta"/> inbound connections from <paramref name="address"/>.</summary>
    public void Add(UInt128 address, int delta)
    {
        if (delta != 0)
        {
            Bump(_wide, Wide(address), delta);
            Bump(_narrow, Narrow(address), delta);
        }
    }

    /// <summary>The network group of an address: its /16 (IPv4) or /32 (IPv6), as a non-negative int.</summary>
    public static int GroupOf(UInt128 address) =>
        IsV4(address) ? (int)((uint)address >> 16) : (int)(0x40000000u | ((uint)(address >> 96) & 0x3FFFFFFFu));

    private static bool IsV4(UInt128 address) => address >> 32 == CidrRange.V4Prefix >> 32;

    private static UInt128 Wide(UInt128 address) => IsV4(address) ? address >> 16 : address >> 96;

    private static UInt128 Narrow(UInt128 address) => IsV4(address) ? address >> 8 : address >> 80;

    private static void Bump(Dictionary<UInt128, int> map, UInt128 key, int delta)
    {
        var n = map.GetValueOrDefault(key) + delta;
        if (n <= 0)
        {
            map.Remove(key);
        }
        else
        {
            map[key] = n;
        }
    }
}
