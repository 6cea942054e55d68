using ConnMgr.Sim.Network;

namespace ConnMgr.Sim.Tests;

/// <summary>The edge store's arrays grow in blocks that never move, so a write made before growth is never lost.</summary>
public class GrowOnlyIntsTests
{
    [Test]
    public void AnElementWrittenBeforeTheArrayGrows_KeepsItsValue_AndNewElementsHoldTheFill()
    {
        var ints = new GrowOnlyInts(fill: -1);
        ints.Ensure(5);
        ref var early = ref ints[5];
        early = 42;
        ints.Ensure(1_000_000); // many blocks later
        early = 43; // a write through a reference taken before the growth
        Assert.That(ints[5], Is.EqualTo(43));
        Assert.That(ints[999_999], Is.EqualTo(-1));
        Assert.That(ints.Has(1_000_000), Is.True);
        Assert.That(ints.Has(-1), Is.False);
    }

    [Test]
    public void TwoThreadsGrowingIt_EachKeepsEveryValueItWrote()
    {
        var ints = new GrowOnlyInts();
        const int perThread = 400_000;
        Parallel.For(0, 2, p =>
        {
            for (var i = p; i < 2 * perThread; i += 2)
            {
                ints.Ensure(i);
                ints[i] = i + 1;
            }
        });
        var lost = Enumerable.Range(0, 2 * perThread).Count(i => ints[i] != i + 1);
        Assert.That(lost, Is.Zero, "values lost to a block allocated twice");
    }
}
