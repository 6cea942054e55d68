using ConnMgr.Engine.Dialing;
using ConnMgr.Engine.Tags;

namespace ConnMgr.Engine.Tests;

/// <summary>
/// Two managers driven through the same 6,000 random operations, compared as they go: for options that change how a
/// manager stores its state (<see cref="ConnectionManagerOptions.ShrinkTables"/>, <see cref="ConnectionManagerOptions.CompactBackoff"/>)
/// and must not change what it does.
/// </summary>
internal static class RandomOperations
{
    /// <summary>Retention and prune backoff short enough that entries leave between the waves.</summary>
    public static readonly ConnectionManagerOptions Options = Harness.Watermarks(low: 100, high: 150, graceMs: 50, silenceMs: 10) with
    {
        TagRetention = TimeSpan.FromMilliseconds(400),
        PruneBackoff = new BackoffPolicy(TimeSpan.FromMilliseconds(500), 2, TimeSpan.FromSeconds(2)),
    };

    /// <summary>
    /// Runs both managers through the operations of <paramref name="seed"/>, asserting the same counts, connections,
    /// scores, protections and backoffs along the way and the same events, prunes and redials at the end;
    /// <paramref name="afterStep"/> sees each step.
    /// </summary>
    public static void RunSideBySide(Harness reference, Harness other, int seed, Action<int> afterStep)
    {
        var rng = new Random(seed);
        for (var step = 0; step < 6_000; step++)
        {
            // Waves of 300 peers then 12, so tables grow far past the marks (tags and protection keep entries with
            // no connection) and then empty out; every operation that keeps an entry or names a slot is in the mix.
            var peers = (step / 1_000) % 2 == 0 ? 300 : 12;
            if (step % 1_000 == 0 && peers == 12)
            {
                // The host drops the wave's peers (its node went quiet): their entries then leave as retention ends.
                foreach (var h in new[] { reference, other })
                {
                    DropPeersFrom(h.Manager, 12, 300);
                }
            }

            var peer = rng.Next(peers);
            var op = rng.Next(16);
            foreach (var h in new[] { reference, other })
            {
                Apply(h, op, peer, step);
                h.Advance(op == 15 ? 900 : 2);
            }

            if (step % 50 == 0 || op >= 13)
            {
                AssertSameState(reference, other, peers, $"step {step}, op {op}");
            }

            afterStep(step);
        }

        Assert.That(other.Events.Log, Is.EqualTo(reference.Events.Log));
        Assert.That(other.Events.Pruned, Is.EqualTo(reference.Events.Pruned));
        Assert.That(other.Events.Redials, Is.EqualTo(reference.Events.Redials));
        Assert.That(reference.Events.Pruned, Is.Not.Empty, "the sequence must make the managers trim");
        Assert.That(reference.Events.Redials, Is.Not.Empty, "the sequence must redial a keep-alive peer");
    }

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

    private static void AssertSameState(Harness reference, Harness other, int peers, string at)
    {
        var a = reference.Manager;
        var b = other.Manager;
        Assert.That(b.TrackedPeers, Is.EqualTo(a.TrackedPeers), $"tracked peers at {at}");
        Assert.That(b.Connections, Is.EqualTo(a.Connections), $"connections at {at}");
        Assert.That(Connections(b), Is.EqualTo(Connections(a)), $"open connections at {at}");
        for (var p = 0; p < peers; p++)
        {
            Assert.That(b.PeerScore(p), Is.EqualTo(a.PeerScore(p)), $"score of {p} at {at}");
            Assert.That(b.IsProtected(p), Is.EqualTo(a.IsProtected(p)), $"protection of {p} at {at}");
            Assert.That(b.CanDial(p), Is.EqualTo(a.CanDial(p)), $"backoff of {p} at {at}");
            Assert.That(b.NextDialTime(p), Is.EqualTo(a.NextDialTime(p)), $"end of the backoff of {p} at {at}");
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
