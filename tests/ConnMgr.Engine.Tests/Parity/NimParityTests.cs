namespace ConnMgr.Engine.Tests.Parity;

/// <summary>
/// nim-libp2p <c>libp2p/connmanager.nim</c> behaviour under <see cref="Profile.Nim"/>, written from the original's
/// code (procs named in each test).
/// </summary>
public class NimParityTests
{
    private static Harness Make(ConnectionCaps? caps = null) =>
        new(Profile.Nim with { Limits = new WatermarkPolicy(10, 20, TimeSpan.Zero, TimeSpan.FromSeconds(10)), Caps = caps ?? Profile.Nim.Caps });

    [Test]
    public void ExpectConnection_LetsOneConnectionThroughThePerPeerLimit()
    {
        // connmanager.nim storeMuxer: over maxConnsPerPeer, a pending expectedConnectionsOverLimit[(peer, dir)] is
        // completed with the muxer instead of raising TooManyConnectionsError.
        var h = Make();
        h.Connect(1, Direction.Inbound, connectionId: 1);
        h.Connect(1, Direction.Inbound, connectionId: 2);
        Assert.That(h.Connect(1, Direction.Inbound, connectionId: 3).Reason, Is.EqualTo(RejectReason.PerPeerLimit));

        h.Manager.ExpectConnection(1, Direction.Inbound);
        Assert.That(h.Connect(1, Direction.Outbound, connectionId: 4).Accepted, Is.False, "the expectation is per direction");
        Assert.That(h.Connect(1, Direction.Inbound, connectionId: 5).Accepted, Is.True);
        Assert.That(h.Connect(1, Direction.Inbound, connectionId: 6).Accepted, Is.False, "one expected connection, then the limit again");
    }

    [Test]
    public void ExpectConnection_TwiceForTheSamePeerAndDirection_Errors()
    {
        // connmanager.nim expectConnection: AlreadyExpectingConnectionError "Already expecting an incoming connection from that peer".
        var h = Make();
        h.Manager.ExpectConnection(1, Direction.Inbound);
        Assert.Throws<InvalidOperationException>(() => h.Manager.ExpectConnection(1, Direction.Inbound));
        Assert.DoesNotThrow(() => h.Manager.ExpectConnection(1, Direction.Outbound));
        Assert.That(h.Manager.CancelExpectedConnection(1, Direction.Inbound), Is.True);
        Assert.DoesNotThrow(() => h.Manager.ExpectConnection(1, Direction.Inbound), "cancelled, it may be expected again");
    }

    [Test]
    public void SharedTotalCap_CountsBothDirections_NextToTheWatermarks()
    {
        // connmanager.nim new(maxConnections = n): one semaphore for in and out (inSema = outSema); with a watermark
        // too, "the semaphore blocks new connections hard while trimming also prunes existing ones".
        var h = Make(Profile.Nim.Caps with { MaxTotal = 3 });
        h.Connect(1, Direction.Inbound);
        h.Connect(2, Direction.Outbound);
        h.Connect(3, Direction.Inbound);
        Assert.That(h.Connect(4, Direction.Outbound).Reason, Is.EqualTo(RejectReason.TotalCap));
        Assert.That(h.Connect(5, Direction.Inbound).Reason, Is.EqualTo(RejectReason.TotalCap));
        h.Manager.Disconnected(2);
        Assert.That(h.Connect(4, Direction.Outbound).Accepted, Is.True);
    }

    [Test]
    public void PeerEvents_ConnectedThenJoined_IdentifiedOnReport_LeftThenDisconnected()
    {
        // connmanager.nim storeMuxer: Connected conn event, then PeerEventKind.Joined for a new peer; onClose: for the
        // last connection onPeerDisconnected (Left) runs before the Disconnected conn event. Identified is raised by
        // the switch after identify: here the host reports it.
        var h = Make();
        h.Connect(1, Direction.Outbound, connectionId: 1);
        h.Connect(1, Direction.Inbound, connectionId: 2);
        h.Manager.PeerIdentified(1);
        h.Manager.Disconnected(1, connectionId: 1);
        h.Manager.Disconnected(1, connectionId: 2);
        h.Manager.PeerIdentified(1);

        Assert.That(h.Events.Log, Is.EqualTo(new[]
        {
            "connected 1", "joined 1 Outbound", "connected 1", "identified 1",
            "disconnected 1 Host", "left 1", "disconnected 1 Host",
        }));
    }
}
