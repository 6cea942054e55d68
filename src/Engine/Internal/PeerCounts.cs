namespace ConnMgr.Engine.Internal;

/// <summary>The manager's running totals (24 bytes), updated at each connect, disconnect and entry change.</summary>
internal struct PeerCounts
{
    /// <summary>Entries held, connected or not.</summary>
    public int Tracked;

    /// <summary>Peers with at least one open connection.</summary>
    public int ConnectedPeers;

    /// <summary>Open connections.</summary>
    public int Connections;

    /// <summary>Open inbound connections.</summary>
    public int Inbound;

    /// <summary>Open outbound connections.</summary>
    public int Outbound;

    /// <summary>Connected peers marked transient.</summary>
    public int Transient;
}
