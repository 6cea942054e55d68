using ConnMgr.Engine.Limits;
using ConnMgr.Engine.Dialing;
using ConnMgr.Engine.Tags;

namespace ConnMgr.Engine.Tests;

/// <summary>
/// Giving table memory back (<see cref="ConnectionManagerOptions.ShrinkTables"/>, <see cref="ConnectionManager{TPeer}.TrimExcess"/>):
/// a manager that packs its tables behaves like one that keeps them, and really is smaller afterwards.
/// </summary>
public class ShrinkTablesTests
{
    // Retention and prune backoff short enough that entries leave between the waves of the model test.
    private static readonly ConnectionManagerOptions Options = Harness.Watermarks(low: 100, high: 150, graceMs: 50, silenceMs: 10) with
    {
        TagRetention = TimeSpan.FromMilliseconds(400),
        PruneBackoff = new BackoffPolicy(TimeSpan.FromMilliseconds(500), 2, TimeSpan.FromSeconds(2)),
    };

    [TestCase(3)]
    [TestCase(11)]
    [TestCase(29)]
    public void ShrinkingManager_RaisesTheSameEventsAndHoldsTheSameState_AsOneThatKeepsItsTables(int seed)
    {
        var keeping = new Harness(Options);
        var shrinking = new Harness(Options with { ShrinkTables = true });
        var rng = new Random(seed);
        var smallestCapacity = int.MaxValue;
        var largestCapacity = 0;
        for (var step = 0; step < 6_000; step++)
        {
            // Waves of 300 peers then 12, so tables grow far past the marks (tags and protection keep entries with
            // no connection) and then empty out; every operation that keeps an entry or names a slot is in the mix.
            var peers = (step / 1_000) % 2 == 0 ? 300 : 12;
            if (step % 1_000 == 0 && peers == 12)
            {
                // The host drops the wave's peers (its node went quiet): their entries then leave as retention ends.
                foreach (var h in new[] { keeping, shrinking })
                {
                    DropPeersFrom(h.Manager, 12, 300);
                }
            }

            var peer = rng.Next(peers);
            var op = rng.Next(16);
            foreach (var h in new[] { keeping, shrinking })
            {
                Apply(h, op, peer, step);
                h.Advance(op == 15 ? 900 : 2);
            }

            if (step % 50 == 0 || op >= 13)
            {
                AssertSameState(keeping, shrinking, peers, $"step {step}, op {op}");
            }

            if (step >= 1_000)
            {
                smallestCapacity = Math.Min(smallestCapacity, shrinking.Manager.Capacity);
            }

            largestCapacity = Math.Max(largestCapacity, shrinking.Manager.Capacity);
        }

        Assert.That(shrinking.Events.Log, Is.EqualTo(keeping.Events.Log));
        Assert.That(shrinking.Events.Pruned, Is.EqualTo(keeping.Events.Pruned));
        Assert.That(shrinking.Events.Redials, Is.EqualTo(keeping.Events.Redials));
        Assert.That(keeping.Events.Pruned, Is.Not.Empty, "the sequence must make the managers trim");
        Assert.That(keeping.Events.Redials, Is.Not.Empty, "the sequence must redial a keep-alive peer");
        Assert.That(largestCapacity, Is.GreaterThanOrEqualTo(128), "the waves must grow the table");
        Assert.That(smallestCapacity, Is.LessThan(largestCapacity / 4), "after the first wave the shrinking manager must pack its table");
        Assert.That(keeping.Manager.Capacity, Is.GreaterThanOrEqualTo(128), "the other manager keeps its peak");
    }

    [Test]
    public void TrimExcess_OnAManagerThatTracksNobody_ReleasesItsTables_AndTheManagerStillWorks()
    {
        var h = new Harness(Options with { TagRetention = TimeSpan.Zero, ExpectedPeers = 64 });
        h.ConnectMany(0, 30);
        Assert.That(h.Manager.Capacity, Is.EqualTo(64), "the first connection reserves ExpectedPeers");
        for (var p = 0; p < 30; p++)
        {
            h.Manager.Disconnected(p);
        }

        h.Manager.TrimExcess();

        Assert.That(h.Manager.Capacity, Is.Zero);
        Assert.That(h.Manager.ConnectionNodeCapacity, Is.Zero, "no connection is open, so the node pool goes too");
        Assert.That(h.Manager.TrackedPeers, Is.Zero);
        h.ConnectMany(100, 50);
        Assert.That(h.Manager.Capacity, Is.EqualTo(64), "the next connection reserves again");
        Assert.That(h.Manager.Connections, Is.EqualTo(50));
        h.Manager.SetLimits(new WatermarkPolicy(20, 40, TimeSpan.Zero, TimeSpan.Zero));
        h.Manager.TrimOpenConns();
        Assert.That(h.Manager.Connections, Is.EqualTo(20), "a trim after the release still reaches LowWater");
    }

