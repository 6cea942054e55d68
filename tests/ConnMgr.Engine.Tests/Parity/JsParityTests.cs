using ConnMgr.Engine.Events;
using ConnMgr.Engine.Gating;
using ConnMgr.Engine.Trimming;

namespace ConnMgr.Engine.Tests.Parity;

/// <summary>
/// js-libp2p <c>packages/libp2p/src/connection-manager</c> behaviour under <see cref="Profile.Js"/>, as
/// shared/spec/anchor-semantics.md and issue 12 record it, with the original's tests named where they exist
/// (<c>test/connection-manager/index.spec.ts</c>, <c>reconnect-queue.spec.ts</c>); constants from <c>constants.ts</c>.
/// </summary>
public class JsParityTests
{
    private static Harness Make(int max = 5) =>
        new(Profile.Js with { Limits = new MaxConnectionsPolicy(max, LimitAction.RejectInbound), Gate = GateOptions.Open });

    [Test]
    public void LoweringMaxConnectionsOnALiveManager_PrunesOnce_RaisingClosesNothing_ZeroIsAnError()
    {
        // Issue 12: lowering maxConnections on a live manager prunes once, raising does not, 0 is an error
        // (anchor-semantics: "max < 1 throws").
        var h = Make(max: 5);
        h.ConnectMany(1, 5, Direction.Outbound);
        h.Manager.TagPeer(5, "v", 10);

        Assert.That(h.Manager.SetLimits(new MaxConnectionsPolicy(8, LimitAction.RejectInbound)), Is.Null, "raising closes nothing");
        Assert.That(h.Events.Pruned, Is.Empty);

        var report = h.Manager.SetLimits(new MaxConnectionsPolicy(3, LimitAction.RejectInbound));
        Assert.That(report?.Cause, Is.EqualTo(TrimCause.LimitLowered));
        Assert.That(h.Manager.Count, Is.EqualTo(3));
        Assert.That(h.Events.Pruned, Has.Count.EqualTo(2));
        Assert.That(h.Events.Pruned.Select(p => p.Reason).Distinct(), Is.EqualTo(new[] { PruneReason.LimitLowered }));
        Assert.That(h.Manager.IsConnected(5), Is.True, "the tagged peer stays");
        Assert.That(h.Manager.Metrics.Trims, Is.EqualTo(1), "one prune");

        Assert.Throws<ArgumentOutOfRangeException>(() => h.Manager.SetLimits(new MaxConnectionsPolicy(0)));
        Assert.That(h.Manager.GetInfo().HighWater, Is.EqualTo(3), "the old limits stay after a refused change");
        Assert.That(h.Connect(9, Direction.Inbound).Reason, Is.EqualTo(RejectReason.MaxConnections), "the lowered maximum admits");
    }

    [Test]
    public void InboundRateWindow_OpensAtAHostsFirstAttempt_NotAtAWallClockSecond()
    {
        // index.spec.ts 'should deny connections from peers that connect too frequently' (inboundConnectionThreshold,
        // "connect again within a second"); constants.ts INBOUND_CONNECTION_THRESHOLD = 5; issue 12: the window starts
        // at the host's first attempt, not at a wall-clock second. A burst at 0.9 s must not get a fresh window at 1.0 s.
        var h = new Harness(Profile.Js);
        var host = CidrRange.FromIPv4(0x01020304);
        h.Advance(900);
        Assert.That(Enumerable.Range(0, 5).Count(_ => Accept(h, host)), Is.EqualTo(5));
        h.Advance(200); // 1.1 s: still inside the window opened at 0.9 s
        Assert.That(Accept(h, host), Is.False);
        h.Advance(700); // 1.8 s
        Assert.That(Accept(h, host), Is.False);
        h.Advance(100); // 1.9 s: the window has ended
        Assert.That(Accept(h, host), Is.True);

        static bool Accept(Harness h, UInt128 host)
        {
            var ok = h.Manager.AllowInbound(host).Accepted;
            if (ok)
            {
                h.Manager.CancelPendingInbound();
            }

            return ok;
        }
    }

    [Test]
    public void KeepAliveTag_MarksThePeerForRedial_ButItIsPrunableUnderJs()
    {
        // reconnect-queue.spec.ts 'should reconnect to KEEP_ALIVE peers on disconnect' (a KEEP_ALIVE tag with value 1);
        // issue 12: such peers are prunable under js, the tag being a plain tag value to the pruner.
        var h = Make(max: 2);
        h.Connect(1, Direction.Outbound);
        h.Manager.TagPeer(1, "keep-alive-circuit-relay", 1);
        h.Manager.TagPeer(2, "v", 50);
        h.Manager.TagPeer(3, "v", 50);
        h.Connect(2, Direction.Outbound);
        h.Connect(3, Direction.Outbound);

        Assert.That(h.Manager.IsConnected(1), Is.False, "the keep-alive peer is the lowest valued and is pruned");
        Assert.That(h.Manager.IsProtected(1), Is.False);
        Assert.That(h.Events.Redials.Select(r => r.Peer), Is.EqualTo(new[] { 1 }), "and it is redialed at once");
    }

    [Test]
    public void KeepAliveRedialFailures_ReportedByTheHost_FailAtTheLastDial_AndRemoveTheTag()
    {
        // reconnect-queue.spec.ts 'should remove KEEP_ALIVE tags when reconnecting fails'; anchor-semantics: 6 attempts,
        // waits 1, 2, 4, 8, 16 s, no jitter, then a reconnect-failure event; each wait follows a failed dial, so with
        // dials failing after 2 s:
        var h = Make(max: 10);
        h.Connect(1, Direction.Outbound);
        h.Manager.TagPeer(1, "keep-alive", 1);
        var t0 = h.Clock.NowTicks;
        h.Manager.Disconnected(1);
        var dialTook = TimeSpan.FromSeconds(2); // each dial fails after 2 s
        for (var dials = 0; dials < 6; dials++)
        {
            h.Clock.RunFor(dialTook);
            h.Manager.ReportDialFailure(1);
            h.AdvanceSeconds(dials < 5 ? Math.Pow(2, dials) : 0);
        }

        var seconds = h.Events.Redials.Select(r => (r.AtTicks - t0) / (double)TimeSpan.TicksPerSecond).ToArray();
        Assert.That(seconds, Is.EqualTo(new[] { 0.0, 3.0, 7.0, 13.0, 23.0, 41.0 }), "each wait starts at the failure");
        Assert.That((h.Events.KeepAliveFailureTicks.Single() - t0) / TimeSpan.TicksPerSecond, Is.EqualTo(43), "at the 6th failure, not 16 s later");
        Assert.That(h.Manager.GetTagInfo(1)?.Tags.ContainsKey("keep-alive") ?? false, Is.False, "the tag is removed");
    }
}
