using System.Net;
using ConnMgr.Engine.Gating;

namespace ConnMgr.Engine.Tests;

public class GatingTests
{
    private static Harness Gated(GateOptions gate) => new(Profile.Default with { Gate = gate });

    [Test]
    public void Deny_WinsOverAllow()
    {
        var h = Gated(new GateOptions { Deny = ["10.0.0.0/8"], Allow = ["10.1.0.0/16"] });
        Assert.That(h.Manager.AllowInbound(IPAddress.Parse("10.1.2.3")).Reason, Is.EqualTo(RejectReason.DenyListed));
        Assert.That(h.Manager.AllowInbound(IPAddress.Parse("11.1.2.3")).Accepted, Is.True);
    }

    [Test]
    public void Deny_IPv6Range()
    {
        var h = Gated(new GateOptions { Deny = ["2001:db8::/32"] });
        Assert.That(h.Manager.AllowInbound(IPAddress.Parse("2001:db8::1")).Reason, Is.EqualTo(RejectReason.DenyListed));
        Assert.That(h.Manager.AllowInbound(IPAddress.Parse("2001:db9::1")).Accepted, Is.True);
    }

    [Test]
    public void AllowExclusive_RejectsOthers_AllowBypass_AdmitsOthersAndMarksAllowListed()
    {
        var exclusive = Gated(new GateOptions { Allow = ["192.168.0.0/16"], AllowMode = AllowListMode.Exclusive });
        Assert.That(exclusive.Manager.AllowInbound(IPAddress.Parse("8.8.8.8")).Reason, Is.EqualTo(RejectReason.NotAllowListed));
        Assert.That(exclusive.Manager.AllowInbound(IPAddress.Parse("192.168.1.1")).Accepted, Is.True);

        var bypass = Gated(new GateOptions { Allow = ["192.168.0.0/16"], AllowMode = AllowListMode.Bypass });
        Assert.That(bypass.Manager.AllowInbound(IPAddress.Parse("8.8.8.8")), Is.EqualTo(new GateDecision(true, RejectReason.None, false)));
        Assert.That(bypass.Manager.AllowInbound(IPAddress.Parse("192.168.1.1")), Is.EqualTo(new GateDecision(true, RejectReason.None, true)));
    }

    [Test]
    public void AllowListedConnection_IsNeverPruned_AndBypassesCaps()
    {
        var h = new Harness(Harness.Watermarks(0, 100) with { Caps = new ConnectionCaps { MaxInbound = 1 } });
        h.Connect(1);
        Assert.That(h.Connect(2, flags: ConnectionFlags.AllowListed).Accepted, Is.True);
        h.Manager.TrimOpenConns();
        Assert.That(h.ConnectedOf([1, 2]), Is.EqualTo(new[] { 2 }));
    }

    [Test]
    public void TokenBucket_AllowsBurstThenRate()
    {
        var h = Gated(new GateOptions { InboundRatePerSecond = 2, InboundBurst = 3 });
        var source = CidrRange.FromIPv4(0x01020304);
        var accepted = Enumerable.Range(0, 5).Count(_ => h.Manager.AllowInbound(source).Accepted);
        Assert.That(accepted, Is.EqualTo(3));
        h.Advance(500);
        Assert.That(h.Manager.AllowInbound(source).Accepted, Is.True, "one token refilled in 0.5 s at 2/s");
        Assert.That(h.Manager.AllowInbound(source).Reason, Is.EqualTo(RejectReason.RateLimited));
        Assert.That(h.Manager.AllowInbound(CidrRange.FromIPv4(0x01020305)).Accepted, Is.True, "limits are per source");
    }

    [Test]
    public void FixedWindow_AllowsBurstPerSecond()
    {
        var h = Gated(new GateOptions { InboundRatePerSecond = 5, InboundBurst = 5, RateLimit = RateLimitKind.FixedWindow });
        var source = CidrRange.FromIPv4(0x01020304);
        Assert.That(Enumerable.Range(0, 8).Count(_ => h.Manager.AllowInbound(source).Accepted), Is.EqualTo(5));
        h.AdvanceSeconds(1);
        Assert.That(Enumerable.Range(0, 8).Count(_ => h.Manager.AllowInbound(source).Accepted), Is.EqualTo(5));
    }

    [Test]
    public void PendingInboundCap_RejectsUntilAPendingConnectionCompletes()
    {
        var h = Gated(new GateOptions { MaxPendingInbound = 2 });
        Assert.That(h.Manager.AllowInbound(CidrRange.FromIPv4(1)).Accepted, Is.True);
        Assert.That(h.Manager.AllowInbound(CidrRange.FromIPv4(2)).Accepted, Is.True);
        Assert.That(h.Manager.AllowInbound(CidrRange.FromIPv4(3)).Reason, Is.EqualTo(RejectReason.PendingInboundLimit));
        h.Connect(1, Direction.Inbound);
        Assert.That(h.Manager.AllowInbound(CidrRange.FromIPv4(3)).Accepted, Is.True);
        h.Manager.CancelPendingInbound();
        Assert.That(h.Manager.AllowInbound(CidrRange.FromIPv4(4)).Accepted, Is.True);
        Assert.That(h.Manager.Metrics.RejectedByGate, Is.EqualTo(1));
    }

    [TestCase("10.0.0.0/33")]
    [TestCase("not-an-ip/8")]
    [TestCase("10.0.0.0/x")]
    [TestCase("")]
    public void MalformedCidr_FailsAtConstructionNamingTheList(string cidr)
    {
        var options = Profile.Default with { Gate = new GateOptions { Deny = [cidr] } };
        var ex = Assert.Throws<ArgumentException>(() => _ = new ConnectionManager<int>(options));
        Assert.That(ex!.ParamName, Is.EqualTo("Gate.Deny"));
        Assert.That(ex.Message, Does.Contain("CIDR"));
    }
}
