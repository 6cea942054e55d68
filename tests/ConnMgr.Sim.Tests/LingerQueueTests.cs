using ConnMgr.Sim.Network.Nat;

namespace ConnMgr.Sim.Tests;

public class LingerQueueTests
{
    [Test]
    public void ReleasesInInsertionOrder_OnlyWhatIsDue_ThroughGrowthAndShrinking()
    {
        var q = new LingerQueue();
        for (var i = 0; i < 1000; i++)
        {
            q.Enqueue(due: 100 + i, node: i, generation: i % 3);
        }

        Assert.That(q.TryDequeueDue(99, out _, out _), Is.False, "nothing is due before the first linger ends");
        var released = new List<(int Node, int Generation)>();
        while (q.TryDequeueDue(599, out var node, out var generation))
        {
            released.Add((node, generation));
        }

        Assert.That(released, Is.EqualTo(Enumerable.Range(0, 500).Select(i => (i, i % 3))));
        Assert.That(q.Count, Is.EqualTo(500));
        q.Enqueue(2000, 7, 1); // wraps around the ring after it shrank
        while (q.TryDequeueDue(long.MaxValue, out var node, out _))
        {
            released.Add((node, 0));
        }

        Assert.That(released.Skip(500).Select(r => r.Node), Is.EqualTo(Enumerable.Range(500, 500).Append(7)));
        Assert.That(q.Count, Is.Zero);
    }
}
