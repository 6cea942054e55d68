using System.Numerics;
using ConnMgr.Sim.Kernel;

namespace ConnMgr.Sim.Randomness;

/// <summary>
/// One component's random streams for every node of a network, as one <see cref="Random"/> pointed at a node with
/// <see cref="At"/>. Draw k of node i is SplitMix64 at position i·2³² + k of a sequence keyed by (seed, component)
/// (<see cref="RandomStreams.KeyFor"/>), so the only state is one counter per node: a million nodes cost 4 MB, not a
/// million generator objects. What node i draws depends on nothing but the seed, the component and how often node i
/// drew before; never on other nodes' events or their order. That is what lets a policy change in one place leave
/// every other node's draws alone (common random numbers), and what a partitioned kernel needs.
/// </summary>
/// <remarks>
/// Several components made together by <see cref="Interleaved"/> keep their counters side by side, one block per
/// node, so a node's draws from all of them touch one cache line (<see cref="Prefetch"/> starts loading it).
/// A node's slice repeats after 2³² draws of one component. The stream has two cursors, one per partition of a
/// windowed run (<see cref="NodePartition"/>; <see cref="At"/> returns the node's), so the partitions, each on its own
/// thread, draw from one stream without sharing a cursor. Otherwise not
/// thread-safe: a node's draws belong to the thread of its partition.
/// </remarks>
public sealed class PerNodeStream : Random
{
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;
    private const double UnitOf53Bits = 1.0 / (1UL << 53);
    private readonly ulong _key;
    private readonly uint[] _counters;
    private readonly int _shift;
    private readonly int _offset;
    private readonly PerNodeStream _first, _second;
    private int _node;

    /// <summary>Partition 0's cursor, which makes partition 1's; or, given <paramref name="first"/>, partition 1's cursor.</summary>
    private PerNodeStream(ulong key, uint[] counters, int shift, int offset, PerNodeStream? first = null)
    {
        _key = key;
        _counters = counters;
        _shift = shift;
        _offset = offset;
        _first = first ?? this;
        _second = first is null ? new PerNodeStream(key, counters, shift, offset, this) : this;
        _node = first is null ? 0 : NodePartition.NodeOf(1);
    }

    /// <summary>The streams of <paramref name="component"/> for nodes 0 .. <paramref name="nodes"/> − 1.</summary>
    public static PerNodeStream For(int masterSeed, string component, int nodes) => Interleaved(masterSeed, nodes, component)[0];

    /// <summary>
    /// The streams of several components whose counters share one block per node (the stride is rounded up to a
    /// power of two, so four components take 16 bytes per node). Each stream draws exactly as <see cref="For"/> would.
    /// </summary>
    public static PerNodeStream[] Interleaved(int masterSeed, int nodes, params string[] components)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nodes);
        ArgumentOutOfRangeException.ThrowIfZero(components.Length);
        var shift = BitOperations.Log2(BitOperations.RoundUpToPowerOf2((uint)components.Length));
        var counters = new uint[(long)nodes << shift];
        var streams = new PerNodeStream[components.Length];
        for (var c = 0; c < components.Length; c++)
        {
            streams[c] = new PerNodeStream(RandomStreams.KeyFor(masterSeed, components[c]), counters, shift, c);
        }

        return streams;
    }

    /// <summary>Nodes this stream serves.</summary>
    public int Nodes => _counters.Length >> _shift;

    /// <summary>
    /// Points the cursor of <paramref name="node"/>'s partition at it and returns that cursor: the draws made from the
    /// result are that node's. Draw from the returned stream, not from this one.
    /// </summary>
    public PerNodeStream At(int node)
    {
        if ((uint)node >= (uint)Nodes)
        {
            throw new ArgumentOutOfRangeException(nameof(node), node, $"a node of 0..{Nodes - 1}");
        }

        var cursor = NodePartition.Of(node) == 0 ? _first : _second;
        cursor._node = node;
        return cursor;
    }

    /// <summary>How many draws <paramref name="node"/> has made from this component.</summary>
    public uint Drawn(int node) => _counters[(node << _shift) + _offset];

    /// <summary>Starts loading the cache line of <paramref name="node"/>'s counters (a hint: it changes no draw).</summary>
    public void Prefetch(int node) => Prefetcher.Item(ref _counters[node << _shift]);

    /// <summary>The current node's next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ref var k = ref _counters[(_node << _shift) + _offset];
        var position = ((ulong)(uint)_node << 32) | k;
        k++;
        return RandomStreams.Mix(_key + (position * Gamma));
    }

    /// <inheritdoc/>
    public override double NextDouble() => (NextUInt64() >> 11) * UnitOf53Bits;

    /// <inheritdoc/>
    public override float NextSingle() => (NextUInt64() >> 40) * (1f / (1 << 24));

    /// <inheritdoc/>
    public override int Next() => Below(int.MaxValue);

    /// <inheritdoc/>
    public override int Next(int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return Below(maxValue);
    }

    /// <inheritdoc/>
    public override int Next(int minValue, int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        return (int)(minValue + (long)Below64((ulong)((long)maxValue - minValue)));
    }

    /// <inheritdoc/>
    public override long NextInt64() => (long)Below64(long.MaxValue);

    /// <inheritdoc/>
    public override long NextInt64(long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return (long)Below64((ulong)maxValue);
    }

    /// <inheritdoc/>
    public override long NextInt64(long minValue, long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        return unchecked(minValue + (long)Below64((ulong)(maxValue - minValue)));
    }

    /// <inheritdoc/>
    public override void NextBytes(byte[] buffer) => NextBytes(buffer.AsSpan());

    /// <inheritdoc/>
    public override void NextBytes(Span<byte> buffer)
    {
        for (var i = 0; i < buffer.Length; i += 8)
        {
            var bits = NextUInt64();
            for (var j = i; j < Math.Min(i + 8, buffer.Length); j++, bits >>= 8)
            {
                buffer[j] = (byte)bits;
            }
        }
    }

    /// <inheritdoc/>
    protected override double Sample() => NextDouble();

    /// <summary>Uniform in [0, <paramref name="bound"/>) without bias (Lemire, "Fast random integer generation in an interval", 2019).</summary>
    private int Below(int bound) => (int)Below64((ulong)bound);

    private ulong Below64(ulong bound)
    {
        if (bound <= 1)
        {
            return 0;
        }

        var high = Math.BigMul(NextUInt64(), bound, out var low);
        if (low < bound)
        {
            var threshold = (0 - bound) % bound;
            while (low < threshold)
            {
                high = Math.BigMul(NextUInt64(), bound, out low);
            }
        }

        return high;
    }
}
