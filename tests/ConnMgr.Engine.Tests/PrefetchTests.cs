namespace ConnMgr.Engine.Tests;

/// <summary>
/// <see cref="ConnectionManager{TPeer}.Prefetch"/> is a cache hint for hosts that know their next call: it must
/// change nothing — no state, no events — before the first connection, for known and unknown peers, with free slots.
/// </summary>
public class PrefetchTests
{
    [Test]
    public void Prefetch_ChangesNoStateAndRaisesNothing_InAnyTableState()
    {
        var options = Harness.Watermarks(low: 5, high: 10, graceMs: 50, silenceMs: 10) with { ExpectedPeers = 12 };
        var hinted = new Harness(options);
        var plain = new Harness(options);
        hinted.Manager.Prefetch(1); // before the first connection: empty tables
        var rng = new Random(3);
        for (var step = 0; step < 2_000; step++)
        {
            var peer = rng.Next(40);
            var disconnect = rng.Next(3) == 0;
            hinted.Manager.Prefetch(peer);
            hinted.Manager.Prefetch(peer + 1_000); // a peer it never saw
            foreach (var h in new[] { hinted, plain })
            {
                if (disconnect)
                {
                    h.Manager.Disconnected(peer);
                }
                else
                {
                    h.Connect(peer, Direction.Inbound, connectionId: step);
                }

                h.Advance(2);
            }
        }

        Assert.That(hinted.Events.Log, Is.EqualTo(plain.Events.Log));
        Assert.That(hinted.Manager.Count, Is.EqualTo(plain.Manager.Count));
        Assert.That(hinted.Manager.Metrics, Is.EqualTo(plain.Manager.Metrics));
        Assert.That(plain.Events.Pruned, Is.Not.Empty, "the sequence must trim and free slots for the hint to walk over");
    }
}
