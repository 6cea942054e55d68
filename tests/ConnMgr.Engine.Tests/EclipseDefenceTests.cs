using System.Net;
using ConnMgr.Engine.Limits;
using ConnMgr.Engine.Trimming;

namespace ConnMgr.Engine.Tests;

/// <summary>The eclipse defences: Bitcoin Core's eviction order and the per-prefix inbound caps.</summary>
public class EclipseDefenceTests
{
    private const int GroupA = 10;
    private const int GroupB = 20;
    private const int GroupC = 30;

    /// <summary>
    /// Ten inbound peers, peer p connected at second p: group A = 1–6, B = 7–8, C = 9–10; peer 8 answers in 5 ms (the
    /// rest 100 ms); peer 5 was useful. One peer per keyed group, one by latency, one by usefulness, half the rest by age.
    /// </summary>
    private static Harness TenPeers(int key)
    {
        var h = new Harness(Harness.Watermarks(6, 100) with
        {
            TrimPolicy = TrimPolicies.Bitcoin(networkGroups: 1, lowestLatency: 1, recentlyUseful: 1, longestConnected: 0.5, key: key),
        });
        for (var p = 1; p <= 10; p++)
        {
            h.AdvanceSeconds(1);
            h.Connect(p);
            var group = p <= 6 ? GroupA : p <= 8 ? GroupB : GroupC;
            h.Manager.SetPeerInfo(p, group, TimeSpan.FromMilliseconds(p == 8 ? 5 : 100));
        }

        h.AdvanceSeconds(1);
        h.Manager.MarkUseful(5);
        return h;
    }

    /// <summary>A key whose hash ranks <paramref name="group"/> highest of the three groups.</summary>
    private static int KeyFavouring(int group) => Enumerable.Range(0, 1000).First(k =>
        new[] { GroupA, GroupB, GroupC }.MaxBy(g => BitcoinEvictionPolicy.KeyedGroup((ulong)(uint)k, g)) == group);

    [Test]
    public void BitcoinEviction_KeyFavouringGroupB_ShieldsOldestOfB_ThenEvictsYoungestOfLargestGroup()
    {
        // Shielded: 7 (oldest of B, by key), 8 (lowest latency), 5 (useful), then 3 of the 7 left by age: 1, 2, 3.
        // Evictable A = {4, 6}, C = {9, 10}: sizes tie, C's youngest (10) is younger → 10; then A is largest → 6;
        // then A = {4}, C = {9} tie, 9 is younger → 9; then 4.
        var h = TenPeers(KeyFavouring(GroupB));

        var report = h.Manager.TrimOpenConns();

        Assert.That(h.Events.Pruned.Select(e => e.Peer), Is.EqualTo(new[] { 10, 6, 9, 4 }));
        Assert.That(h.ConnectedOf(Enumerable.Range(1, 10)), Is.EqualTo(new[] { 1, 2, 3, 5, 7, 8 }));
        Assert.That(report.ShieldedByPolicy, Is.EqualTo(6));
    }

    [Test]
    public void BitcoinEviction_KeyFavouringGroupA_ShieldsOldestOfA_AndTheRestFollows()
    {
        // Shielded: 1 (oldest of A, by key), 8, 5, then 3 of {2, 3, 4, 6, 7, 9, 10} by age: 2, 3, 4.
        // Evictable A = {6}, B = {7}, C = {9, 10}: C is largest → 10; then all of size 1, youngest first → 9, 7, 6.
        var h = TenPeers(KeyFavouring(GroupA));

        h.Manager.TrimOpenConns();

        Assert.That(h.Events.Pruned.Select(e => e.Peer), Is.EqualTo(new[] { 10, 9, 7, 6 }));
        Assert.That(h.ConnectedOf(Enumerable.Range(1, 10)), Is.EqualTo(new[] { 1, 2, 3, 4, 5, 8 }));
    }

    [Test]
    public void BitcoinEviction_UnderFullTies_DecidesByPeerId()
    {
        // Six peers at one instant, no group, equal latency: the 2 fastest are the 2 lowest ids, half of the other 4 by
        // age are again the lowest ids (3, 4); eviction takes the youngest, ties to the highest id: 6, then 5.
        var h = new Harness(Harness.Watermarks(2, 100) with { TrimPolicy = TrimPolicies.Bitcoin(networkGroups: 4, lowestLatency: 2, recentlyUseful: 4, longestConnected: 0.5) });
        h.ConnectMany(1, 6);
        for (var p = 1; p <= 6; p++)
        {
            h.Manager.SetPeerInfo(p, networkGroup: -1, latency: TimeSpan.FromMilliseconds(50));
        }

        var report = h.Manager.TrimOpenConns();

        Assert.That(h.Events.Pruned.Select(e => e.Peer), Is.EqualTo(new[] { 6, 5 }));
        Assert.That(report.ShieldedByPolicy, Is.EqualTo(4));
        Assert.That(report.Outcome, Is.EqualTo(TrimOutcome.StoppedAboveTarget));
    }

