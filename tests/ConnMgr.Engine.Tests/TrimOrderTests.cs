namespace ConnMgr.Engine.Tests;

public class TrimOrderTests
{
    private static Harness WithOrder(ITrimPolicy policy, params TieBreaker[] tieBreakers) =>
        new(Harness.Watermarks(1, 100) with { TrimPolicy = policy, TieBreakers = tieBreakers, OutboundBonus = 0 });

    [Test]
    public void Score_LowestScoreGoesFirst()
    {
        var h = WithOrder(TrimPolicies.Score);
        h.ConnectMany(1, 4);
        h.Manager.TagPeer(1, "v", 30);
        h.Manager.TagPeer(2, "v", 10);
        h.Manager.TagPeer(3, "v", 40);
        h.Manager.TagPeer(4, "v", 20);
        h.Manager.TrimOpenConns();
        Assert.That(h.Events.PrunedPeers, Is.EqualTo(new[] { 2, 4, 1 }));
    }

    [Test]
    public void EqualScores_WithNoTieBreakers_FallBackToPeerId()
    {
        var h = WithOrder(TrimPolicies.Score);
        foreach (var p in new[] { 7, 3, 9, 1 })
        {
            h.Connect(p);
        }

        h.Manager.TrimOpenConns();
        Assert.That(h.Events.PrunedPeers, Is.EqualTo(new[] { 1, 3, 7 }));
    }

    [Test]
    public void TieBreaker_OldestFirst_And_NewestFirst()
    {
        var oldest = WithOrder(TrimPolicies.Score, TieBreaker.OldestFirst);
        var newest = WithOrder(TrimPolicies.Score, TieBreaker.NewestFirst);
        foreach (var h in new[] { oldest, newest })
        {
            foreach (var p in new[] { 5, 2, 8 })
            {
                h.Connect(p);
                h.Advance(10);
            }

            h.Manager.TrimOpenConns();
        }

        Assert.That(oldest.Events.PrunedPeers, Is.EqualTo(new[] { 5, 2 }));
        Assert.That(newest.Events.PrunedPeers, Is.EqualTo(new[] { 8, 2 }));
    }

    [Test]
    public void TieBreaker_InboundFirst()
    {
        var h = WithOrder(TrimPolicies.Score, TieBreaker.InboundFirst);
        h.Connect(1, Direction.Outbound);
        h.Connect(2, Direction.Inbound);
        h.Connect(3, Direction.Outbound);
        h.Manager.TrimOpenConns();
        Assert.That(h.Events.PrunedPeers, Is.EqualTo(new[] { 2, 1 }));
    }

    [Test]
    public void TieBreaker_FewerStreamsFirst()
    {
        var h = WithOrder(TrimPolicies.Score, TieBreaker.FewerStreamsFirst);
        h.ConnectMany(1, 3);
        h.Manager.SetStreamCount(1, 5);
        h.Manager.SetStreamCount(2, 0);
        h.Manager.SetStreamCount(3, 2);
        h.Manager.TrimOpenConns();
        Assert.That(h.Events.PrunedPeers, Is.EqualTo(new[] { 2, 3 }));
    }

    [Test]
    public void TieBreaker_TransientFirst()
    {
        var h = WithOrder(TrimPolicies.Score, TieBreaker.TransientFirst);
        h.Connect(1);
        h.Connect(2, flags: ConnectionFlags.Transient);
        h.Connect(3);
        h.Manager.SetStreamCount(2, 1); // busy, so not an idle transient: only the tie-breaker puts it first
        h.AdvanceSeconds(30);
        h.Manager.TrimOpenConns();
        Assert.That(h.Events.PrunedPeers, Is.EqualTo(new[] { 2, 1 }));
    }

    [Test]
    public void OldestFirstPolicy_IgnoresScore()
    {
        var h = WithOrder(TrimPolicies.OldestFirst);
        for (var p = 1; p <= 3; p++)
        {
            h.Connect(p);
            h.Advance(5);
        }

        h.Manager.TagPeer(1, "v", 1000);
        h.Manager.TrimOpenConns();
        Assert.That(h.Events.PrunedPeers, Is.EqualTo(new[] { 1, 2 }));
    }

