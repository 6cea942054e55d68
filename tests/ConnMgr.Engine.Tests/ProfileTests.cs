namespace ConnMgr.Engine.Tests;

/// <summary>Pins each profile to the behaviours in the disagreement table of shared/spec/anchor-semantics.md.</summary>
public class ProfileTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    public class Go
    {
        private static Harness Make(int low = 2, int high = 4, double graceSeconds = 0) =>
            new(Profile.Go with { Limits = new WatermarkPolicy(low, high, TimeSpan.FromSeconds(graceSeconds), TimeSpan.FromSeconds(10)) });

        [Test]
        public void Trigger_IsATickerAtHighWaterInclusive_NotTheConnect()
        {
            var h = Make();
            h.ConnectMany(1, 4);
            Assert.That(h.Events.Trims, Is.Empty, "a new connection never triggers");
            h.AdvanceSeconds(10);
            Assert.That(h.Events.Trims.Single().Cause, Is.EqualTo(TrimCause.Ticker));
            Assert.That(h.Manager.Count, Is.EqualTo(2), "count == HighWater is enough");
        }

        [Test]
        public void Target_IsEligibleConnectionsMinusLowWater()
        {
            var h = Make(low: 2, high: 4, graceSeconds: 60);
            h.ConnectMany(1, 3);
            h.AdvanceSeconds(61);
            h.ConnectMany(10, 2); // in grace
            h.AdvanceSeconds(10);
            var trim = h.Events.Trims.Single();
            Assert.That(trim.ConnectionsClosed, Is.EqualTo(1), "3 eligible − LowWater 2 = 1");
            Assert.That(h.Manager.Count, Is.EqualTo(4));
        }

        [Test]
        public void Target_FewerEligibleThanLowWater_ClosesNothing()
        {
            var h = Make(low: 3, high: 4, graceSeconds: 60);
            h.ConnectMany(1, 2);
            h.AdvanceSeconds(61);
            h.ConnectMany(10, 3);
            h.AdvanceSeconds(10);
            Assert.That(h.Events.Pruned, Is.Empty);
        }

        [Test]
        public void Unit_CountsConnections_ClosesWholePeers()
        {
            var h = Make(low: 1, high: 10);
            h.Connect(1, connectionId: 1);
            h.Connect(1, connectionId: 2);
            h.Connect(2);
            Assert.That(h.Manager.Count, Is.EqualTo(3));
            h.Manager.TagPeer(2, "v", 5);
            h.Manager.TrimOpenConns();
            Assert.That(h.Events.Pruned.Select(p => p.Connection), Is.EquivalentTo(new long[] { 1, 2 }), "the whole of peer 1");
        }

        [Test]
        public void Order_ZeroStreamsThenInboundThenFewerStreams_NoOutboundBonus()
        {
            var h = Make(low: 1, high: 10); // LowWater 0 would disable go's manager; peer 4 (tagged) is the one kept
            h.Connect(4, Direction.Inbound);
            h.Manager.TagPeer(4, "keep", 100);
            h.Connect(1, Direction.Outbound);
            h.Connect(2, Direction.Inbound);
            h.Connect(3, Direction.Inbound);
            h.Manager.SetStreamCount(2, 2);
            h.Manager.SetStreamCount(3, 1);
            h.Manager.SetStreamCount(1, 0);
            Assert.That(h.Manager.PeerScore(1), Is.Zero);
            h.Manager.TrimOpenConns();
            Assert.That(h.Events.PrunedPeers, Is.EqualTo(new[] { 1, 3, 2 }));
        }

        [Test]
        public void Persistence_TagsDroppedAtDisconnect_ProtectionKept_TagOnlyEntriesAreTemporary()
        {
            var h = Make(low: 1, high: 10);
            h.Connect(1);
            h.Manager.TagPeer(1, "v", 9);
            h.Manager.Protect(1, "p");
            h.Manager.Disconnected(1);
            Assert.That(h.Manager.PeerScore(1), Is.Zero);
            Assert.That(h.Manager.IsProtected(1), Is.True);

            h.Manager.TagPeer(50, "v", 1);
            Assert.That(h.Manager.TrackedPeers, Is.EqualTo(2));
            h.Connect(2);
            h.Connect(3);
            h.Manager.TrimOpenConns();
            Assert.That(h.Manager.GetTagInfo(50), Is.Null, "the temporary entry is reaped by the trim");
        }

        [Test]
        public void PerPeerLimit_None()
        {
            var h = Make(low: 100, high: 200);
            for (var c = 0; c < 10; c++)
            {
                Assert.That(h.Connect(1, connectionId: c).Accepted, Is.True);
            }
        }

        [Test]
        public void DecaySchedule_OneGlobalSchedulePerTag_OnTheResolutionGrid()
        {
            var h = Make(low: 100, high: 200);
            h.ConnectMany(1, 2);
            h.Manager.RegisterDecayingTag("d", Minute, DecayFunction.Fixed(1));
            h.AdvanceSeconds(50);
            h.Manager.TagPeerDecaying(1, "d", 10, Minute, DecayFunction.Fixed(1));
            h.AdvanceSeconds(10); // t = 60 s: the tag's global tick
            Assert.That(h.Manager.PeerScore(1), Is.EqualTo(9), "created 10 s before the tick, it decays at the tick");
            h.AdvanceSeconds(60);
            Assert.That(h.Manager.PeerScore(1), Is.EqualTo(8));
        }

        [Test]
        public void DecaySchedule_IntervalBelowResolution_IsRaisedToIt()
        {
            var h = Make(low: 100, high: 200);
            h.Connect(1);
            h.Manager.TagPeerDecaying(1, "fast", 10, TimeSpan.FromSeconds(1), DecayFunction.Fixed(1));
            h.AdvanceSeconds(59);
            Assert.That(h.Manager.PeerScore(1), Is.EqualTo(10));
            h.AdvanceSeconds(1);
            Assert.That(h.Manager.PeerScore(1), Is.EqualTo(9));
        }
    }

    public class Nim
    {
        private static Harness Make(int low = 2, int high = 4) =>
            new(Profile.Nim with { Limits = new WatermarkPolicy(low, high, TimeSpan.Zero, TimeSpan.FromSeconds(1)) });

        [Test]
        public void Trigger_ConnectAboveHighWaterStrict_TrimsAtOnce()
        {
            var h = Make();
            h.ConnectMany(1, 4);
            Assert.That(h.Events.Trims, Is.Empty);
            h.Connect(5);
            Assert.That(h.Events.Trims.Single().Cause, Is.EqualTo(TrimCause.HighWater));
            Assert.That(h.Manager.Count, Is.EqualTo(2));
        }

        [Test]
        public void Trigger_InsideSilence_IsDroppedNotDeferred()
        {
            var h = Make();
            h.ConnectMany(1, 5);
            h.Advance(100);
            h.ConnectMany(10, 5);
            h.AdvanceSeconds(10);
            Assert.That(h.Events.Trims, Has.Count.EqualTo(1));
            Assert.That(h.Manager.Count, Is.EqualTo(7));
        }

        [Test]
        public void Trigger_InboundRejectedByHardCap_TrimsToo()
        {
            var h = new Harness(Profile.Nim with { Limits = new WatermarkPolicy(1, 10, TimeSpan.Zero, TimeSpan.Zero), Caps = new ConnectionCaps { MaxInbound = 3, MaxPerPeer = 2 } });
            h.ConnectMany(1, 3);
            Assert.That(h.Connect(4).Reason, Is.EqualTo(RejectReason.InboundCap));
            Assert.That(h.Events.Trims.Single().Cause, Is.EqualTo(TrimCause.RejectedInbound));
            Assert.That(h.Manager.Count, Is.EqualTo(1));
        }

        [Test]
        public void Unit_CountsPeers_ClosesWholePeers()
        {
            var h = Make(low: 1, high: 10);
            h.Connect(1, connectionId: 1);
            h.Connect(1, connectionId: 2);
            h.Connect(2);
            Assert.That(h.Manager.Count, Is.EqualTo(2));
            h.Manager.TagPeer(2, "v", 500);
            h.Manager.TrimOpenConns();
            Assert.That(h.Manager.Connections, Is.EqualTo(1));
            Assert.That(h.Events.Pruned, Has.Count.EqualTo(2));
        }

        [Test]
        public void Order_ScoreThenOldestFirst_WithOutboundBonus100()
        {
            var h = Make(low: 1, high: 10);
            h.Connect(1, Direction.Outbound);
            h.Advance(10);
            h.Connect(2);
            h.Advance(10);
            h.Connect(3);
            Assert.That(h.Manager.PeerScore(1), Is.EqualTo(100));
            h.Manager.TrimOpenConns();
            Assert.That(h.Events.PrunedPeers, Is.EqualTo(new[] { 2, 3 }));
        }

        [Test]
        public void Persistence_TagsKeptAndStillDecayingAfterDisconnect()
        {
            var h = Make();
            h.Connect(1);
            h.Manager.TagPeer(1, "s", 5);
            h.Manager.TagPeerDecaying(1, "d", 10, TimeSpan.FromSeconds(1), DecayFunction.Fixed(1));
            h.Manager.Disconnected(1);
            h.AdvanceSeconds(3600 * 24);
            h.Connect(1);
            Assert.That(h.Manager.GetTagInfo(1)!.Tags["s"], Is.EqualTo(5));
            Assert.That(h.Manager.GetTagInfo(1)!.DecayingTags, Is.Empty, "decayed away while disconnected");
        }

        [Test]
        public void PerPeerLimit_TwoConnections_RejectsTheNew()
        {
            var h = Make(low: 10, high: 20);
            h.Connect(1, connectionId: 1);
            h.Connect(1, connectionId: 2);
            Assert.That(h.Connect(1, connectionId: 3).Reason, Is.EqualTo(RejectReason.PerPeerLimit));
        }

        [Test]
        public void DecaySchedule_DriftsOntoTheGridOfNimsDecayLoop_WhichStartsWithTheFirstTag()
        {
            // nim connmanager.nim: tagPeerDecaying starts runDecayLoop (sleep decayResolution, applyDecay) when none
            // runs; applyDecay decays a tag at the first tick with now >= lastTick + interval, then lastTick = now.
            var h = new Harness(Profile.Nim with { Decay = Profile.Nim.Decay with { Resolution = TimeSpan.FromSeconds(1) } });
            h.Connect(1);
            h.Connect(2);
            h.Advance(300);
            h.Manager.TagPeerDecaying(1, "d", 10, TimeSpan.FromSeconds(2), DecayFunction.Fixed(1)); // 0.3 s: the loop starts, ticks at 1.3, 2.3, …
            h.Advance(500);
            h.Manager.TagPeerDecaying(2, "d", 10, TimeSpan.FromSeconds(2), DecayFunction.Fixed(1)); // 0.8 s: off the loop's grid
            h.Advance(1499); // 2.299 s
            Assert.That(h.Manager.PeerScore(1), Is.EqualTo(10));
            h.Advance(1); // 2.3 s: the loop's tick, 2 s after the first tag (not 3 s: the grid is not the manager's)
            Assert.That(h.Manager.PeerScore(1), Is.EqualTo(9));
            Assert.That(h.Manager.PeerScore(2), Is.EqualTo(10), "2.8 s is not reached yet");
            h.Advance(999); // 3.299 s
            Assert.That(h.Manager.PeerScore(2), Is.EqualTo(10), "no tick between 2.3 s and 3.3 s");
            h.Advance(1); // 3.3 s: the first tick with now >= 2.8 s
            Assert.That(h.Manager.PeerScore(2), Is.EqualTo(9));
            h.Advance(1000); // 4.3 s: peer 1's lastTick 2.3 s + 2 s
            Assert.That(h.Manager.PeerScore(1), Is.EqualTo(8));
        }

        [Test]
        public void DecayResolution_IsNimsOneMinute()
        {
            // nim connmanager.nim ScoringConfig.decayResolution = 1.minutes (the builder's withPeerScoring default too).
            Assert.That(Profile.Nim.Decay.Resolution, Is.EqualTo(TimeSpan.FromMinutes(1)));
        }
    }

    public class Js
    {
        private static Harness Make(int max = 3) => new(Profile.Js with { Limits = new MaxConnectionsPolicy(max, LimitAction.RejectInbound), Gate = Gating.GateOptions.Open });

        [Test]
        public void Trigger_EveryOpenAboveMax_PrunesSingleConnectionsDownToMax()
        {
            var h = Make(max: 3);
            h.Connect(1, Direction.Outbound, connectionId: 1);
            h.Connect(1, Direction.Outbound, connectionId: 2);
            h.Connect(2, Direction.Outbound);
            h.Connect(3, Direction.Outbound);
            Assert.That(h.Manager.Count, Is.EqualTo(3));
            Assert.That(h.Events.Pruned, Has.Count.EqualTo(1), "one connection, not a whole peer");
            Assert.That(h.Events.Trims.Single().Cause, Is.EqualTo(TrimCause.MaxLimit));
        }

        [Test]
        public void Order_NewestFirstAmongEquals_AndInboundRejectedAtMax()
        {
            var h = Make(max: 3);
            for (var p = 1; p <= 3; p++)
            {
                h.Connect(p, Direction.Outbound);
                h.Advance(10);
            }

            Assert.That(h.Connect(9, Direction.Inbound).Reason, Is.EqualTo(RejectReason.MaxConnections));
            h.Connect(4, Direction.Outbound);
            Assert.That(h.Events.PrunedPeers, Is.EqualTo(new[] { 4 }), "the newest goes first (no grace)");
        }

        [Test]
        public void Persistence_TagsKept_DecayIsATtl()
        {
            var h = Make(max: 10);
            h.Connect(1);
            h.Manager.TagPeerDecaying(1, "ttl", 10, TimeSpan.FromSeconds(5), DecayFunction.Linear(0.5));
            h.Manager.TagPeer(1, "s", 3);
            h.AdvanceSeconds(4);
            Assert.That(h.Manager.PeerScore(1), Is.EqualTo(13), "no decay before the TTL");
            h.Manager.Disconnected(1);
            h.AdvanceSeconds(1);
            Assert.That(h.Manager.PeerScore(1), Is.EqualTo(3), "TTL expired; static tag kept after disconnect");
        }

        [Test]
        public void PerPeerLimit_None()
        {
            var h = Make(max: 100);
            for (var c = 0; c < 10; c++)
            {
                Assert.That(h.Connect(1, connectionId: c).Accepted, Is.True);
            }
        }
    }

    public class Py
    {
        private static Harness Make(int low = 2, int high = 4, double graceSeconds = 0) =>
            new(Profile.Py with { Limits = new WatermarkPolicy(low, high, TimeSpan.FromSeconds(graceSeconds), TimeSpan.Zero), Gate = Gating.GateOptions.Open, Bounds = new ConnectionBounds(0, 300) });

        [Test]
        public void Trigger_EveryAddAboveHigh_TrimsConnectionsDownToLow()
        {
            var h = Make();
            h.ConnectMany(1, 4);
            Assert.That(h.Events.Trims, Is.Empty);
            h.Connect(5);
            Assert.That(h.Manager.Count, Is.EqualTo(2));
            h.ConnectMany(10, 3);
            Assert.That(h.Events.Trims, Has.Count.EqualTo(2), "no silence period");
        }

        [Test]
        public void Grace_IsPerConnection()
        {
            var h = Make(low: 0, high: 10, graceSeconds: 20);
            h.Connect(1, connectionId: 1);
            h.AdvanceSeconds(21);
            h.Connect(1, connectionId: 2);
            h.Manager.TrimOpenConns();
            Assert.That(h.Events.Pruned.Select(p => p.Connection), Is.EqualTo(new long[] { 1 }));
            Assert.That(h.Manager.Connections, Is.EqualTo(1));
        }

        [Test]
        public void Order_OldestFirstAmongEquals_UnitIsOneConnection()
        {
            var h = Make(low: 1, high: 10);
            for (var p = 1; p <= 3; p++)
            {
                h.Connect(p);
                h.Advance(10);
            }

            h.Manager.TrimOpenConns();
            Assert.That(h.Events.PrunedPeers, Is.EqualTo(new[] { 1, 2 }));
        }

        [Test]
        public void PerPeerLimit_ThreeConnections_ClosesTheOldest()
        {
            var h = Make(low: 10, high: 20);
            for (var c = 1; c <= 4; c++)
            {
                h.Connect(1, connectionId: c);
                h.Advance(1);
            }

            Assert.That(h.Manager.Connections, Is.EqualTo(3));
            Assert.That(h.Events.Pruned.Single().Connection, Is.EqualTo(1));
        }

        [Test]
        public void Persistence_TagsAndProtectionDroppedAtDisconnect_NoDecay()
        {
            var h = Make(low: 10, high: 20);
            h.Connect(1);
            h.Manager.TagPeer(1, "s", 4);
            h.Manager.TagPeerDecaying(1, "d", 10, TimeSpan.FromSeconds(1), DecayFunction.Fixed(5));
            h.AdvanceSeconds(10);
            Assert.That(h.Manager.PeerScore(1), Is.EqualTo(14), "no decay at HEAD");
            h.Manager.Protect(1, "p");
            h.Manager.Disconnected(1);
            Assert.That(h.Manager.IsProtected(1), Is.False);
            Assert.That(h.Manager.PeerScore(1), Is.Zero);
        }
    }
}
