#pragma warning disable NUnit1027 // FsCheck supplies the arguments
using ConnMgr.Engine.Quotas;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.NUnit;
using PropertyAttribute = FsCheck.NUnit.PropertyAttribute;

namespace ConnMgr.Engine.Tests;

/// <summary>Negotiated quotas over random operation sequences: reserves fit, hold through trims, and protection wins.</summary>
public class QuotaPropertyTests
{
    private static readonly string[] Subsystems = ["other", "dht", "pubsub", "bitswap"];

    /// <summary>One operation: kind, peer (0..19), a value.</summary>
    public readonly record struct Op(byte Kind, byte Peer, short Value);

    public static Arbitrary<Op[]> Ops() =>
        Gen.Choose(0, 11).SelectMany(k => Gen.Choose(0, 19).SelectMany(p => Gen.Choose(0, 200).Select(v => new Op((byte)k, (byte)p, (short)v))))
           .ArrayOf().ToArbitrary();

    [Property(MaxTest = 400, Arbitrary = new[] { typeof(QuotaPropertyTests) })]
    public void GrantedReservesFitTheCapacity_HoldThroughTrims_AndNeverBreakProtection(Op[] ops)
    {
        var lend = ops.Length % 2 == 1;
        var h = new Harness(Harness.Watermarks(6, 10, silenceMs: 100) with { OutboundBonus = 0, LendUnusedQuota = lend });
        var protectedPeers = new HashSet<int>();
        var violations = new List<string>();
        h.Events.PrunedCheck = peer =>
        {
            if (protectedPeers.Contains(peer))
            {
                violations.Add($"protected peer {peer} pruned");
            }
        };

        foreach (var op in ops)
        {
            int p = op.Peer;
            var name = Subsystems[op.Value % Subsystems.Length];
            switch (op.Kind)
            {
                case 0:
                case 1:
                case 10:
                    h.Connect(p);
                    break;
                case 2:
                    h.Manager.Disconnected(p);
                    break;
                case 3:
                    h.Manager.SetSubsystem(p, name);
                    break;
                case 4:
                    if (op.Value % 3 == 0)
                    {
                        h.Manager.Protect(p, "t");
                        protectedPeers.Add(p);
                    }
                    else
                    {
                        h.Manager.Unprotect(p, "t");
                        protectedPeers.Remove(p);
                    }

                    break;
                case 5:
                    var request = op.Value % 2 == 0
                        ? QuotaRequest.Absolute(op.Peer % 8, (op.Peer % 8) + (op.Value % 7))
                        : QuotaRequest.Share(op.Peer / 40.0, Math.Min(1, (op.Peer / 40.0) + (op.Value % 5 / 10.0)));
                    var grant = h.Manager.Enrol(name == "other" ? "dht" : name, request);
                    if (grant.Reserved > grant.Max)
                    {
                        violations.Add($"granted reserve {grant.Reserved} above max {grant.Max}");
                    }

                    break;
                case 6:
                    var low = 2 + (op.Value % 8);
                    h.Manager.SetLimits(new Limits.WatermarkPolicy(low, low + 4, TimeSpan.Zero, TimeSpan.FromMilliseconds(100)));
                    break;
                case 7:
                    h.Manager.TagPeer(p, "v", op.Value);
                    break;
                case 8:
                    h.Advance(op.Value);
                    break;
                default:
                    var before = CountsBySubsystem(h);
                    h.Manager.TrimOpenConns();
                    CheckTrim(h, before, protectedPeers, lend, violations);
                    break;
            }

            var reserved = GrantedReserves(h);
            if (reserved > h.Manager.QuotaCapacity)
            {
                violations.Add($"granted reserves sum to {reserved} above the capacity {h.Manager.QuotaCapacity}");
            }
        }

        Assert.That(violations, Is.Empty);
    }

    private static int[] CountsBySubsystem(Harness h) => Enumerable.Range(0, h.Manager.SubsystemNames.Count).Select(h.Manager.SubsystemCount).ToArray();

    private static int GrantedReserves(Harness h) => h.Manager.SubsystemNames.Sum(n => h.Manager.GrantOf(n)?.Reserved ?? 0);

    private static void CheckTrim(Harness h, int[] before, HashSet<int> protectedPeers, bool lend, List<string> violations)
    {
        var names = h.Manager.SubsystemNames;
        var after = CountsBySubsystem(h);
        for (var k = 0; k < names.Count; k++)
        {
            var reserve = h.Manager.GrantOf(names[k])?.Reserved ?? 0;
            var othersAbove = Enumerable.Range(0, names.Count).Any(j => j != k && after[j] > (h.Manager.GrantOf(names[j])?.Reserved ?? 0));
            if (before[k] >= reserve && after[k] < reserve && othersAbove)
            {
                violations.Add($"{names[k]} taken from {before[k]} to {after[k]}, below its reserve {reserve}, while another stayed above its own");
            }

            // Without lending a negotiated maximum is hard: only protected peers (grace is 0 here) may hold a subsystem above it.
            var max = h.Manager.GrantOf(names[k])?.Max ?? int.MaxValue;
            var protectedConnected = protectedPeers.Count(h.Manager.IsConnected);
            if (!lend && after[k] > max && after[k] - max > protectedConnected && before.Sum() > h.Manager.QuotaCapacity)
            {
                violations.Add($"{names[k]} left at {after[k]} above its negotiated max {max} with only {protectedConnected} protected peers connected");
            }
        }
    }
}
