using ConnMgr.Engine.Events;
using ConnMgr.Sim.Kernel;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Network;

/// <summary>
/// Delayed remote closes (<c>network.remoteCloses: halfRoundTrip</c>): a close at one end (a prune, going offline, a
/// router dying, the dialer refusing) drops the local end at once and reaches the other end half the edge's round
/// trip later, as an event owned by that end. Each end's state is written by its own node's events only (half-edges,
/// <see cref="EdgeStore"/>): a closing end always sends its close, and the models hear <c>Disconnected</c> once, when
/// an end learns that both are closed — a close reaching an open end, or the earlier receipt of two crossing closes.
/// Hearing it at the first end double-counts: the attack model counts a victim's peers through its engine
/// (docs/design/two-partition-kernel.md, Progress). Dials split with <c>network.dials: split</c> (NetworkRunner.Handshake.cs).
/// </summary>
public sealed partial class NetworkRunner
{
    /// <summary>A remote close's event kind is this plus its <see cref="RemoteCause"/> (plus the prune reason for a prune).</summary>
    private const int KRemoteClose = 256;

    /// <summary>Why a close travels to the other end; the receiving end's events.csv row names it.</summary>
    private enum RemoteCause
    {
        PeerOffline,
        PeerRouterDied,
        DialerRefused,
        Probe,
        PrunedByPeer, // + (int)PruneReason: the last member
    }

    private bool DelayedCloses => _net.RemoteCloses == RemoteCloses.HalfRoundTrip;

    /// <summary>
    /// Closes <paramref name="node"/>'s end of <paramref name="edge"/>, whose engine no longer holds it, and sends the
    /// close to the other end, which learns half a round trip later. A listener that closes while taking a SYN sends
    /// nothing: its answer says refused, and the edge is closed.
    /// </summary>
    private void CloseLocalEnd(int node, int edge, RemoteCause cause, PruneReason reason = default)
    {
        Counters(node).Ops++;
        if (_edges.IsAccepting(edge, node))
        {
            RefuseAccepting(edge, node);
        }
        else
        {
            HearEndClosed(edge, node);
            var kind = KRemoteClose + (int)cause + (cause == RemoteCause.PrunedByPeer ? (int)reason : 0);
            _edges.CloseSent(edge, node, Post(Clock.NowTicks + _edges.HalfTrip(edge), kind, _edges.Other(edge, node), edge));
        }

        StartLoop(node);
    }

    /// <summary>One connection of a node going down (<see cref="DropAll"/>): its engine drops it now, the peer learns later.</summary>
    private void DropLocalEnd(int node, int peer, int edge, RemoteCause cause, string reason)
    {
        if (!_edges.IsOpenAt(edge, node))
        {
            return;
        }

        _engines[node].Disconnected(peer, edge);
        CloseLocalEnd(node, edge, cause);
        Log(node, EventKinds.Disconnected, peer, reason);
    }

    /// <summary>
    /// A close reached <paramref name="node"/>: its engine drops the connection, the last end, unless it dropped it
    /// meanwhile (a crossing: the earlier of the two receipts tells the models the edge is closed).
    /// </summary>
    private void RemoteClose(int node, int edge, RemoteCause cause)
    {
        if (cause >= RemoteCause.PrunedByPeer)
        {
            ModelsHearPrune(node, _edges.Other(edge, node), (PruneReason)(cause - RemoteCause.PrunedByPeer)); // also when its own close crossed this one
        }

        var arrival = _edges.CloseArrived(edge, node);
        if (arrival == CloseArrival.Crossed)
        {
            ModelsHearClosed(_edges.Dialer(edge), _edges.Listener(edge));
        }

        if (arrival != CloseArrival.AtOpenEnd)
        {
            return;
        }

        var peer = _edges.Other(edge, node);
        _engines[node].Disconnected(peer, edge);
        Counters(node).Ops++;
        HearEndClosed(edge, node);
        ModelsHearClosed(_edges.Dialer(edge), _edges.Listener(edge));
        if (Logged(node))
        {
            LogRemoteClose(node, peer, cause);
        }

        StartLoop(node);
    }

    /// <summary>
    /// The listener of <paramref name="edge"/> closed its end while taking the SYN (refused it, or pruned it at once):
    /// the models, which admitted it, hear its end and the edge closed, as an instant refusal's edge is; nothing is
    /// sent, as the answer says refused, and the dialer frees the id at the answer.
    /// </summary>
    private void RefuseAccepting(int edge, int listener)
    {
        HearEndClosed(edge, listener);
        _edges.CloseAccepting(edge);
        ModelsHearClosed(_edges.Dialer(edge), _edges.Listener(edge));
    }

    /// <summary>The models hear <paramref name="node"/>'s end of <paramref name="edge"/> closed.</summary>
    private void HearEndClosed(int edge, int node)
    {
        var dialer = _edges.Dialer(edge);
        ModelsHearEndClosed(dialer, _edges.Listener(edge), node == dialer ? ConnectionEnds.Dialer : ConnectionEnds.Listener);
    }

    private void LogRemoteClose(int node, int peer, RemoteCause cause)
    {
        if (cause >= RemoteCause.PrunedByPeer)
        {
            Log(node, EventKinds.PrunedByPeer, peer, ((PruneReason)(cause - RemoteCause.PrunedByPeer)).ToString());
            return;
        }

        Log(node, EventKinds.Disconnected, peer, cause switch
        {
            RemoteCause.PeerOffline => "peer-offline",
            RemoteCause.PeerRouterDied => "peer-router-died",
            RemoteCause.Probe => "probe",
            _ => "dialer-refused",
        });
    }

    /// <summary>An event about an edge (a remote close, a SYN, an answer) two events ahead loads the engine and the edge; one ahead, the engine's tables for the peer.</summary>
    private void HintEdgeEvent(in SimEvent e, int ahead)
    {
        if (ahead > 1)
        {
            HintEngine(_engines[e.A]);
            _edges.Prefetch(e.B);
            return;
        }

        _engines[e.A].Prefetch(_edges.Other(e.B, e.A));
    }
}
