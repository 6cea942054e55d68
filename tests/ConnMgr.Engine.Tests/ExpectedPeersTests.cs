namespace ConnMgr.Engine.Tests;

/// <summary><see cref="ConnectionManagerOptions.ExpectedPeers"/> sizes memory only: behaviour is the same for any value.</summary>
public class ExpectedPeersTests
{
    [TestCase(1)]
    [TestCase(8)]
    [TestCase(200)]
    public void PresizedTables_BehaveExactlyLikeGrowingOnes(int expectedPeers)
    {
        var options = Harness.Watermarks(low: 10, high: 20, graceMs: 50, silenceMs: 10);
        var growing = new Harness(options);
        var presized = new Harness(options with { ExpectedPeers = expectedPeers });
        var rng = new Random(17);
        for (var step = 0; step < 3_000; step++)
        {
            // 60 peers, so the tables outgrow a small reservation and shrink back through disconnects and reaping.
            var peer = rng.Next(60);
            var op = rng.Next(4);
            foreach (var h in new[] { growing, presized })
            {
                switch (op)
                {
                    case 0:
                    case 1:
                        h.Connect(peer, (peer & 1) == 0 ? Direction.Inbound : Direction.Outbound, connectionId: step);
                        break;
                    case 2:
                        h.Manager.Disconnected(peer);
                        break;
                    default:
                        h.Manager.TagPeer(peer, "t", peer % 7);
                        break;
                }

                h.Advance(3);
            }
        }

        Assert.That(presized.Events.Log, Is.EqualTo(growing.Events.Log));
        Assert.That(presized.Events.Pruned, Is.EqualTo(growing.Events.Pruned));
        Assert.That(presized.Manager.Count, Is.EqualTo(growing.Manager.Count));
        Assert.That(growing.Events.Pruned, Is.Not.Empty, "the sequence must make the managers trim");
    }

    [Test]
    public void NegativeExpectedPeers_IsRejectedByName()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => (Profile.Default with { ExpectedPeers = -1 }).Validate());
        Assert.That(ex!.Message, Does.Contain(nameof(ConnectionManagerOptions.ExpectedPeers)));
    }
}
