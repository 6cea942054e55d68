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
/// Admission caps checked when a connection opens. <c>null</c> means "no cap"; 0 denies every connection of that kind
/// (rust-libp2p <c>connection-limits</c>: a limit of 0 denies, <c>None</c> is unlimited). Unlike the limit policy, caps
/// never trim: they reject (or, per peer, may close the oldest connection). Peers given
/// <see cref="ConnectionManager{TPeer}.BypassLimits"/> skip them.
/// </summary>
public sealed record ConnectionCaps
{
    /// <summary>No caps at all.</summary>
    public static ConnectionCaps None { get; } = new();

    /// <summary>Maximum inbound connections; null = no cap.</summary>
    public int? MaxInbound { get; init; }

    /// <summary>Maximum outbound connections; null = no cap.</summary>
    public int? MaxOutbound { get; init; }

    /// <summary>Maximum connections in both directions together (nim's shared semaphore, rust's total); null = no cap.</summary>
    public int? MaxTotal { get; init; }

    /// <summary>Maximum connections to one peer; null = no cap.</summary>
    public int? MaxPerPeer { get; init; }

    /// <summary>Maximum outbound dials pending at once (rust's <c>max_pending_outgoing</c>); null = no cap.</summary>
    public int? MaxPendingOutbound { get; init; }

    /// <summary>
    /// Maximum inbound connections from one IPv4 /16 (IPv6 /32), counted over peers whose address the host gave with
    /// <c>SetPeerAddress</c>; null = no cap. An eclipse defence: a flood from few networks cannot fill the inbound slots.
    /// </summary>
    public int? MaxInboundPerPrefix16 { get; init; }

    /// <summary>Maximum inbound connections from one IPv4 /24 (IPv6 /48); null = no cap.</summary>
    public int? MaxInboundPerPrefix24 { get; init; }

    /// <summary>What happens at <see cref="MaxPerPeer"/>. Default <see cref="PerPeerLimitAction.RejectNew"/>.</summary>
    public PerPeerLimitAction PerPeerAction { get; init; } = PerPeerLimitAction.RejectNew;

    internal void Validate()
    {
        Guard.NonNegative(MaxInbound ?? 0, "Caps.MaxInbound");
        Guard.NonNegative(MaxOutbound ?? 0, "Caps.MaxOutbound");
        Guard.NonNegative(MaxTotal ?? 0, "Caps.MaxTotal");
        Guard.NonNegative(MaxPerPeer ?? 0, "Caps.MaxPerPeer");
        Guard.NonNegative(MaxPendingOutbound ?? 0, "Caps.MaxPendingOutbound");
        Guard.NonNegative(MaxInboundPerPrefix16 ?? 0, "Caps.MaxInboundPerPrefix16");
        Guard.NonNegative(MaxInboundPerPrefix24 ?? 0, "Caps.MaxInboundPerPrefix24");
        Guard.Defined(PerPeerAction, "Caps.PerPeerAction");
    }

    /// <summary>True when <paramref name="count"/> has reached the cap (<paramref name="cap"/> null = never).</summary>
    internal static bool Reached(int? cap, int count) => cap is { } c && count >= c;

    /// <summary>True when a per-prefix inbound cap is set (the manager then counts inbound connections per prefix).</summary>
    internal bool HasPrefixCaps => MaxInboundPerPrefix16 is not null || MaxInboundPerPrefix24 is not null;
}