    [Test]
    public void TrimExcess_KeepsAPrunedPeersBackoff_AndAKeepAlivePeersRedials()
    {
        var h = new Harness(Options with { TagRetention = TimeSpan.Zero });
        h.ConnectMany(0, 160);
        h.Manager.AddKeepAlive(7);
        h.Advance(100);
        h.Manager.TrimOpenConns();
        var pruned = h.Events.PrunedPeers;
        Assert.That(pruned, Has.Length.EqualTo(60), "the trim closes 160 down to LowWater 100");
        h.ConnectMany(200, 400);
        for (var p = 0; p < 600; p++)
        {
            h.Manager.Disconnected(p);
        }

        var before = h.Manager.Capacity;
        var redials = h.Events.Redials.Count;
        h.Manager.TrimExcess();

        Assert.That(h.Manager.TrackedPeers, Is.EqualTo(61), "the pruned peers, in backoff, and the keep-alive peer");
        Assert.That(h.Manager.Capacity, Is.LessThan(before / 4), "no connection is left, so the table is packed");
        Assert.That(pruned.Where(h.Manager.CanDial), Is.Empty, "every pruned peer is still in its backoff");
        h.AdvanceSeconds(30);
        Assert.That(h.Events.Redials.Skip(redials).Select(r => (r.Peer, r.Attempt)), Does.Contain((7, 2)), "the keep-alive peer's next redial comes from its new slot");
        h.AdvanceSeconds(600);
        Assert.That(pruned.Where(h.Manager.CanDial), Is.EqualTo(pruned), "the backoffs end as they would have");
    }

    [Test]
    public void ShrinkTables_PacksATableGrownPastItsReservation_ButNeverBelowIt()
    {
        var h = new Harness(Options with { TagRetention = TimeSpan.Zero, ExpectedPeers = 64, ShrinkTables = true });
        h.ConnectMany(0, 150);
        Assert.That(h.Manager.Capacity, Is.EqualTo(256), "64 reserved, then doubled twice");
        for (var p = 0; p < 140; p++)
        {
            h.Manager.Disconnected(p);
        }

        Assert.That(h.Manager.Capacity, Is.EqualTo(64), "10 entries left: packed, down to the reservation and no further");
        for (var p = 140; p < 150; p++)
        {
            h.Manager.Disconnected(p);
        }

        Assert.That(h.Manager.Capacity, Is.EqualTo(64), "an idle manager keeps its reservation for its next connection");
        Assert.That(h.Manager.TrackedPeers, Is.Zero);
    }

    [Test]
    public void ShrinkTables_IsOffByDefault_InEveryProfile() =>
        Assert.That(Profile.Names.Select(n => Profile.FromName(n).ShrinkTables), Is.All.False);

    private static void Apply(Harness h, int op, int peer, int step)
    {
        var m = h.Manager;
        switch (op)
        {
            case <= 3:
                h.Connect(peer, (peer & 1) == 0 ? Direction.Inbound : Direction.Outbound, connectionId: step % 3);
                break;
            case <= 6:
                m.Disconnected(peer, step % 3);
                break;
            case 7:
                m.TagPeer(peer, "t", peer % 7);
                break;
            case 8:
                m.TagPeerDecaying(peer, "d", 10 + (peer % 5), TimeSpan.FromMilliseconds(30), DecayFunction.Linear(0.5));
                break;
            case 9:
                if (peer < 20)
                {
                    m.Protect(peer, "p");
                }

                break;
            case 10:
                m.Unprotect(peer, "p");
                break;
            case 11:
                if (peer % 50 == 0)
                {
                    m.AddKeepAlive(peer);
                }
                else
                {
                    m.ReportDialFailure(peer);
                }

                break;
            case 12:
                m.RemoveKeepAlive(peer);
                break;
            case 13:
                m.TrimOpenConns();
                break;
            case 14:
                DropPeersFrom(m, peer, peer + 1);
                break;
            default:
                m.UntagPeer(peer, "t");
                break;
        }
    }

    private static void DropPeersFrom(ConnectionManager<int> m, int first, int end)
    {
        for (var p = first; p < end; p++)
        {
            for (var id = 0; id < 3; id++)
            {
                m.Disconnected(p, id);
            }
        }
    }

    private static void AssertSameState(Harness keeping, Harness shrinking, int peers, string at)
    {
        var a = keeping.Manager;
        var b = shrinking.Manager;
        Assert.That(b.TrackedPeers, Is.EqualTo(a.TrackedPeers), $"tracked peers at {at}");
        Assert.That(b.Connections, Is.EqualTo(a.Connections), $"connections at {at}");
        Assert.That(Connections(b), Is.EqualTo(Connections(a)), $"open connections at {at}");
        for (var p = 0; p < peers; p++)
        {
            Assert.That(b.PeerScore(p), Is.EqualTo(a.PeerScore(p)), $"score of {p} at {at}");
            Assert.That(b.IsProtected(p), Is.EqualTo(a.IsProtected(p)), $"protection of {p} at {at}");
            Assert.That(b.CanDial(p), Is.EqualTo(a.CanDial(p)), $"backoff of {p} at {at}");
        }
    }

    private static List<(int Peer, long ConnectionId)> Connections(ConnectionManager<int> m)
    {
        var list = new List<(int Peer, long ConnectionId)>();
        m.CopyConnections(list);
        list.Sort();
        return list;
    }
}
