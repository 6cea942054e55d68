using MathNet.Numerics.Random;

namespace ConnMgr.Sim.Randomness;

/// <summary>
/// One random stream per (component, node), each derived from the scenario's master seed by a stable hash, so adding
/// a component or a node never shifts the draws of another. Small runs hold one MathNet xoshiro256** per stream
/// (<see cref="For"/>); network mode holds a counter per node instead (<see cref="PerNodeStream"/>, keyed by
/// <see cref="KeyFor"/>). Neither is thread-safe: a stream belongs to the thread that runs its node.
/// </summary>
public static class RandomStreams
{
    /// <summary>A fresh stream for <paramref name="component"/> of node <paramref name="node"/>.</summary>
    public static Xoshiro256StarStar For(int masterSeed, string component, int node = 0) =>
        new(SeedFor(masterSeed, component, node), threadSafe: false);

    /// <summary>The derived 32-bit seed (FNV-1a of the component name, mixed with seed and node by SplitMix64).</summary>
    public static int SeedFor(int masterSeed, string component, int node = 0)
    {
        var x = Mix(Fnv(component) ^ ((ulong)(uint)masterSeed << 32) ^ (uint)node);
        return (int)(x ^ (x >> 32));
    }

    /// <summary>The 64-bit key of <paramref name="component"/>'s per-node streams (the same mix as <see cref="SeedFor"/>, node bits left out).</summary>
    public static ulong KeyFor(int masterSeed, string component) => Mix(Fnv(component) ^ ((ulong)(uint)masterSeed << 32));

    /// <summary>SplitMix64's finaliser of <c>x + γ</c> (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014).</summary>
    internal static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    private static ulong Fnv(string component)
    {
        var h = 14695981039346656037UL;
        foreach (var c in component)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return h;
    }
}
