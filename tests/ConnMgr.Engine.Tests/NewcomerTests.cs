using ConnMgr.Engine.Limits;

namespace ConnMgr.Engine.Tests;

public class NewcomerTests
{
    private static Harness Full(int slots, TimeSpan grace = default)
    {
        var h = new Harness(Profile.Default with { Limits = new MaxConnectionsPolicy(4, LimitAction.RejectInbound, grace), NewcomerSlots = slots });
        h.ConnectMany(1, 4);
        return h;
    }

    [Test]
    public void AtAHardMaximum_AnInboundNewcomer_IsAdmittedIntoAReservedSlot()
    {
        var h = Full(slots: 1, grace: TimeSpan.FromSeconds(30));
        h.AdvanceSeconds(60); // the four old peers' grace is over

        var decision = h.Connect(100);

        Assert.That(decision.Accepted, Is.True);
        Assert.That(h.Manager.IsConnected(100), Is.True, "in its grace the newcomer stays; an older peer makes room");
        Assert.That(h.Manager.Count, Is.EqualTo(4));
        Assert.That(h.Manager.Metrics.NewcomersAdmitted, Is.EqualTo(1));
    }

    [Test]
    public void APeerSeenBefore_GetsNoReservedSlot()
    {
        var h = Full(slots: 1, grace: TimeSpan.FromSeconds(30));
        h.Manager.Disconnected(1);
        h.Connect(5); // fills the maximum again

        var decision = h.Connect(1);

        Assert.That(decision.Accepted, Is.False);
        Assert.That(decision.Reason, Is.EqualTo(RejectReason.MaxConnections));
        Assert.That(h.Manager.HasSeen(1), Is.True);
    }

    [Test]
    public void WithoutSlots_TheFullManagerRefusesNewcomersToo()
    {
        var h = Full(slots: 0);

        Assert.That(h.Connect(100).Reason, Is.EqualTo(RejectReason.MaxConnections));
        Assert.That(h.Manager.HasSeen(1), Is.False, "nothing is remembered without newcomer slots");
    }

    [Test]
    public void NewcomerSlots_AlsoOpenTheInboundCap_ButNoFurther()
    {
        var h = new Harness(Harness.Watermarks(50, 100) with { Caps = new ConnectionCaps { MaxInbound = 3 }, NewcomerSlots = 2 });
        h.ConnectMany(1, 3);

        Assert.That(h.Connect(10).Accepted, Is.True);
        Assert.That(h.Connect(11).Accepted, Is.True);
        Assert.That(h.Connect(12).Reason, Is.EqualTo(RejectReason.InboundCap), "two slots above the cap of 3");
        Assert.That(h.Manager.InboundConnections, Is.EqualTo(5));
    }

    [Test]
    public void OutboundConnections_GetNoNewcomerSlack()
    {
        var h = new Harness(Harness.Watermarks(50, 100) with { Caps = new ConnectionCaps { MaxOutbound = 1 }, NewcomerSlots = 5 });
        h.Connect(1, Direction.Outbound);

        Assert.That(h.Connect(2, Direction.Outbound).Reason, Is.EqualTo(RejectReason.OutboundCap));
    }

    [Test]
    public void APrefixLimit_KeepsAFloodFromOneSlash16OutOfTheSlots()
    {
        var h = new Harness(Profile.Default with
        {
            Limits = new MaxConnectionsPolicy(4, LimitAction.RejectInbound, TimeSpan.FromSeconds(30)),
            NewcomerSlots = 1,
            NewcomersPerPrefix16 = 2,
        });
        string[] full = ["10.1.0.1", "10.1.0.2", "10.2.0.1", "10.3.0.1"];
        for (var p = 0; p < full.Length; p++)
        {
            h.Manager.SetPeerAddress(p + 1, System.Net.IPAddress.Parse(full[p]));
            h.Connect(p + 1);
        }

        h.AdvanceSeconds(60);
        h.Manager.SetPeerAddress(10, System.Net.IPAddress.Parse("10.1.7.7"));
        h.Manager.SetPeerAddress(11, System.Net.IPAddress.Parse("10.9.7.7"));

        Assert.That(h.Connect(10).Reason, Is.EqualTo(RejectReason.MaxConnections), "10.1/16 already holds 2 inbound");
        Assert.That(h.Connect(11).Accepted, Is.True, "10.9/16 holds none");
        Assert.That(h.Connect(12).Accepted, Is.True, "a newcomer without a known address is not held back");
    }

    [Test]
    public void SeenPeers_RecogniseEveryPeerSeen_AndMistakeFewNewcomers()
    {
        var seen = new Internal.SeenPeers();
        for (var p = 0; p < 3000; p++)
        {
            seen.Add(p);
        }

        Assert.That(Enumerable.Range(0, 3000).All(seen.Contains), Is.True, "no false negatives");
        var mistaken = Enumerable.Range(1_000_000, 100_000).Count(seen.Contains) / 100_000.0;
        Assert.That(mistaken, Is.InRange(0.005, 0.025), "the Bloom filter's (1 − e^(−kn/m))^k = 1.4 % for k 3, n 3,000, m 32,768");
    }

    [Test]
    public void NegativeSlots_AreRejected_NamingTheOption()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ConnectionManager<int>(Profile.Default with { NewcomerSlots = -1 }));
        Assert.That(ex!.ParamName, Is.EqualTo("NewcomerSlots"));
    }
}
