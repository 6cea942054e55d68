#pragma warning disable NUnit1027 // FsCheck supplies the arguments
using FsCheck;
using FsCheck.Fluent;
using FsCheck.NUnit;
using PropertyAttribute = FsCheck.NUnit.PropertyAttribute;

namespace ConnMgr.Engine.Tests;

/// <summary>Invariants over random operation sequences (FsCheck shrinks a failure to a minimal sequence).</summary>
public class PropertyTests
{
    private const double GraceMs = 300;

    /// <summary>One operation: kind, peer (0..19), a value.</summary>
    public readonly record struct Op(byte Kind, byte Peer, short Value);

    public static Arbitrary<Op[]> Ops() =>
        Gen.Choose(0, 15).SelectMany(k => Gen.Choose(0, 19).SelectMany(p => Gen.Choose(-50, 200).Select(v => new Op((byte)k, (byte)p, (short)v))))
           .ArrayOf().ToArbitrary();

    [Property(MaxTest = 300, Arbitrary = new[] { typeof(PropertyTests) })]
    public void NoProtectedPeerIsEverPruned_AndTrimsReachLowWaterUnlessHeldByProtectionOrGrace(Op[] ops)
    {
        foreach (var profile in Profile.Names)
        {
            Check(profile, ops);
        }
    }

    private static void Check(string profile, Op[] ops)
    {
        var options = Profile.FromName(profile) with
        {
            Limits = profile == "js" ? new MaxConnectionsPolicy(6, ops.Length % 4 < 2 ? LimitAction.Prune : LimitAction.RejectInbound) : new WatermarkPolicy(3, 6, TimeSpan.FromMilliseconds(GraceMs), TimeSpan.FromMilliseconds(100)),
            Gate = Gating.GateOptions.Open,
            GracePerConnection = false,
            Bounds = profile == "py" ? new ConnectionBounds(0, 100) : null,
            HonourRemoteBackoffUpTo = TimeSpan.FromMinutes(1),
            TrimStep = ops.Length % 3, // unbounded, or smooth trimming by 1 or 2 (automatic trims only; manual ones are checked below)
            NewcomerSlots = ops.Length % 2, // room for one newcomer above a hard inbound limit
            CloseRecords = ops.Length % 2 == 0 ? 0 : 8,
        };
        var h = new Harness(options);
        var low = 3;
        var protectedPeers = new HashSet<int>();
        var violations = new List<string>();
        h.Events.PrunedCheck = peer =>
        {
            if (protectedPeers.Contains(peer))
            {
                violations.Add($"{profile}: protected peer {peer} pruned");
            }
        };

        var connectedAt = new Dictionary<int, long>();
        var wasConnected = new HashSet<int>();
        var connId = 0L;
        foreach (var op in ops)
        {
            int p = op.Peer;
            switch (op.Kind)
            {
                case 0:
                case 1:
                case 2:
                    if (!h.Manager.IsConnected(p))
                    {
                        connectedAt[p] = h.Clock.NowTicks;
                    }

                    h.Connect(p, op.Value % 2 == 0 ? Direction.Inbound : Direction.Outbound, connId++ % 2);
                    break;
                case 3:
                    h.Manager.Disconnected(p, op.Value & 1);
                    break;
                case 4:
                    h.Manager.TagPeer(p, "t", op.Value);
                    break;
                case 5:
                    h.Manager.Protect(p, op.Value % 2 == 0 ? "a" : "b");
                    protectedPeers.Add(p);
                    break;
                case 6:
                    h.Manager.Unprotect(p, "a");
                    h.Manager.Unprotect(p, "b");
                    protectedPeers.Remove(p);
                    break;
                case 7:
                    h.Manager.TagPeerDecaying(p, "d", op.Value, TimeSpan.FromMilliseconds(50), DecayFunction.Fixed(7));
                    break;
                case 8:
                    h.Manager.BumpDecayingTag(p, "d", op.Value);
                    break;
                case 9:
                    h.Advance(Math.Abs(op.Value) * 3);
                    break;
                case 10:
                    var report = h.Manager.TrimOpenConns();
                    CheckTrimReachedTarget(profile, h, low, report, connectedAt, protectedPeers, violations);
                    break;
                case 12:
                    var forced = h.Manager.ForceTrim();
                    var unprotected = Enumerable.Range(0, 20).Count(x => h.Manager.IsConnected(x) && !protectedPeers.Contains(x));
                    if (forced.Outcome == TrimOutcome.StoppedAboveTarget && unprotected > 0)
                    {
                        violations.Add($"{profile}: an emergency trim stopped above its target with {unprotected} unprotected peers connected ({forced})");
                    }

                    break;
                case 13:
                    // A live limit change: lower or raise; anything above the new limit is pruned once, now.
                    var bound = Math.Abs(op.Value % 6) + 1;
                    var lowered = h.Manager.SetLimits(profile == "js" ? new MaxConnectionsPolicy(bound + 1) : new WatermarkPolicy(bound, bound + 2, TimeSpan.FromMilliseconds(GraceMs), TimeSpan.FromMilliseconds(100)));
                    low = profile == "js" ? bound + 1 : bound;
                    if (lowered is { } r)
                    {
                        CheckTrimReachedTarget(profile, h, low, r, connectedAt, protectedPeers, violations);
                    }
                    break;
                case 14:
                    // Expect a connection (possibly replacing a pending expectation): a second expect for the same
                    // peer and direction errors; the pending one lets a later connect through the per-peer limit.
                    var dir = op.Value % 2 == 0 ? Direction.Inbound : Direction.Outbound;
                    h.Manager.CancelExpectedConnection(p, dir);
                    h.Manager.ExpectConnection(p, dir);
                    try
                    {
                        h.Manager.ExpectConnection(p, dir);
                        violations.Add($"{profile}: a second ExpectConnection({p}, {dir}) did not error");
                    }
                    catch (InvalidOperationException)
                    {
                    }

                    break;
                case 15:
                    // A remote's disconnect notice: honoured (the peer stays undialable) whatever the state, and it
                    // never closes, protects or unprotects anything.
                    var honoured = h.Manager.RemoteClosed(p, Events.PruneReason.Trim, TimeSpan.FromMilliseconds(op.Value * 10));
                    if (honoured != op.Value > 0 || (honoured && h.Manager.CanDial(p)))
                    {
                        violations.Add($"{profile}: a notice with back-off {op.Value * 10} ms for peer {p} was {(honoured ? "applied" : "ignored")}, CanDial {h.Manager.CanDial(p)}");
                    }

                    break;
                default:
                    h.Manager.UntagPeer(p, "t");
                    break;
            }

            if (!options.ProtectionSurvivesDisconnect)
            {
                // py: protection ends with the peer's last connection.
                protectedPeers.RemoveWhere(x => wasConnected.Contains(x) && !h.Manager.IsConnected(x));
            }

            wasConnected.Clear();
            wasConnected.UnionWith(Enumerable.Range(0, 20).Where(h.Manager.IsConnected));

            // The count mirrors the connections the manager holds.
            var peers = Enumerable.Range(0, 20).Count(h.Manager.IsConnected);
            if (h.Manager.ConnectedPeers != peers || h.Manager.Connections != h.Manager.InboundConnections + h.Manager.OutboundConnections)
            {
                violations.Add($"{profile}: counts drifted");
            }
        }

        // Close records: one per connection a trim closed (the per-peer limit's closes are no trim), none when off.
        var trimmed = h.Events.Pruned.Count(p => p.Reason != Events.PruneReason.PerPeerLimit);
        if (h.Events.Closes.Count != (options.CloseRecords > 0 ? trimmed : 0))
        {
            violations.Add($"{profile}: {h.Events.Closes.Count} close records for {trimmed} trimmed connections");
        }

        Assert.That(violations, Is.Empty);
    }

