using ConnMgr.Sim.Network.Politeness;

namespace ConnMgr.Sim.Tests;

public class PruneTimesTests
{
    [Test]
    public void AgreesWithADictionary_ThroughSetsLookupsAndSweeps_WithRunsThatWrapPastTheEnd()
    {
        var rng = new Random(7);
        var table = new PruneTimes();
        var model = new Dictionary<long, long>();
        var keys = new List<long>();
        for (var step = 0; step < 60_000; step++)
        {
            var now = step;
            switch (rng.Next(100))
            {
                case < 55:
                    var key = keys.Count > 0 && rng.Next(4) == 0 ? keys[rng.Next(keys.Count)] : ClusteredKey(rng);
                    keys.Add(key);
                    table.Set(key, now);
                    model[key] = now;
                    break;
                case < 99:
                    var probe = keys.Count > 0 && rng.Next(2) == 0 ? keys[rng.Next(keys.Count)] : ClusteredKey(rng);
                    var found = table.TryGet(probe, out var at);
                    Assert.That((found, found ? at : 0), Is.EqualTo((model.TryGetValue(probe, out var expected), expected)), $"lookup at step {step}");
                    break;
                default:
                    var cutoff = now - rng.Next(5_000);
                    table.RemoveOlderThan(cutoff);
                    foreach (var old in model.Where(p => p.Value < cutoff).Select(p => p.Key).ToList())
                    {
                        model.Remove(old);
                    }

                    Assert.That(table.Count, Is.EqualTo(model.Count), $"pairs after the sweep at step {step}");
                    foreach (var (k, v) in model)
                    {
                        Assert.That(table.TryGet(k, out var kept) && kept == v, Is.True, $"a pair the sweep kept at step {step}");
                    }

                    break;
            }
        }
    }

    [Test]
    public void Memory_FollowsThePairsHeld_GrowingAndShrinking()
    {
        var table = new PruneTimes();
        var rng = new Random(3);
        for (var i = 0; i < 100_000; i++)
        {
            table.Set(AnyKey(rng), at: i);
        }

        Assert.That(table.Count, Is.EqualTo(100_000));
        Assert.That(table.Capacity, Is.EqualTo(1 << 18), "100,000 pairs at most 5/8 of the slots: 2^18");
        table.RemoveOlderThan(99_000);
        Assert.That((table.Count, table.Capacity), Is.EqualTo((1_000, 1 << 12)), "1,000 pairs left: halved while under 1/8 full (a quarter full after)");
        table.RemoveOlderThan(long.MaxValue);
        Assert.That((table.Count, table.Capacity), Is.EqualTo((0, 1 << 10)), "empty: back to the smallest table");
    }

    [Test]
    public void RefusesTheKeyThatMarksAnEmptySlot()
    {
        Assert.That(() => new PruneTimes().Set(0, 1), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    /// <summary>
    /// One key in four has its top six bits set, so its home is in the last 1/64 of the table at any size: those keys
    /// form one long run that wraps past the end to slot 0. The rest are spread.
    /// </summary>
    private static long ClusteredKey(Random rng) =>
        rng.Next(4) == 0 ? unchecked((long)(0xFC00_0000_0000_0000UL | ((ulong)rng.NextInt64() & 0x03FF_FFFF_FFFF_FFFFUL) | 1UL)) : AnyKey(rng);

    private static long AnyKey(Random rng) => rng.NextInt64(1, long.MaxValue) * (rng.Next(2) == 0 ? 1 : -1);
}
