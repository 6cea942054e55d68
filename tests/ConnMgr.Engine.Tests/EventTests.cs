namespace ConnMgr.Engine.Tests;

public class EventTests
{
    [Test]
    public void Events_AreRaisedAfterTheStateChange_InOrder()
    {
        var h = new Harness(Harness.Watermarks(1, 2));
        h.ConnectMany(1, 3);
        Assert.That(h.Events.StateMatchedEveryEvent, Is.True);
        Assert.That(h.Events.Log, Is.EqualTo(new[]
        {
            "connected 1", "joined 1 Inbound", "connected 2", "joined 2 Inbound", "connected 3", "joined 3 Inbound",
            "pruned 1", "left 1", "disconnected 1 Pruned", "pruned 2", "left 2", "disconnected 2 Pruned",
            "trim 3->1",
        }));
    }

    [Test]
    public void Observer_MayCallBackIntoTheManager()
    {
        var clock = new SimClock();
        var observer = new ReentrantObserver();
        var m = new ConnectionManager<int>(Harness.Watermarks(1, 2), clock, observer);
        observer.Manager = m;
        for (var p = 1; p <= 3; p++)
        {
            m.Connected(p, Direction.Inbound);
        }

        Assert.That(observer.ScoresSeen, Is.EqualTo(new[] { 0, 0 }));
        Assert.That(m.IsConnected(100), Is.True, "a connect made from inside a handler is tracked");
    }

    [Test]
    public void Metrics_CountEachKind()
    {
        var h = new Harness(Harness.Watermarks(1, 2) with { Caps = new ConnectionCaps { MaxOutbound = 1 } });
        h.ConnectMany(1, 3);
        h.Connect(10, Direction.Outbound);
        h.Connect(11, Direction.Outbound);
        h.Manager.Disconnected(10);
        var m = h.Manager.Metrics;
        Assert.That(m.Connected, Is.EqualTo(4));
        Assert.That(m.PrunedPeers, Is.EqualTo(2));
        Assert.That(m.PrunedConnections, Is.EqualTo(2));
        Assert.That(m.Disconnected, Is.EqualTo(3));
        Assert.That(m.Trims, Is.EqualTo(1));
        Assert.That(m.Rejected, Is.EqualTo(1));
    }

    private sealed class ReentrantObserver : IConnectionManagerObserver<int>
    {
        public ConnectionManager<int>? Manager { get; set; }

        public List<int> ScoresSeen { get; } = [];

        public void OnPruned(int peer, long connectionId, int score, PruneReason reason)
        {
            ScoresSeen.Add(Manager!.PeerScore(peer));
            Manager.Connected(100, Direction.Outbound);
        }
    }
}
