namespace ConnMgr.Engine.Limits;

/// <summary>What to do when a peer already holds <see cref="ConnectionCaps.MaxPerPeer"/> connections.</summary>
public enum PerPeerLimitAction
{
    /// <summary>Reject the new connection (nim-libp2p, default limit 2).</summary>
    RejectNew,

    /// <summary>Accept the new connection and close the peer's oldest one (py-libp2p, default limit 3).</summary>
    CloseOldest,
}

/// <summary>
/// Admission caps checked when a connection opens. Zero means "no cap". Unlike the limit policy, caps never trim:
/// they reject (or, per peer, may close the oldest connection).
/// </summary>
public sealed record ConnectionCaps
{
    /// <summary>No caps at all.</summary>
    public static ConnectionCaps None { get; } = new();

    /// <summary>Maximum inbound connections; 0 = no cap.</summary>
    public int MaxInbound { get; init; }

    /// <summary>Maximum outbound connections; 0 = no cap.</summary>
    public int MaxOutbound { get; init; }

    /// <summary>Maximum connections to one peer; 0 = no cap.</summary>
    public int MaxPerPeer { get; init; }

    /// <summary>What happens at <see cref="MaxPerPeer"/>. Default <see cref="PerPeerLimitAction.RejectNew"/>.</summary>
    public PerPeerLimitAction PerPeerAction { get; init; } = PerPeerLimitAction.RejectNew;

    internal void Validate()
    {
        Guard.NonNegative(MaxInbound, "Caps.MaxInbound");
        Guard.NonNegative(MaxOutbound, "Caps.MaxOutbound");
        Guard.NonNegative(MaxPerPeer, "Caps.MaxPerPeer");
        Guard.Defined(PerPeerAction, "Caps.PerPeerAction");
    }
}
