using ConnMgr.Engine;
using ConnMgr.Sim.Kernel;

namespace ConnMgr.Sim.Network;

/// <summary>
/// Cache hints in two stages, because an engine's tables hang off its object: two events ahead the engine objects
/// (and the node's own bytes) start loading; one event ahead, with those fields now in cache, each engine prefetches
/// the index bucket, slot and connection node the call will take (<see cref="ConnMgr.Engine.ConnectionManager{TPeer}.Prefetch"/>).
/// Hints change nothing: outputs are byte-identical with <c>CONNMGR_SIM_PREFETCH=0</c>.
/// </summary>
public sealed partial class NetworkRunner
{
    /// <summary>
    /// The engine object's fields a dial completion reads (<see cref="ConnectionManager{TPeer}.PrefetchFields"/>: 6 or 7
    /// lines by the object's alignment, of its 744 bytes; benchmarks/README.md, twenty-ninth step).
    /// </summary>
    private static void HintEngine(ConnectionManager<int> engine)
    {
        if (Prefetcher.Enabled)
        {
            ConnectionManager<int>.PrefetchFields(engine);
        }
    }

    void IEventHandler.Prefetch(in SimEvent e, int ahead)
    {
        if (e.Kind >= KRemoteClose || (e.Kind >= KSyn && e.Kind < TraceSampler.Kind))
        {
            HintEdgeEvent(e, ahead);
            return;
        }

        if (e.Kind == KDeliver)
        {
            return; // a bucket hints its own messages as it goes (Deliver)
        }

        var wakeUp = e.Kind == KDial;
        if (!wakeUp && (e.Kind < KDialDone || e.Kind >= TraceSampler.Kind))
        {
            return; // timeouts and samples are rare
        }

        if (ahead > 1)
        {
            HintEngine(_engines[e.A]);
            Prefetcher.Item(ref _pending[e.A]);
            _draws.Prefetch(e.A);
            if (wakeUp)
            {
                _targets.Prefetch(e.A);
            }
            else
            {
                HintEngine(_engines[e.B]);
                Prefetcher.Item(ref _flags[e.B]);
            }

            return;
        }

        _engines[e.A].Prefetch(e.B); // a wake-up has no peer yet (B is 0): the slot and node a new connection takes
        if (!wakeUp)
        {
            _engines[e.B].Prefetch(e.A);
        }
    }

    /// <summary>
    /// Closing a departing node's own ends one by one, with delayed closes (<see cref="DropAll"/>): the peers' engines
    /// hear later, so the hints are the node's own engine entry for the next peer and the edge two ahead.
    /// </summary>
    private void HintDrop(int node, List<(int Peer, long ConnectionId)> peers, int i)
    {
        if (!Prefetcher.Enabled)
        {
            return;
        }

        if (i + 2 < peers.Count)
        {
            _edges.Prefetch((int)peers[i + 2].ConnectionId);
        }

        if (i + 1 < peers.Count)
        {
            _engines[node].Prefetch(peers[i + 1].Peer);
        }
    }

    /// <summary>Closing a node's connections one by one (<see cref="DropAll"/>): the same two stages over its peers.</summary>
    private void HintClose(int node, List<(int Peer, long ConnectionId)> peers, int i)
    {
        if (!Prefetcher.Enabled)
        {
            return;
        }

        if (i + 2 < peers.Count)
        {
            HintEngine(_engines[peers[i + 2].Peer]);
        }

        if (i + 1 < peers.Count)
        {
            _engines[peers[i + 1].Peer].Prefetch(node);
        }
    }
}
