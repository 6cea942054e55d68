namespace ConnMgr.Engine.Events;

/// <summary>Cumulative counters of one manager since its creation (a snapshot; cheap to copy).</summary>
public readonly record struct ConnectionManagerMetrics
{
    /// <summary>Connections accepted.</summary>
    public long Connected { get; init; }

    /// <summary>Connections that left the books for any reason.</summary>
    public long Disconnected { get; init; }

    /// <summary>Connections closed by trims and limits.</summary>
    public long PrunedConnections { get; init; }

    /// <summary>Peers fully disconnected by trims and limits.</summary>
    public long PrunedPeers { get; init; }

    /// <summary>Trim cycles run.</summary>
    public long Trims { get; init; }

    /// <summary>Connections or inbound attempts rejected, any reason.</summary>
    public long Rejected { get; init; }

    /// <summary>Rejections by the gate (deny/allow lists, rate limit, pending cap).</summary>
    public long RejectedByGate { get; init; }

    /// <summary>Redials requested for keep-alive peers.</summary>
    public long RedialsRequested { get; init; }

    /// <summary>Trim cycles that stopped above their target.</summary>
    public long TrimsStoppedAboveTarget { get; init; }

    /// <summary>Remote disconnect notices whose back-off was applied (<see cref="ConnectionManager{TPeer}.RemoteClosed"/>).</summary>
    public long RemoteBackoffsHonoured { get; init; }

    /// <summary>Negotiated quota requests answered with a counter-proposal (<see cref="ConnectionManager{TPeer}.Enrol"/>).</summary>
    public long QuotaCounterProposals { get; init; }

    /// <summary>Units pruned by regulation rounds from subsystems above their negotiated maximum and not on loan.</summary>
    public long QuotaUnitsReclaimed { get; init; }

    /// <summary>Inbound connections from peers not seen before admitted beyond a hard inbound limit (<see cref="ConnectionManagerOptions.NewcomerSlots"/>).</summary>
    public long NewcomersAdmitted { get; init; }
}
