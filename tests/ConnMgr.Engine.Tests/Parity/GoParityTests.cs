using ConnMgr.Engine.Events;
using ConnMgr.Engine.Tags;
using ConnMgr.Engine.Trimming;

namespace ConnMgr.Engine.Tests.Parity;

/// <summary>
/// go-libp2p <c>p2p/net/connmgr</c> behaviour under <see cref="Profile.Go"/>, each written from the original's code
/// (<c>connmgr.go</c>, <c>core/connmgr/decay.go</c>) and tests (<c>connmgr_test.go</c>, <c>decay_test.go</c>).
/// </summary>
public class GoParityTests
{
    private static Harness Make(int low, int high, double graceSeconds = 0) =>
        new(Profile.Go with { Limits = new WatermarkPolicy(low, high, TimeSpan.FromSeconds(graceSeconds), TimeSpan.FromSeconds(10)) });

    [Test]
    public void ForceTrim_IgnoresGrace_AndClosesBusiestPeersFirstAmongEqualValue()
    {
        // connmgr.go memoryEmergency / getConnsToCloseEmergency; connmgr_test.go TestPeerInfoSorting
        // "in a memory emergency, starts with incoming connections and higher streams": p3 (idle), p4, p2, p1.
        var h = Make(low: 1, high: 100, graceSeconds: 3600);
        h.Connect(1, Direction.Outbound);
        h.Manager.SetStreamCount(1, 1);
        h.Connect(2, Direction.Outbound, connectionId: 1);
        h.Manager.SetStreamCount(2, 1, connectionId: 1);
        h.Connect(2, Direction.Inbound, connectionId: 2);
        h.Connect(3, Direction.Outbound, connectionId: 1);
        h.Connect(3, Direction.Inbound, connectionId: 2);
        h.Connect(4, Direction.Outbound, connectionId: 1);
        h.Manager.SetStreamCount(4, 2, connectionId: 1);
        h.Connect(4, Direction.Inbound, connectionId: 2);
        h.Connect(9, Direction.Outbound);
        h.Manager.TagPeer(9, "valuable", 50);

        Assert.That(h.Manager.TrimOpenConns().PeersClosed, Is.Zero, "a normal trim respects the hour of grace");
        var report = h.Manager.ForceTrim();

        Assert.That(report.Cause, Is.EqualTo(TrimCause.Emergency));
        Assert.That(h.Events.PrunedPeers, Is.EqualTo(new[] { 3, 4, 2, 1 }), "idle first, then the most streams");
        Assert.That(h.Events.Pruned.Select(p => p.Reason).Distinct(), Is.EqualTo(new[] { PruneReason.Emergency }));
        Assert.That(h.Manager.IsConnected(9), Is.True, "the valuable peer keeps the count at LowWater 1");
    }

    [Test]
    public void ForceTrim_NeverClosesAProtectedPeer_UnlikeGo()
    {
        // connmgr.go falls back to protected peers when the unprotected ones do not reach the target; ours never does.
        var h = Make(low: 0, high: 10);
        h.Connect(1);
        h.Connect(2);
        h.Manager.Protect(1, "mesh");
        var report = h.Manager.ForceTrim();
        Assert.That(h.Manager.IsConnected(1), Is.True);
        Assert.That(h.Manager.IsConnected(2), Is.False);
        Assert.That(report.Outcome, Is.EqualTo(TrimOutcome.StoppedAboveTarget));
    }

    [Test]
    public void GetInfo_ReportsWatermarksGraceCount_AndLastTrimEvenWhenNothingClosed()
    {
        // connmgr_test.go TestGetInfo: NewConnManager(1, 5, WithGracePeriod(10 min)), one conn, TrimOpenConns.
        var h = Make(low: 1, high: 5, graceSeconds: 600);
        Assert.That(h.Manager.GetInfo().LastTrim, Is.Null);
        h.Connect(1);
        h.Advance(1234);
        var report = h.Manager.TrimOpenConns();
        var info = h.Manager.GetInfo();
        Assert.That(report.PeersClosed, Is.Zero);
        Assert.That((info.LowWater, info.HighWater, info.GracePeriod, info.ConnectionCount), Is.EqualTo((1, 5, TimeSpan.FromMinutes(10), 1)));
        Assert.That(info.LastTrim, Is.EqualTo(h.Clock.GetUtcNow()));
    }

