using ConnMgr.Sim.Network.Nat;

namespace ConnMgr.Sim.Tests;

public class LingerQueueTests
{
    [Test]
    public void ReleasesInInsertionOrder_OnlyWhatIsDue_AcrossChunks()
    {
        var q = new LingerQueue();
        for (var i = 0; i < 10_000; i++) // three chunks of 4,096
        {
            q.Enqueue(due: 100 + i, node: i, generation: i % 3);
        }

        Assert.That(q.TryDequeueDue(99, out _, out _), Is.False, "nothing is due before the first linger ends");
        var released = new List<(int Node, int Generation)>();
        while (q.TryDequeueDue(5099, out var node, out var generation))
        {
            released.Add((node, generation));
        }

        Assert.That(released, Is.EqualTo(Enumerable.Range(0, 5000).Select(i => (i, i % 3))), "the first chunk read to its end, the second begun");
        Assert.That(q.Count, Is.EqualTo(5000));
        q.Enqueue(20_000, 7, 1); // written to the last chunk while the second is still being read
        while (q.TryDequeueDue(long.MaxValue, out var node, out _))
        {
            released.Add((node, 0));
        }

        Assert.That(released.Skip(5000).Select(r => r.Node), Is.EqualTo(Enumerable.Range(5000, 5000).Append(7)));
        Assert.That(q.Count, Is.Zero);
    }

    [Test]
    public void HoldsMemoryForTheEntriesLingeringNow_NotForThePeak()
    {
        var q = new LingerQueue();
        for (var i = 0; i < 100_000; i++)
        {
            q.Enqueue(due: i, node: i, generation: 0);
        }

        Assert.That(q.ChunksHeld, Is.EqualTo(25), "100,000 entries fill 25 chunks of 4,096");
        for (var i = 0; i < 99_000; i++)
        {
            Assert.That(q.TryDequeueDue(long.MaxValue, out var node, out _) && node == i, Is.True, $"entry {i} in order");
        }

        Assert.That(q.ChunksHeld, Is.LessThanOrEqualTo(2), "1,000 entries left: their chunk and one spare");
        for (var round = 0; round < 10_000; round++)
        {
            q.Enqueue(due: 200_000 + round, node: round, generation: 1); // steady state: one in, one out
            Assert.That(q.TryDequeueDue(long.MaxValue, out _, out _), Is.True);
        }

        Assert.That(q.ChunksHeld, Is.LessThanOrEqualTo(3), "a steady population does not accumulate chunks");
        Assert.That(q.Count, Is.EqualTo(1000));
    }
}
