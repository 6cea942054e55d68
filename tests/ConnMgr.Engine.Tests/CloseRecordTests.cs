using ConnMgr.Engine.Quotas;

namespace ConnMgr.Engine.Tests;

public class CloseRecordTests
{
    private static Harness Manager(int records = 16) =>
        new(Harness.Watermarks(3, 100) with { OutboundBonus = 0, CloseRecords = records, Subsystems = [new SubsystemQuota("dht", Reserved: 1, Max: 5)] });

    [Test]
    public void ATrim_RecordsEachCloseWithItsDecisionsInputs()
    {
        var h = Manager();
        for (var p = 1; p <= 6; p++)
        {
            h.Connect(p);
            h.Manager.TagPeer(p, "useful", p * 10);
        }

        h.Manager.SetSubsystem(1, "dht");
        h.Manager.SetSubsystem(2, "dht");
        h.Manager.Protect(6, "routing-table");
        h.Manager.Protect(5, "routing-table");
        h.Manager.Protect(5, "mesh");

        h.Manager.TrimOpenConns();

        var first = h.Events.Closes[0];
        Assert.That(h.Events.Closes.Select(r => r.Peer), Is.EqualTo(new[] { 1, 3, 4 }), "lowest scores first, but 2 is dht's reserve of 1");
        Assert.That((first.Rank, first.Ranked, first.Score), Is.EqualTo((1, 4, 10)));
        Assert.That((first.CountBefore, first.Target, first.Cause, first.Reason), Is.EqualTo((6, 3, Trimming.TrimCause.Manual, PruneReason.Trim)));
        Assert.That((first.Subsystem, first.SubsystemCount, first.SubsystemReserved, first.SubsystemMax), Is.EqualTo(("dht", 2, 1, 5)));
        Assert.That(first.ProtectedBy, Is.EquivalentTo(new Dictionary<string, int> { ["routing-table"] = 2, ["mesh"] = 1 }));
        Assert.That(first.Tags, Is.EquivalentTo(new Dictionary<string, int> { ["useful"] = 10 }));
        Assert.That(h.Events.Closes[2].Rank, Is.EqualTo(4), "rank is the place in the trim's order, skipped candidates included");
        Assert.That(h.Events.Closes[2].Subsystem, Is.EqualTo("other"));
    }

    [Test]
    public void EveryRecord_IsRaisedBeforeItsPrune_AndKeptForQuery()
    {
        var h = Manager();
        h.ConnectMany(1, 5);

        h.Manager.TrimOpenConns();

        foreach (var (peer, _, _, _) in h.Events.Pruned)
        {
            Assert.That(h.Events.Log.IndexOf($"closed {peer}"), Is.EqualTo(h.Events.Log.IndexOf($"pruned {peer}") - 1), $"peer {peer}'s record comes right before its prune");
        }

        Assert.That(h.Manager.RecentCloses().Select(r => r.Peer), Is.EqualTo(h.Events.Pruned.Select(p => p.Peer)));
        Assert.That(h.Manager.LastCloseOf(h.Events.Pruned[0].Peer)?.Rank, Is.EqualTo(1));
        Assert.That(h.Manager.LastCloseOf(99), Is.Null);
    }

    [Test]
    public void TheRing_KeepsOnlyTheNewestRecords()
    {
        var h = Manager(records: 2);
        h.ConnectMany(1, 8);

        h.Manager.TrimOpenConns(); // closes 5

        Assert.That(h.Events.Closes, Has.Count.EqualTo(5));
        Assert.That(h.Manager.RecentCloses(), Is.EqualTo(h.Events.Closes.TakeLast(2)));
    }

    [Test]
    public void WithRecordsOff_NothingIsRecorded()
    {
        var h = Manager(records: 0);
        h.ConnectMany(1, 5);

        h.Manager.TrimOpenConns();

        Assert.That(h.Events.Pruned, Is.Not.Empty);
        Assert.That(h.Events.Closes, Is.Empty);
        Assert.That(h.Manager.RecentCloses(), Is.Empty);
    }

    [Test]
    public void RecordsAboveAMillion_AreRejected_NamingTheOption()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ConnectionManager<int>(Profile.Default with { CloseRecords = 1_000_001 }));
        Assert.That(ex!.ParamName, Is.EqualTo("CloseRecords"));
    }
}
