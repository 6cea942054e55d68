using ConnMgr.Engine.Events;
using ConnMgr.Sim.Kernel;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Network;

/// <summary>
/// Delayed remote closes (<c>network.remoteCloses: halfRoundTrip</c>): a close at one end (a prune, going offline, a
/// router dying, the dialer refusing) drops the local end at once and reaches the other end half the edge's round
/// trip later, as an event owned by that end. The models hear <c>Disconnected</c> once, when the last end closes: the
/// attack model counts a victim's peers through its engine, so hearing it at the first end double-counts
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
    /// Closes <paramref name="node"/>'s end of <paramref name="edge"/>, whose engine no longer holds it. The other end
    /// learns half a round trip later, or the edge is closed when that end was closed already.
    /// </summary>
    private void CloseLocalEnd(int node, int edge, RemoteCause cause, PruneReason reason = default)
    {
        _groups[_group[node]].Ops++;
        if (CloseEnd(edge, node))
        {
            EdgeClosed(edge, node);
        }
        else
        {
            var kind = KRemoteClose + (int)cause + (cause == RemoteCause.PrunedByPeer ? (int)reason : 0);
            Post(Clock.NowTicks + _edges.HalfTrip(edge), kind, _edges.Other(edge, node), edge);
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

    /// <summary>A close reached <paramref name="node"/>: its engine drops the connection unless it dropped it meanwhile.</summary>
    private void RemoteClose(int node, int edge, RemoteCause cause)
    {
        if (_edges.IsOpenAt(edge, node))
        {
            var peer = _edges.Other(edge, node);
            _engines[node].Disconnected(peer, edge);
            _groups[_group[node]].Ops++;
            if (CloseEnd(edge, node))
            {
                EdgeClosed(edge, node);
            }

            if (Logged(node))
            {
                LogRemoteClose(node, peer, cause);
            }

            StartLoop(node);
        }

        _edges.Delivered(edge, node);
    }

    /// <summary>The last end of an edge closed, at <paramref name="node"/>: the models hear of it (their teardown), and its id is freed once nothing travels on it.</summary>
    private void EdgeClosed(int edge, int node)
    {
        ModelsHearClosed(_edges.Dialer(edge), _edges.Listener(edge));
        _edges.ReleaseIfIdle(edge, node);
    }

    /// <summary>Closes <paramref name="node"/>'s end of <paramref name="edge"/> and the models hear it; true when it was the last open end.</summary>
    private bool CloseEnd(int edge, int node)
    {
        var last = _edges.CloseEnd(edge, node);
        var dialer = _edges.Dialer(edge);
        ModelsHearEndClosed(dialer, _edges.Listener(edge), node == dialer ? ConnectionEnds.Dialer : ConnectionEnds.Listener);
        return last;
    }

    /// <summary>The one call site of the models' <c>EndClosed</c> hook: both ends of an instant close, or one end of a delayed one.</summary>
    private void ModelsHearEndClosed(int dialer, int listener, ConnectionEnds ends)
    {
        foreach (var m in _hooks.EndClosed)
        {
            m.EndClosed(dialer, listener, ends);
        }
    }

    /// <summary>The one call site of the models' <c>Disconnected</c> hook, for instant and delayed closes alike.</summary>
    private void ModelsHearClosed(int dialer, int listener)
    {
        foreach (var m in _hooks.Disconnected)
        {
            m.Disconnected(dialer, listener);
        }
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
            Prefetcher.Object(_engines[e.A], EngineLines);
            _edges.Prefetch(e.B);
            return;
        }

        _engines[e.A].Prefetch(_edges.Other(e.B, e.A));
    }
}
