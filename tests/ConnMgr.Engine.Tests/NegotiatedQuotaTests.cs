using ConnMgr.Engine.Quotas;

namespace ConnMgr.Engine.Tests;

public class NegotiatedQuotaTests
{
    private static Harness Manager(int low = 20, int high = 100, bool lend = false) =>
        new(Harness.Watermarks(low, high) with { OutboundBonus = 0, LendUnusedQuota = lend });

    private static void ConnectTo(Harness h, string subsystem, int from, int count, int score = 0)
    {
        for (var p = from; p < from + count; p++)
        {
            h.Connect(p);
            h.Manager.SetSubsystem(p, subsystem);
            if (score > 0)
            {
                h.Manager.TagPeer(p, "value", score);
            }
        }
    }

    /// <summary>LowWater 20 with lending; dht (max 10) holds 27 strong peers, pubsub (4–10) 4; one trim.</summary>
    private static Harness DhtBorrowingFromAnIdlePubsub()
    {
        var h = Manager(low: 20, lend: true);
        h.Manager.Enrol("dht", QuotaRequest.Absolute(0, 10));
        h.Manager.Enrol("pubsub", QuotaRequest.Absolute(4, 10));
        ConnectTo(h, "dht", 1, 27, score: 100);
        ConnectTo(h, "pubsub", 100, 4);
        h.Manager.TrimOpenConns();
        return h;
    }

    private static int CountOf(Harness h, string subsystem) => h.Manager.SubsystemCount(h.Manager.SubsystemNames.ToList().IndexOf(subsystem));

    [Test]
    public void Enrol_OnOneManager_LeavesAnotherManagersSubsystemsAlone()
    {
        // Managers without subsystems share one names array (QuotaBook): enrolling must replace it, never write it.
        var enrolled = Manager();
        var other = Manager();
        enrolled.Manager.Enrol("dht", QuotaRequest.Absolute(0, 10));
        Assert.That(enrolled.Manager.SubsystemNames, Is.EqualTo(new[] { SubsystemQuota.Other, "dht" }));
        Assert.That(other.Manager.SubsystemNames, Is.EqualTo(new[] { SubsystemQuota.Other }));
    }

    [Test]
    public void Enrol_GrantsARequestThatFits_AsAsked()
    {
        var h = Manager();
        var grant = h.Manager.Enrol("pubsub", QuotaRequest.Absolute(5, 10));
        Assert.That(grant, Is.EqualTo(new QuotaGrant("pubsub", QuotaAnswer.Accepted, 5, 10)));
        Assert.That(h.Events.QuotaNotices.Single().Kind, Is.EqualTo(QuotaNoticeKind.Granted));
    }

    [Test]
    public void Enrol_CounterProposes_TheReserveThatFitsBesideOthers()
    {
        var h = Manager(low: 20);
        h.Manager.Enrol("pubsub", QuotaRequest.Absolute(12, 20));
        var grant = h.Manager.Enrol("dht", QuotaRequest.Absolute(10, 40));
        Assert.That(grant.Answer, Is.EqualTo(QuotaAnswer.CounterProposal));
        Assert.That(grant.Reserved, Is.EqualTo(8), "20 capacity − 12 reserved by pubsub");
        Assert.That(grant.Max, Is.EqualTo(40), "a maximum is granted as asked");
        Assert.That(h.Events.QuotaNotices.Last(), Is.EqualTo(new QuotaNotice("dht", QuotaNoticeKind.CounterProposed, 8, 40, 0)));
        Assert.That(h.Manager.Metrics.QuotaCounterProposals, Is.EqualTo(1));
    }

    [Test]
    public void RelativeRequest_IsAShareOfLowWater_RenewedWhenTheLimitsChange()
    {
        var h = Manager(low: 40, high: 60);
        Assert.That(h.Manager.Enrol("dht", QuotaRequest.Share(0.05, 0.10)), Is.EqualTo(new QuotaGrant("dht", QuotaAnswer.Accepted, 2, 4)));
        h.Manager.SetLimits(new Limits.WatermarkPolicy(100, 120, TimeSpan.Zero, TimeSpan.Zero));
        Assert.That(h.Manager.GrantOf("dht"), Is.EqualTo(new QuotaGrant("dht", QuotaAnswer.Accepted, 5, 10)));
        Assert.That(h.Events.QuotaNotices.Count(n => n.Kind == QuotaNoticeKind.Granted), Is.EqualTo(2));
    }

    [Test]
    public void NegotiatedMax_IsAHardShare_PrunedEvenBelowTheTarget()
    {
        var h = Manager(low: 20);
        h.Manager.Enrol("dht", QuotaRequest.Absolute(0, 10));
        ConnectTo(h, "dht", 1, 25, score: 100);
        ConnectTo(h, "other", 100, 6);
        Assert.That(h.Manager.Count, Is.EqualTo(31));
        h.Manager.TrimOpenConns();
        Assert.That(CountOf(h, "dht"), Is.EqualTo(10), "dht keeps only its share although the count ends below LowWater");
        Assert.That(h.Manager.Count, Is.EqualTo(16));
        Assert.That(h.Events.QuotaNotices.Last(), Is.EqualTo(new QuotaNotice("dht", QuotaNoticeKind.Reclaimed, 0, 10, 15)));
    }