    [Test]
    public void NewestFirstPolicy_ClosesYoungestFirst()
    {
        var h = WithOrder(TrimPolicies.NewestFirst);
        for (var p = 1; p <= 3; p++)
        {
            h.Connect(p);
            h.Advance(5);
        }

        h.Manager.TrimOpenConns();
        Assert.That(h.Events.PrunedPeers, Is.EqualTo(new[] { 3, 2 }));
    }

    [Test]
    public void RandomPolicy_SameSeed_SameOrder_DifferentSeed_DifferentOrder()
    {
        int[] Run(int seed)
        {
            var h = WithOrder(TrimPolicies.Random(seed));
            h.ConnectMany(1, 30);
            h.Manager.TrimOpenConns();
            return h.Events.PrunedPeers;
        }

        var first = Run(1);
        var again = Run(1);
        Assert.That(again, Is.EqualTo(first));
        Assert.That(Run(2), Is.Not.EqualTo(first));
        Assert.That(first, Is.Not.Ordered);
    }

    [Test]
    public void DiversityPolicy_ShieldsRareGroupsLowLatencyAndRecentlyUseful()
    {
        var h = new Harness(Harness.Watermarks(1, 100) with { TrimPolicy = TrimPolicies.Diversity(networkGroups: 1, lowestLatency: 1, recentlyUseful: 1), OutboundBonus = 0 });
        h.ConnectMany(1, 8);
        for (var p = 1; p <= 8; p++)
        {
            h.Manager.SetPeerInfo(p, networkGroup: p == 8 ? 2 : 1, latency: TimeSpan.FromMilliseconds(p == 5 ? 5 : 100));
        }

        h.Advance(10);
        h.Manager.MarkUseful(3);
        var report = h.Manager.TrimOpenConns();

        Assert.That(report.ShieldedByPolicy, Is.EqualTo(3));
        Assert.That(h.ConnectedOf(Enumerable.Range(1, 8)), Is.EqualTo(new[] { 3, 5, 8 }));
        Assert.That(report.Outcome, Is.EqualTo(TrimOutcome.StoppedAboveTarget));
    }

    [Test]
    public void TrimPolicies_FromName_KnowsEveryShippedPolicy_AndRejectsOthers()
    {
        foreach (var name in TrimPolicies.Names)
        {
            Assert.That(TrimPolicies.FromName(name).Name, Is.EqualTo(name));
        }

        var ex = Assert.Throws<ArgumentException>(() => TrimPolicies.FromName("lifo"));
        Assert.That(ex!.Message, Does.Contain("score, oldest-first, newest-first, random, diversity, bitcoin"));
    }

    [Test]
    public void ASharedPolicy_OrdersEachEnginesCandidates_ByThatEnginesTieBreakers_WhenEnginesRunOnTwoThreads()
    {
        // TrimPolicies.Score is one object for every engine; engines on two threads (a simulator's partitions, or a
        // host's) call it at once with different options. Equal scores, so only the tie-breaker orders them.
        const int Rounds = 1_500_000;
        TrimCandidate Candidate(int slot, long connectedAt) => new(slot, slot, score: 0, connectedAt, peerRank: slot, streams: 0, CandidateFlags.None, subsystem: 0, networkGroup: 0, latencyTicks: 0, lastUsefulTicks: 0, units: 1);
        int Wrong(TieBreaker tieBreaker, int expectedFirst)
        {
            var context = new TrimContext([tieBreaker], NowTicks: 1_000);
            var candidates = new TrimCandidate[3];
            var wrong = 0;
            for (var r = 0; r < Rounds; r++)
            {
                candidates[0] = Candidate(0, 300);
                candidates[1] = Candidate(1, 100);
                candidates[2] = Candidate(2, 200);
                TrimPolicies.Score.Order(candidates, in context);
                wrong += candidates[0].Slot == expectedFirst ? 0 : 1;
            }

            return wrong;
        }

        var newestWrong = 0;
        var other = new Thread(() => newestWrong = Wrong(TieBreaker.NewestFirst, expectedFirst: 0));
        other.Start();
        var oldestWrong = Wrong(TieBreaker.OldestFirst, expectedFirst: 1);
        other.Join();
        Assert.That((oldestWrong, newestWrong), Is.EqualTo((0, 0)), "rounds ordered by the other engine's tie-breakers");
    }
}
