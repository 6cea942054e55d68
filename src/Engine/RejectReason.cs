namespace ConnMgr.Engine;

/// <summary>Why a connection (or an inbound attempt) was rejected.</summary>
public enum RejectReason
{
    /// <summary>Not rejected.</summary>
    None,

    /// <summary>The source address is in a deny range.</summary>
    DenyListed,

    /// <summary>An allow list is exclusive and the source is not in it.</summary>
    NotAllowListed,

    /// <summary>Too many pending inbound connections.</summary>
    PendingInboundLimit,

    /// <summary>The source exceeded its inbound rate limit.</summary>
    RateLimited,

    /// <summary>A <see cref="Limits.MaxConnectionsPolicy"/> with <see cref="Limits.LimitAction.RejectInbound"/> is at its maximum.</summary>
    MaxConnections,

    /// <summary>The inbound cap is reached.</summary>
    InboundCap,

    /// <summary>The outbound cap is reached.</summary>
    OutboundCap,

    /// <summary>The peer already holds the per-peer maximum of connections.</summary>
    PerPeerLimit,

    /// <summary>The shared (inbound + outbound) cap is reached (nim's <c>maxConnections</c>, rust's <c>max_established_total</c>).</summary>
    TotalCap,

    /// <summary>Too many outbound dials are pending (rust's <c>max_pending_outgoing</c>): the dial is denied, not queued.</summary>
    PendingOutboundLimit,

    /// <summary>A source that is not an IP address (relay circuit, DNS name) while an exclusive allow list is set (py).</summary>
    NotAnIpSource,

    /// <summary>The peer's /16 or /24 already holds the per-prefix maximum of inbound connections.</summary>
    PrefixCap,

    /// <summary>A dial would exceed the flow budget: open connections, pending dials and lingering closed flows (<see cref="Limits.FlowBudget"/>).</summary>
    FlowBudget,
}