    [Test]
    public void BitcoinEviction_NeverClosesAnOutboundConnection()
    {
        var h = new Harness(Harness.Watermarks(0, 100) with { TrimPolicy = TrimPolicies.Bitcoin(0, 0, 0, 0), OutboundBonus = 0 });
        h.Connect(1, Direction.Outbound);
        h.AdvanceSeconds(1);
        h.ConnectMany(2, 3);

        var report = h.Manager.TrimOpenConns();

        Assert.That(h.Events.Pruned.Select(e => e.Peer), Is.EqualTo(new[] { 4, 3, 2 }));
        Assert.That(h.ConnectedOf([1]), Is.EqualTo(new[] { 1 }));
        Assert.That(report.Outcome, Is.EqualTo(TrimOutcome.StoppedAboveTarget));
    }

    [Test]
    public void BitcoinEviction_NeverClosesAProtectedPeer_UnderAFloodFromOneGroup()
    {
        var h = new Harness(Harness.Watermarks(5, 100) with { TrimPolicy = TrimPolicies.Bitcoin() });
        for (var p = 1; p <= 60; p++)
        {
            h.AdvanceSeconds(1);
            h.Connect(p);
            h.Manager.SetPeerAddress(p, IPAddress.Parse($"10.1.{p}.1"));
        }

        foreach (var p in new[] { 58, 59, 60 })
        {
            h.Manager.Protect(p, "honest");
        }

        h.Manager.TrimOpenConns();

        Assert.That(h.ConnectedOf([58, 59, 60]), Is.EqualTo(new[] { 58, 59, 60 }));
        Assert.That(h.Events.Pruned.Select(e => e.Peer), Has.None.AnyOf(58, 59, 60));
    }

    [Test]
    public void PrefixCaps_RejectTheInboundBeyondTheCapOfOneSlash16_AndFreeTheSlotOnClose()
    {
        var h = new Harness(Harness.Watermarks(0, 100) with { Caps = new ConnectionCaps { MaxInboundPerPrefix16 = 2 } });
        var decisions = new List<ConnectDecision>();
        for (var p = 1; p <= 3; p++)
        {
            h.Manager.SetPeerAddress(p, IPAddress.Parse($"203.0.{p}.7"));
            decisions.Add(h.Connect(p));
        }

        h.Manager.SetPeerAddress(4, IPAddress.Parse("198.51.100.7"));
        var otherPrefix = h.Connect(4);

        Assert.That(decisions.Select(d => d.Accepted), Is.EqualTo(new[] { true, true, false }));
        Assert.That(decisions[2].Reason, Is.EqualTo(RejectReason.PrefixCap));
        Assert.That(otherPrefix.Accepted, Is.True);

        h.Manager.Disconnected(1);
        Assert.That(h.Connect(3).Accepted, Is.True, "a closed connection gives its /16 slot back");
    }

    [Test]
    public void PrefixCaps_CapASlash24WithinAnOpenSlash16_AndIgnoreOutbound()
    {
        var h = new Harness(Harness.Watermarks(0, 100) with { Caps = new ConnectionCaps { MaxInboundPerPrefix16 = 10, MaxInboundPerPrefix24 = 1 } });
        h.Manager.SetPeerAddress(1, IPAddress.Parse("203.0.113.1"));
        h.Manager.SetPeerAddress(2, IPAddress.Parse("203.0.113.2"));
        h.Manager.SetPeerAddress(3, IPAddress.Parse("203.0.114.3"));
        h.Manager.SetPeerAddress(4, IPAddress.Parse("203.0.113.4"));

        Assert.That(h.Connect(1).Accepted, Is.True);
        Assert.That(h.Connect(2).Reason, Is.EqualTo(RejectReason.PrefixCap));
        Assert.That(h.Connect(3).Accepted, Is.True, "another /24 of the same /16");
        Assert.That(h.Connect(4, Direction.Outbound).Accepted, Is.True, "outbound connections are not capped by prefix");
    }

    [Test]
    public void SetPeerAddress_MakesTheSlash16ThePeersNetworkGroup()
    {
        var h = new Harness(Harness.Watermarks(1, 100) with { TrimPolicy = TrimPolicies.Bitcoin(0, 0, 0, 0) });
        // Two from 10.1/16 and one from 10.2/16: the largest group (10.1) loses its youngest first.
        h.Connect(1);
        h.Manager.SetPeerAddress(1, IPAddress.Parse("10.1.0.1"));
        h.AdvanceSeconds(1);
        h.Connect(2);
        h.Manager.SetPeerAddress(2, IPAddress.Parse("10.1.0.2"));
        h.AdvanceSeconds(1);
        h.Connect(3);
        h.Manager.SetPeerAddress(3, IPAddress.Parse("10.2.0.3"));

        h.Manager.TrimOpenConns();

        Assert.That(h.Events.Pruned.Select(e => e.Peer), Is.EqualTo(new[] { 2, 3 }));
    }
}
