using ConnMgr.Engine.Limits;

namespace ConnMgr.Engine.Tests;

/// <summary>
/// A peer's several connections: the order stays newest first through any opens and closes, and a trim that closes
/// several connections of one peer closes exactly the ones it chose. They pin behaviour for any layout of the
/// connection list (benchmarks/README.md, issue 13 "eleventh step" tried one with the newest inside the slot).
/// </summary>
public class ConnectionListTests
{
    [Test]
    public void ConnectionsOfEachPeer_StayNewestFirst_ThroughAnyMixOfOpensAndCloses()
    {
        var h = new Harness(Harness.Watermarks(low: 1_000, high: 2_000));
        var model = new Dictionary<int, List<long>>();
        var rng = new Random(5);
        var listed = new List<(int Peer, long ConnectionId)>();
        for (var step = 1; step <= 4_000; step++)
        {
            var peer = rng.Next(6);
            var open = model.GetValueOrDefault(peer) ?? [];
            if (rng.Next(5) < 3 || open.Count == 0)
            {
                // Up to five connections per peer, so closes hit the newest, the oldest and ones between.
                if (open.Count < 5)
                {
                    h.Connect(peer, rng.Next(2) == 0 ? Direction.Inbound : Direction.Outbound, connectionId: step);
                    model[peer] = [step, .. open];
                }
            }
            else
            {
                // Close the newest, the oldest or one between, and now and then an id the peer never had.
                var id = rng.Next(8) == 0 ? -step : open[rng.Next(open.Count)];
                h.Manager.Disconnected(peer, id);
                open.Remove(id);
            }

            h.Manager.CopyConnections(listed);
            var byPeer = listed.GroupBy(c => c.Peer).ToDictionary(g => g.Key, g => g.Select(c => c.ConnectionId).ToList());
            var expected = model.Where(kv => kv.Value.Count > 0).ToDictionary(kv => kv.Key, kv => kv.Value);
            Assert.That(byPeer, Is.EqualTo(expected), $"step {step}");
        }

        Assert.That(h.Events.Pruned, Is.Empty, "the marks are far above the count: nothing but the host closes");
    }

    [Test]
    public void TrimByConnection_ClosesSeveralConnectionsOfOnePeer_InItsOrder()
    {
        var h = new Harness(Profile.Js with { Limits = new MaxConnectionsPolicy(10, LimitAction.RejectInbound), Gate = Gating.GateOptions.Open });
        (int Peer, long Id)[] opens = [(1, 1), (2, 2), (1, 3), (2, 4), (1, 5)];
        foreach (var (peer, id) in opens)
        {
            h.Connect(peer, Direction.Outbound, connectionId: id);
            h.Advance(1);
        }

        // js closes the newest first: peer 1's 5, peer 2's 4, then peer 1's 3 — two of one peer's three, in one trim.
        var report = h.Manager.SetLimits(new MaxConnectionsPolicy(2, LimitAction.RejectInbound));

        Assert.That(report, Is.Not.Null, "lowering the maximum below the count must trim");
        Assert.That(h.Events.Pruned.Select(p => (p.Peer, p.Connection)), Is.EqualTo(new[] { (1, 5L), (2, 4L), (1, 3L) }));
        var listed = new List<(int Peer, long ConnectionId)>();
        h.Manager.CopyConnections(listed);
        Assert.That(listed.Order(), Is.EqualTo(new[] { (1, 1L), (2, 2L) }));
    }

    [Test]
    public void ClosingTheNewestOfSeveral_ThenOpeningAnother_KeepsEveryCountRight()
    {
        var h = new Harness(Harness.Watermarks(low: 10, high: 20));
        h.Connect(7, Direction.Inbound, connectionId: 1);
        h.Connect(7, Direction.Outbound, connectionId: 2);
        h.Manager.Disconnected(7, 2);
        h.Connect(7, Direction.Outbound, connectionId: 3);
        Assert.That(h.Manager.GetInfo().ConnectionCount, Is.EqualTo(2), "connections 1 and 3 are open");
        h.Manager.Disconnected(7, 1);

        Assert.That(h.Manager.IsConnected(7), Is.True);
        Assert.That(h.Manager.GetInfo().ConnectionCount, Is.EqualTo(1));
        h.Manager.Disconnected(7, 3);
        Assert.That(h.Manager.IsConnected(7), Is.False, "the last close leaves the peer disconnected");
        Assert.That(h.Events.Log.Count(l => l.StartsWith("disconnected 7", StringComparison.Ordinal)), Is.EqualTo(3));
    }
}
