using MathNet.Numerics.Random;

namespace ConnMgr.Sim.Randomness;

/// <summary>
/// One random stream per (component, node), each derived from the scenario's master seed by a stable hash, so adding
/// a component or a node never shifts the draws of another. Streams are MathNet's xoshiro256** (not thread-safe:
/// the simulator is single-threaded).
/// </summary>
public static class RandomStreams
{
    /// <summary>A fresh stream for <paramref name="component"/> of node <paramref name="node"/>.</summary>
    public static Xoshiro256StarStar For(int masterSeed, string component, int node = 0) =>
        new(SeedFor(masterSeed, component, node), threadSafe: false);

    /// <summary>The derived 32-bit seed (FNV-1a of the component name, mixed with seed and node by SplitMix64).</summary>
    public static int SeedFor(int masterSeed, string component, int node = 0)
    {
        var h = 14695981039346656037UL;
        foreach (var c in component)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        var x = h ^ ((ulong)(uint)masterSeed << 32) ^ (uint)node;
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return (int)(x ^ (x >> 32));
    }
}
