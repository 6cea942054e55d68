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
    private static readonly ConnectionManagerOptions Options = RandomOperations.Options;

    [TestCase(3)]
    [TestCase(11)]
    [TestCase(29)]
    public void ShrinkingManager_RaisesTheSameEventsAndHoldsTheSameState_AsOneThatKeepsItsTables(int seed)
    {
        var keeping = new Harness(Options);
        var shrinking = new Harness(Options with { ShrinkTables = true });
        var smallestCapacity = int.MaxValue;
        var largestCapacity = 0;
        RandomOperations.RunSideBySide(keeping, shrinking, seed, step =>
        {
            if (step >= 1_000)
            {
                smallestCapacity = Math.Min(smallestCapacity, shrinking.Manager.Capacity);
            }

            largestCapacity = Math.Max(largestCapacity, shrinking.Manager.Capacity);
        });

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
}
