using System.Net;
using System.Net.Sockets;

namespace ConnMgr.Engine.Gating;

/// <summary>
/// An IPv4 or IPv6 CIDR range. Addresses are held as 128-bit values with IPv4 mapped into ::ffff:0:0/96, so one
/// comparison serves both families (an IPv4 range never matches a native IPv6 address and vice versa).
/// </summary>
public readonly record struct CidrRange
{
    internal static readonly UInt128 V4Prefix = (UInt128)0xFFFF << 32;

    private CidrRange(UInt128 network, int prefixLength)
    {
        PrefixLength = prefixLength;
        Mask = prefixLength == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - prefixLength);
        Network = network & Mask;
    }

    /// <summary>The network address, masked, as a mapped 128-bit value.</summary>
    public UInt128 Network { get; }

    /// <summary>The mask as a 128-bit value.</summary>
    public UInt128 Mask { get; }

    /// <summary>The prefix length in the mapped 128-bit space (IPv4 /8 is 104 here).</summary>
    public int PrefixLength { get; }

    /// <summary>Parses <c>a.b.c.d/n</c> (n in 0..32) or <c>ipv6/n</c> (n in 0..128); a bare address is a /32 or /128.</summary>
    /// <exception cref="ArgumentException">The text is not a CIDR range; the message quotes it and the expected form.</exception>
    public static CidrRange Parse(string text)
    {
        if (!TryParse(text, out var range))
        {
            throw new ArgumentException($"'{text}' is not a CIDR range; expected a.b.c.d/0-32 or an IPv6 address/0-128.", nameof(text));
        }

        return range;
    }

    /// <summary>Tries to parse a CIDR range.</summary>
    public static bool TryParse(string? text, out CidrRange range)
    {
        range = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addrText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addrText, out var address))
        {
            return false;
        }

        var isV4 = address.AddressFamily == AddressFamily.InterNetwork;
        var max = isV4 ? 32 : 128;
        var prefix = max;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out prefix) || prefix < 0 || prefix > max))
        {
            return false;
        }

        range = new CidrRange(ToUInt128(address), isV4 ? prefix + 96 : prefix);
        return true;
    }

    /// <summary>True when <paramref name="address"/> (mapped) lies in this range.</summary>
    public bool Contains(UInt128 address) => (address & Mask) == Network;

    /// <summary>Maps an address to the 128-bit form used by the gate (IPv4 → ::ffff:a.b.c.d).</summary>
    public static UInt128 ToUInt128(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Span<byte> b = stackalloc byte[16];
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            address.TryWriteBytes(b, out _);
            return V4Prefix | ((UInt128)b[0] << 24) | ((UInt128)b[1] << 16) | ((UInt128)b[2] << 8) | b[3];
        }

        address.TryWriteBytes(b, out _);
        UInt128 v = 0;
        for (var i = 0; i < 16; i++)
        {
            v = (v << 8) | b[i];
        }

        return v;
    }

    /// <summary>Maps an IPv4 address given as a 32-bit big-endian value (a.b.c.d = a&lt;&lt;24 | …).</summary>
    public static UInt128 FromIPv4(uint address) => V4Prefix | address;
}
