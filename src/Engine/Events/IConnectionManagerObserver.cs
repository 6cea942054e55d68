using ConnMgr.Engine.Trimming;

namespace ConnMgr.Engine.Events;

/// <summary>
/// Receives the manager's events. Events are raised after the state change, never while the manager holds its lock,
/// in the order they happened, by one thread at a time; a handler may call back into the manager.
/// Every method has an empty default, so a host implements only what it needs.
/// </summary>
/// <typeparam name="TPeer">The peer key type.</typeparam>
public interface IConnectionManagerObserver<TPeer>
{
    /// <summary>A connection was accepted and is now tracked.</summary>
    void OnConnected(TPeer peer, long connectionId, Direction direction)
    {
    }

    /// <summary>A connection left the books (it is already gone from the manager's state).</summary>
    void OnDisconnected(TPeer peer, long connectionId, DisconnectReason reason)
    {
    }

    /// <summary>
    /// The manager pruned a connection (a whole peer is pruned one connection at a time, each raised here):
    /// the host must close it. A later <c>Disconnected</c> for it is a no-op.
    /// </summary>
    void OnPruned(TPeer peer, long connectionId, int score, PruneReason reason)
    {
    }

    /// <summary>A trim cycle ended.</summary>
    void OnTrimCompleted(in TrimReport report)
    {
    }

    /// <summary>A connection (or inbound attempt, with <c>default</c> peer) was rejected; the host must close it.</summary>
    void OnRejected(TPeer? peer, RejectReason reason)
    {
    }

    /// <summary>A keep-alive peer is disconnected: the host should dial it now (attempt is 1-based).</summary>
    void OnRedialRequested(TPeer peer, int attempt)
    {
    }

    /// <summary>A keep-alive peer could not be reconnected within its retries; its keep-alive was removed.</summary>
    void OnKeepAliveFailed(TPeer peer)
    {
    }

    /// <summary>The peer's first connection opened (nim's <c>PeerEventKind.Joined</c>): raised right after its <see cref="OnConnected"/>.</summary>
    void OnPeerJoined(TPeer peer, Direction direction)
    {
    }

    /// <summary>The peer's last connection closed (nim's <c>Left</c>): raised right before that connection's <see cref="OnDisconnected"/>.</summary>
    void OnPeerLeft(TPeer peer)
    {
    }

    /// <summary>The host reported the peer identified (<see cref="ConnectionManager{TPeer}.PeerIdentified"/>, nim's <c>Identified</c>).</summary>
    void OnPeerIdentified(TPeer peer)
    {
    }

    /// <summary>The auto-connector asks the host to dial a candidate (count below LowWater; py/js auto-dial).</summary>
    void OnAutoDialRequested(TPeer peer)
    {
    }

    /// <summary>
    /// The manager honoured a remote's disconnect notice (<see cref="ConnectionManager{TPeer}.RemoteClosed"/>): the
    /// peer is not to be dialed for <paramref name="backoff"/> (the remote's, capped).
    /// </summary>
    void OnRemoteBackoff(TPeer peer, PruneReason reason, TimeSpan backoff)
    {
    }

    /// <summary>A negotiated quota was granted, counter-proposed, lent or reclaimed (<see cref="ConnectionManager{TPeer}.Enrol"/>).</summary>
    void OnQuotaNotice(in Quotas.QuotaNotice notice)
    {
    }

    /// <summary>
    /// A trim closed a connection, with the inputs of its decision (<see cref="ConnectionManagerOptions.CloseRecords"/>
    /// on): raised right before that connection's <see cref="OnPruned"/>.
    /// </summary>
    void OnClosed(CloseRecord<TPeer> record)
    {
    }
}
