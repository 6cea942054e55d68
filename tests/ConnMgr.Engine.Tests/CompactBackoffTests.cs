namespace ConnMgr.Engine.Tests;

/// <summary>
/// Pruned peers remembered as backoff records (<see cref="ConnectionManagerOptions.CompactBackoff"/>): a manager
/// that keeps them so behaves like one that keeps table entries, and holds fewer entries.
/// </summary>
public class CompactBackoffTests
{
    private static readonly ConnectionManagerOptions Options = RandomOperations.Options;

    [TestCase(3, false)]
    [TestCase(11, false)]
    [TestCase(29, false)]
    [TestCase(3, true)]
    [TestCase(29, true)]
    public void CompactManager_RaisesTheSameEventsAndHoldsTheSameState_AsOneWithoutRecords(int seed, bool shrinkTables)
    {
        var reference = new Harness(Options);
        var compact = new Harness(Options with { CompactBackoff = true, ShrinkTables = shrinkTables });
        var mostRecords = 0;
        var recordsLeft = 0;
        var before = 0;
        RandomOperations.RunSideBySide(reference, compact, seed, step =>
        {
            var records = compact.Manager.BackoffRecords;
            mostRecords = Math.Max(mostRecords, records);
            recordsLeft += records < before ? 1 : 0;
            before = records;
        });

        Assert.That(mostRecords, Is.GreaterThanOrEqualTo(10), "the trims must leave pruned peers as records");
        Assert.That(recordsLeft, Is.GreaterThan(0), "records must leave the queue (given back or forgotten) during the run");
    }

    [Test]
    public void PrunedPeers_WaitOutTheirBackoffAsRecords_SoNewPeersReuseTheirEntries()
    {
        var plain = new Harness(Options with { TagRetention = TimeSpan.Zero });
        var compact = new Harness(Options with { TagRetention = TimeSpan.Zero, CompactBackoff = true });
        foreach (var h in new[] { plain, compact })
        {
            h.ConnectMany(0, 160);
            h.Advance(100);
            h.Manager.TrimOpenConns();
            h.ConnectMany(200, 100);
        }

        Assert.That(compact.Events.Log, Is.EqualTo(plain.Events.Log));
        Assert.That(compact.Events.PrunedPeers, Has.Length.EqualTo(60), "the trim closes 160 down to LowWater 100");
        Assert.That(compact.Manager.TrackedPeers, Is.EqualTo(plain.Manager.TrackedPeers).And.EqualTo(260));
        Assert.That(compact.Manager.BackoffRecords, Is.EqualTo(60));
        Assert.That(plain.Manager.Capacity, Is.EqualTo(512), "260 entries: the table doubled past 256");
        Assert.That(compact.Manager.Capacity, Is.EqualTo(256), "the 200 entries in use fit the table the first 160 grew");
        Assert.That(compact.Events.PrunedPeers.Where(compact.Manager.CanDial), Is.Empty, "every record is in its backoff");
        for (var p = 200; p < 300; p++)
        {
            compact.Manager.Disconnected(p);
        }

        compact.AdvanceSeconds(3);
        compact.Manager.TrimOpenConns();
        Assert.That(compact.Manager.BackoffRecords, Is.Zero, "a record is forgotten one maximum backoff after its dial is allowed");
        Assert.That(compact.Manager.TrackedPeers, Is.EqualTo(100));
        Assert.That(compact.Events.PrunedPeers.Where(compact.Manager.CanDial).Count(), Is.EqualTo(60), "every backoff has ended");
    }

    [Test]
    public void APeerMetAgainWhileRemembered_GetsItsEntryBack_AndBacksOffLongerWhenPrunedAgain()
    {
        var plain = new Harness(Options with { TagRetention = TimeSpan.Zero });
        var compact = new Harness(Options with { TagRetention = TimeSpan.Zero, CompactBackoff = true });
        var firstSeen = new List<DateTimeOffset?>();
        var backoffs = new List<TimeSpan>();
        foreach (var h in new[] { plain, compact })
        {
            h.ConnectMany(0, 160);
            h.Advance(100);
            h.Manager.TrimOpenConns();
            var peer = h.Events.PrunedPeers[0];
            firstSeen.Add(h.Manager.GetTagInfo(peer)?.FirstSeen);
            h.Advance(600);
            h.Connect(peer);
            h.Advance(100);
            for (var p = 0; p < 160; p++)
            {
                if (p != peer && h.Manager.IsConnected(p))
                {
                    h.Manager.TagPeer(p, "keep", 10);
                }
            }

            h.ConnectMany(1_000, 60);
            h.Manager.TrimOpenConns();
            Assert.That(h.Events.Pruned.Count(e => e.Peer == peer), Is.EqualTo(2), "the untagged peer has the lowest score and goes first");
            backoffs.Add(h.Manager.NextDialTime(peer) - h.Clock.GetUtcNow());
        }

        Assert.That(firstSeen[0], Is.Not.Null.And.LessThan(plain.Clock.GetUtcNow()));
        Assert.That(firstSeen[1], Is.EqualTo(firstSeen[0]), "a remembered peer's entry starts when it left, record or not");
        Assert.That(backoffs, Is.EqualTo(new[] { TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1) }), "its second prune backs off twice the first 500 ms");
        Assert.That(compact.Events.Log, Is.EqualTo(plain.Events.Log));
    }

    [Test]
    public void CompactBackoff_IsOffByDefault_InEveryProfile() =>
        Assert.That(Profile.Names.Select(n => Profile.FromName(n).CompactBackoff), Is.All.False);
}