    [Test]
    public void ConcurrentManualTrims_JoinTheRunningTrim_InsteadOfTrimmingTwice()
    {
        // connmgr.go doTrim (a sync.Once per round); connmgr_test.go TestTrimJoin. The first trim is held inside its
        // ordering step; a second caller arrives, waits for the lock, and must return the first trim's report.
        var policy = new GatedPolicy();
        var manager = new ConnectionManager<int>(Profile.Go with { Limits = new WatermarkPolicy(1, 10, TimeSpan.Zero, TimeSpan.FromSeconds(10)), TrimPolicy = policy }, new SimClock());
        for (var p = 1; p <= 4; p++)
        {
            manager.Connected(p, Direction.Inbound);
        }

        var first = Task.Run(manager.TrimOpenConns);
        Assert.That(policy.Entered.Wait(TimeSpan.FromSeconds(10)), Is.True, "the first trim reached its ordering step");
        var second = new Thread(() => policy.SecondReport = manager.TrimOpenConns());
        second.Start();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((second.ThreadState & ThreadState.WaitSleepJoin) == 0 && DateTime.UtcNow < deadline)
        {
            Thread.Yield();
        }

        policy.Release.Set();
        var firstReport = first.Result;
        Assert.That(second.Join(TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(manager.Metrics.Trims, Is.EqualTo(1), "one trim ran for both callers");
        Assert.That(policy.SecondReport, Is.EqualTo(firstReport));
        Assert.That(policy.Orders, Is.EqualTo(1));
    }

    [Test]
    public void CheckLimit_FailsOnlyWhenHighWaterExceedsTheSystemLimit()
    {
        // connmgr_test.go TestCheckLimit: low 1, hi 2; limits hi + 1 and hi pass, hi − 1 fails.
        var h = Make(low: 1, high: 2);
        Assert.DoesNotThrow(() => h.Manager.CheckLimit(3));
        Assert.DoesNotThrow(() => h.Manager.CheckLimit(2));
        var e = Assert.Throws<InvalidOperationException>(() => h.Manager.CheckLimit(1));
        Assert.That(e!.Message, Does.Contain("high watermark limit: 2").And.Contain("limit of: 1"));
    }

    [Test]
    public void DecayingTagHandle_CloseRemovesTheTagFromEveryPeer_SecondCloseIsANoOp_BumpAfterCloseErrors()
    {
        // decay_test.go TestTagClosure: after tag1.Close() the peer's value drops by tag1's value, "a second closure
        // should not error", and "bumping a tag after it's been closed should error".
        var h = Make(low: 10, high: 20);
        h.Connect(1);
        h.Connect(2);
        var tag = h.Manager.RegisterDecayingTag("pubsub-deliveries:t", TimeSpan.FromMinutes(10), DecayFunction.Fixed(1), BumpFunction.SumBounded(0, 15));
        Assert.That(tag.Bump(1, 5), Is.True, "go's bump creates the tag");
        Assert.That(tag.Bump(2, 3), Is.True);
        Assert.That(h.Manager.PeerScore(1) + h.Manager.PeerScore(2), Is.EqualTo(8));

        tag.Close();
        Assert.That(h.Manager.PeerScore(1) + h.Manager.PeerScore(2), Is.Zero);
        Assert.DoesNotThrow(tag.Close);
        Assert.Throws<InvalidOperationException>(() => tag.Bump(1, 1));
        Assert.DoesNotThrow(() => h.Manager.RegisterDecayingTag("pubsub-deliveries:t", TimeSpan.FromMinutes(10), DecayFunction.Fixed(1)), "a closed name may be registered again");
    }

    [Test]
    public void RegisteringADecayingTagNameTwice_IsAnError()
    {
        // core/connmgr/decay.go Decayer.RegisterDecayingTag: creates the tag "if and only if a tag with the supplied
        // name doesn't exist yet. Otherwise, an error is returned."
        var h = Make(low: 10, high: 20);
        h.Manager.RegisterDecayingTag("t", TimeSpan.FromMinutes(1), DecayFunction.Fixed(1));
        Assert.Throws<ArgumentException>(() => h.Manager.RegisterDecayingTag("t", TimeSpan.FromMinutes(1), DecayFunction.Fixed(1)));
    }

    [TestCase(0, 10)]
    [TestCase(10, 0)]
    public void ZeroWatermark_IsTheNullManager_NothingIsEverTrimmed(int low, int high)
    {
        // connmgr.go getConnsToClose: "if cm.cfg.lowWater == 0 || cm.cfg.highWater == 0 { // disabled }";
        // connmgr_test.go TestConnsToClose "below hi limit" (0, 10) and "below low limit" (10, 0).
        var h = Make(low, high);
        h.ConnectMany(1, 30);
        h.AdvanceSeconds(60);
        h.Manager.TrimOpenConns();
        Assert.That(h.Events.Pruned, Is.Empty);
        Assert.That(h.Manager.Count, Is.EqualTo(30));
    }

    [Test]
    public void ZeroHighWater_IsRejectedOutsideTheGoProfile()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ConnectionManager<int>(Profile.Default with { Limits = new WatermarkPolicy(0, 0, TimeSpan.Zero, TimeSpan.Zero) }));
        Assert.That(e!.Message, Does.Contain("ZeroWatermarksDisable"));
    }

    /// <summary>A score policy that blocks inside its ordering step until released, counting its calls.</summary>
    private sealed class GatedPolicy : ITrimPolicy
    {
        public string Name => "gated-score";

        public ManualResetEventSlim Entered { get; } = new();

        public ManualResetEventSlim Release { get; } = new();

        public int Orders;

        public TrimReport? SecondReport { get; set; }

        public int Order(Span<TrimCandidate> candidates, in TrimContext context)
        {
            Interlocked.Increment(ref Orders);
            Entered.Set();
            Release.Wait(TimeSpan.FromSeconds(10));
            return TrimPolicies.Score.Order(candidates, context);
        }
    }
}