    [Test]
    public void StaticMax_StillStopsAtTheTarget()
    {
        var h = new Harness(Harness.Watermarks(20, 100) with { OutboundBonus = 0, Subsystems = [new SubsystemQuota("dht", Max: 10)] });
        ConnectTo(h, "dht", 1, 25, score: 100);
        ConnectTo(h, "other", 100, 6);
        h.Manager.TrimOpenConns();
        Assert.That(h.Manager.Count, Is.EqualTo(20));
        Assert.That(CountOf(h, "dht"), Is.EqualTo(14));
    }

    [Test]
    public void Lending_LetsABorrowerKeepWhatOthersLeaveUnused()
    {
        var h = DhtBorrowingFromAnIdlePubsub();
        Assert.That(CountOf(h, "dht"), Is.EqualTo(16), "10 of its own and 6 of pubsub's unused share");
        Assert.That(CountOf(h, "pubsub"), Is.EqualTo(4));
        Assert.That(h.Manager.SubsystemLoan(h.Manager.SubsystemNames.ToList().IndexOf("dht")), Is.EqualTo(6));
        Assert.That(h.Events.QuotaNotices.Last(), Is.EqualTo(new QuotaNotice("dht", QuotaNoticeKind.Lent, 0, 10, 6)));
    }

    [Test]
    public void Loan_IsReclaimed_WhenTheLenderTakesItsShareBack()
    {
        var h = DhtBorrowingFromAnIdlePubsub(); // dht 16 (6 on loan), pubsub 4
        ConnectTo(h, "pubsub", 200, 6, score: 200);
        h.Manager.TrimOpenConns();
        Assert.That(CountOf(h, "pubsub"), Is.EqualTo(10));
        Assert.That(CountOf(h, "dht"), Is.EqualTo(10), "pubsub's share is back: the loan is reclaimed");
        Assert.That(h.Events.QuotaNotices.Where(n => n.Kind == QuotaNoticeKind.Reclaimed).Select(n => (n.Subsystem, n.Units)).Last(), Is.EqualTo(("dht", 6)));
        Assert.That(h.Manager.Metrics.QuotaUnitsReclaimed, Is.EqualTo(11 + 6));
    }

    [Test]
    public void RegulationRound_TakesFromTheMostOverQuotaSubsystemFirst()
    {
        var h = Manager(low: 10);
        h.Manager.Enrol("dht", QuotaRequest.Absolute(0, 3));
        h.Manager.Enrol("bitswap", QuotaRequest.Absolute(0, 3));
        ConnectTo(h, "bitswap", 1, 5, score: 10); // 2 over, lower scores
        ConnectTo(h, "dht", 100, 8, score: 50);   // 5 over
        h.Manager.TrimOpenConns();
        var order = h.Events.Pruned.Select(p => p.Peer >= 100 ? "dht" : "bitswap").ToArray();
        Assert.That(order.Take(3), Is.All.EqualTo("dht"), "dht is 5 over, bitswap 2: dht gives until they are level");
        Assert.That(CountOf(h, "dht"), Is.EqualTo(3));
        Assert.That(CountOf(h, "bitswap"), Is.EqualTo(3));
    }

    [Test]
    public void RegulationRound_NeverTouchesProtectedPeers()
    {
        var h = Manager(low: 5);
        h.Manager.Enrol("dht", QuotaRequest.Absolute(0, 2));
        ConnectTo(h, "dht", 1, 9);
        for (var p = 1; p <= 6; p++)
        {
            h.Manager.Protect(p, "routing-table");
        }

        h.Manager.TrimOpenConns();
        Assert.That(h.Events.PrunedPeers, Is.EquivalentTo(new[] { 7, 8, 9 }));
        Assert.That(CountOf(h, "dht"), Is.EqualTo(6), "the protected excess stays");
    }

    [Test]
    public void EnrolOnAManagerWithoutSubsystems_CountsItsExistingPeersAsOther()
    {
        var h = Manager();
        h.ConnectMany(1, 5);
        h.Manager.Enrol("dht", QuotaRequest.Absolute(0, 2));
        Assert.That(h.Manager.SubsystemCount(0), Is.EqualTo(5));
        h.Manager.SetSubsystem(1, "dht");
        Assert.That(h.Manager.SubsystemCount(0), Is.EqualTo(4));
        Assert.That(CountOf(h, "dht"), Is.EqualTo(1));
    }

    [TestCase(-1, 5, false, "request.Min")]
    [TestCase(5, 2, false, "request.Max")]
    [TestCase(0.5, 1.5, true, "request.Max")]
    [TestCase(2.5, 3, false, "request.Min")]
    public void InvalidRequest_IsRefused_NamingTheField(double min, double max, bool relative, string field)
    {
        var h = Manager();
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => h.Manager.Enrol("dht", new QuotaRequest(min, max, relative)));
        Assert.That(ex!.Message, Does.Contain(field));
    }
}
