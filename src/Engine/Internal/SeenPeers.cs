namespace ConnMgr.Engine.Internal;

/// <summary>
/// Peers this manager has connected with, remembered in a fixed Bloom filter (4 KiB, three probes): a peer it has
/// seen is always recognised; about 1.4 % of newcomers pass for known ones once 3,000 peers were seen ((1 − e^(−kn/m))^k) (they are then
/// treated as known, the conservative answer). Allocated only with <see cref="ConnectionManagerOptions.NewcomerSlots"/>.
/// </summary>
internal sealed class SeenPeers
{
    private const int Bits = 1 << 15;
    private readonly ulong[] _words = new ulong[Bits / 64];

    public void Add(int hash)
    {
        var h = Mix(hash);
        for (var i = 0; i < 3; i++, h >>= 20)
        {
            var bit = (int)(h & (Bits - 1));
            _words[bit >> 6] |= 1UL << (bit & 63);
        }
    }

    public bool Contains(int hash)
    {
        var h = Mix(hash);
        for (var i = 0; i < 3; i++, h >>= 20)
        {
            var bit = (int)(h & (Bits - 1));
            if ((_words[bit >> 6] & (1UL << (bit & 63))) == 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>SplitMix64's finaliser: spreads an int hash (the simulator's sequential handles) over 64 bits.</summary>
    private static ulong Mix(int hash)
    {
        var z = (ulong)(uint)hash + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
