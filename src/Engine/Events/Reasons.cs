namespace ConnMgr.Engine.Events;

/// <summary>Why a peer (or connection) left the manager's books.</summary>
public enum DisconnectReason
{
    /// <summary>The host reported the disconnect (remote close, error, shutdown).</summary>
    Host,

    /// <summary>A trim cycle or limit pruned it.</summary>
    Pruned,

    /// <summary>The per-peer limit closed the peer's oldest connection.</summary>
    PerPeerLimit,
}

/// <summary>Why a trim or limit pruned a peer.</summary>
public enum PruneReason
{
    /// <summary>Watermark trim cycle.</summary>
    Trim,

    /// <summary>Hard maximum.</summary>
    MaxLimit,

    /// <summary>Subsystem above its maximum share.</summary>
    QuotaExceeded,

    /// <summary>The per-peer limit closed the peer's oldest connection (py's <c>CloseOldest</c>); not a trim.</summary>
    PerPeerLimit,

    /// <summary>An emergency trim (<see cref="ConnectionManager{TPeer}.ForceTrim"/>, go's memory emergency).</summary>
    Emergency,

    /// <summary>The limits were lowered on a live manager (<see cref="ConnectionManager{TPeer}.SetLimits"/>).</summary>
    LimitLowered,
}
