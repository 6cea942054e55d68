using System.Collections.Concurrent;

namespace ConnMgr.Engine.Tests;

/// <summary>The engine as a real host runs it: <see cref="TimeProvider.System"/>, locks on, calls from several threads.</summary>
public class RealHostConcurrencyTests
{
    [Test]
    [CancelAfter(60_000)]
    public void ConcurrentCallsFromManyThreads_KeepInvariants(CancellationToken cancel)
    {
        var observer = new ConcurrentObserver();
        using var m = new ConnectionManager<string>(
            Profile.Default with { Limits = new WatermarkPolicy(20, 40, TimeSpan.Zero, TimeSpan.Zero) },
            TimeProvider.System,
            observer);
        observer.Manager = m;
        for (var p = 0; p < 10; p++)
        {
            m.Protect($"peer-{p}", "pinned");
        }

        const int threads = 8;
        const int opsPerThread = 5_000;
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => Task.Run(
            () =>
            {
                var rng = new Random(t);
                start.SignalAndWait(cancel);
                for (var i = 0; i < opsPerThread; i++)
                {
                    var peer = $"peer-{rng.Next(200)}";
                    switch (rng.Next(8))
                    {
                        case 0:
                        case 1:
                        case 2:
                            m.Connected(peer, rng.Next(2) == 0 ? Direction.Inbound : Direction.Outbound, rng.Next(2));
                            break;
                        case 3:
                            m.Disconnected(peer, rng.Next(2));
                            break;
                        case 4:
                            m.TagPeer(peer, "t", rng.Next(100));
                            break;
                        case 5:
                            m.TagPeerDecaying(peer, "d", rng.Next(100), TimeSpan.FromMilliseconds(1), DecayFunction.Fixed(1));
                            break;
                        case 6:
                            _ = m.PeerScore(peer);
                            _ = m.GetTagInfo(peer);
                            break;
                        default:
                            m.TrimOpenConns();
                            break;
                    }
                }
            },
            cancel)).ToArray();
        Task.WaitAll(workers, cancel);

        var connected = Enumerable.Range(0, 200).Count(p => m.IsConnected($"peer-{p}"));
        Assert.Multiple(() =>
        {
            Assert.That(observer.ProtectedPruned, Is.Empty, "no protected peer was pruned");
            Assert.That(m.ConnectedPeers, Is.EqualTo(connected));
            Assert.That(m.Connections, Is.EqualTo(m.InboundConnections + m.OutboundConnections));
            Assert.That(m.Connections, Is.GreaterThanOrEqualTo(m.ConnectedPeers));
            Assert.That(observer.Pruned, Is.EqualTo(m.Metrics.PrunedConnections));
            Assert.That(m.TrimOpenConns().After, Is.LessThanOrEqualTo(Math.Max(20, 10)));
        });
    }

    private sealed class ConcurrentObserver : IConnectionManagerObserver<string>
    {
        public ConnectionManager<string>? Manager { get; set; }

        public ConcurrentBag<string> ProtectedPruned { get; } = [];

        public long Pruned => Interlocked.Read(ref _pruned);

        private long _pruned;

        public void OnPruned(string peer, long connectionId, int score, PruneReason reason)
        {
            Interlocked.Increment(ref _pruned);
            if (int.Parse(peer.AsSpan(5), System.Globalization.CultureInfo.InvariantCulture) < 10)
            {
                ProtectedPruned.Add(peer);
            }

            // Handlers run outside the lock: calling back in must not deadlock.
            _ = Manager!.PeerScore(peer);
        }
    }
}