    private static void CheckTrimReachedTarget(string profile, Harness h, int low, TrimReport report, Dictionary<int, long> connectedAt, HashSet<int> protectedPeers, List<string> violations)
    {
        if (profile is "go" or "js")
        {
            return; // go's target is eligible − LowWater; js's is Max: checked by ProfileTests
        }

        if (h.Manager.Count <= low)
        {
            return;
        }

        var graceTicks = TimeSpan.FromMilliseconds(GraceMs).Ticks;
        foreach (var p in Enumerable.Range(0, 20).Where(h.Manager.IsConnected))
        {
            var inGrace = h.Clock.NowTicks - connectedAt[p] < graceTicks;
            if (!protectedPeers.Contains(p) && !inGrace)
            {
                violations.Add($"{profile}: count {h.Manager.Count} > LowWater after a trim, yet peer {p} was neither protected nor in grace ({report})");
            }
        }
    }

    [Property(MaxTest = 300)]
    public void LazyDecay_EqualsAReferenceTicker_AtEveryBoundary(PositiveInt start, byte kind, PositiveInt intervalMs, byte[] bumpsAt)
    {
        var interval = TimeSpan.FromMilliseconds(1 + (intervalMs.Get % 500));
        var (decay, reference) = (kind % 5) switch
        {
            0 => (DecayFunction.Linear(0.8), (Func<int, long, long, int>)((v, _, _) => (int)Math.Floor(v * 0.8))),
            1 => (DecayFunction.Fixed(3), (v, _, _) => v - 3),
            2 => (DecayFunction.None(), (v, _, _) => v),
            3 => (DecayFunction.HalfLife(interval * 2), (v, _, _) => (int)Math.Floor(v * Math.Pow(0.5, 0.5))),
            _ => (DecayFunction.ExpireWhenInactive(interval * 3), (v, boundary, lastBump) => boundary - lastBump >= (interval * 3).Ticks ? 0 : v),
        };

        var h = new Harness(Profile.Default);
        h.Connect(1);
        var value = start.Get % 10_000;
        h.Manager.TagPeerDecaying(1, "d", value, interval, decay);
        var t0 = h.Clock.NowTicks;
        var lastBump = t0;
        var bumpSet = bumpsAt.Select(b => b % 40).ToHashSet();
        var alive = value > 0;
        for (var k = 1; k <= 40 && alive; k++)
        {
            // Read at a random point inside the interval (lazy), then at the boundary itself.
            h.Clock.RunUntil(new DateTimeOffset(t0 + (k * interval.Ticks) - 1, TimeSpan.Zero));
            Assert.That(Current(h), Is.EqualTo(value), $"just before boundary {k}");
            h.Clock.RunUntil(new DateTimeOffset(t0 + (k * interval.Ticks), TimeSpan.Zero));
            value = reference(value, h.Clock.NowTicks, lastBump);
            alive = value > 0;
            if (!alive)
            {
                value = 0;
            }

            Assert.That(Current(h), Is.EqualTo(value), $"at boundary {k} ({decay})");
            if (alive && bumpSet.Contains(k))
            {
                h.Manager.BumpDecayingTag(1, "d", 5);
                value += 5;
                lastBump = h.Clock.NowTicks;
            }
        }
    }

    private static int Current(Harness h) => h.Manager.GetTagInfo(1)!.DecayingTags.TryGetValue("d", out var v) ? v : 0;
}
