namespace ConnMgr.Sim.Network.Dht;

/// <summary>
/// The routing table as the engines see it (table peers connected, protected) and its refresh: one lookup per
/// non-empty bucket and one for the node's own id every refresh interval.
/// </summary>
internal sealed partial class DhtModel
{
    /// <summary>go-libp2p-kbucket's maxCplForRefresh (table_refresh.go): buckets deeper than this are not refreshed.</summary>
    private const int MaxBucketForRefresh = 15;

    /// <summary>Routing-table sizes are averaged over at most this many servers of a group (evenly spaced): exact at the shipped CI sizes, bounded at 1M.</summary>
    private const int TableSizeSample = 10_000;

    /// <summary>Table peers are counted at a sample over at most this many online servers of a group (evenly spaced).</summary>
    private const int TablePeersSample = 1_000;

    private readonly List<(int Peer, long ConnectionId)> _connections = [];

    private void StartRefresh()
    {
        var interval = _spec.RefreshInterval.Ticks;
        if (interval <= 0)
        {
            return;
        }

        foreach (var node in _members)
        {
            _clock.Schedule(_clock.NowTicks + (long)(_refreshRng.At(node).NextDouble() * interval), _handler, KRefresh, node);
        }
    }

    /// <summary>The refresh step of the lookup for the node's own id, after the buckets'.</summary>
    private const int SelfStep = MaxBucketForRefresh + 1;

    /// <summary>Starts a refresh round (the next is due one interval later).</summary>
    private void Refresh(int node)
    {
        _clock.Schedule(_clock.NowTicks + _spec.RefreshInterval.Ticks, _handler, KRefresh, node);
        if (_net.IsUp(node))
        {
            HoldProtection(node);
            ContinueRefresh(node, 0);
        }
    }

    /// <summary>
    /// Starts the refresh lookup for the first non-empty bucket at or after <paramref name="step"/> (a random key with
    /// that common prefix), then the one for the node's own id; one at a time, as go-libp2p-kad-dht's refresh manager
    /// refreshes its buckets in turn. A lookup's end (<see cref="Release"/>) starts the next step.
    /// </summary>
    private void ContinueRefresh(int node, int step)
    {
        if (!_net.IsUp(node))
        {
            return;
        }

        var id = Space.Id(node);
        var self = Space.IsServer(node) ? 1 : 0;
        for (var b = step; b <= MaxBucketForRefresh; b++)
        {
            if (b > 0 && Space.SubtreeSize(id, b) <= self)
            {
                break; // nothing but the node itself this deep
            }

            var (lo, hi) = Space.Bucket(id, b);
            if (hi > lo)
            {
                StartLookup(node, RefreshTarget(node, id, b), refreshStep: b);
                return;
            }
        }

        if (step <= SelfStep)
        {
            StartLookup(node, id, refreshStep: SelfStep);
        }
    }

    /// <summary>A random key sharing exactly <paramref name="bucket"/> leading bits with <paramref name="id"/> (go-libp2p-kbucket's GenRandPeerID).</summary>
    private ulong RefreshTarget(int node, ulong id, int bucket)
    {
        var bit = 1UL << (63 - bucket);
        var prefix = bucket == 0 ? 0 : id & (ulong.MaxValue << (64 - bucket));
        return prefix | (~id & bit) | (_refreshRng.At(node).NextUInt64() & (bit - 1));
    }

    /// <summary>
    /// Mean connected routing-table peers, and table peers the engine protects (connected or not), over the group's
    /// online DHT servers now (at most <see cref="TablePeersSample"/> of them, evenly spaced); NaN when it has none.
    /// </summary>
    private (double Connected, double Protected) TablePeersNow(int group)
    {
        var (first, count) = _net.GroupRange(group);
        var step = Math.Max(1, count / TablePeersSample);
        long connected = 0, protectedPeers = 0, servers = 0;
        for (var i = first; i < first + count; i += step)
        {
            if (!Space.IsServer(i) || !_net.IsUp(i))
            {
                continue;
            }

            var engine = _net.Engine(i);
            engine.CopyConnections(_connections);
            foreach (var (peer, _) in _connections)
            {
                connected += Space.InTable(i, peer) ? 1 : 0;
            }

            protectedPeers += ProtectedTablePeers(i);

            servers++;
        }

        return servers == 0 ? (double.NaN, double.NaN) : (connected / (double)servers, protectedPeers / (double)servers);
    }

    /// <summary>Mean routing-table size of the group's DHT servers (every server when there are at most <see cref="TableSizeSample"/>); NaN when it has none.</summary>
    private double TableSizeMean(int group)
    {
        var (first, count) = _net.GroupRange(group);
        var servers = new List<int>();
        for (var i = first; i < first + count; i++)
        {
            if (Space.IsServer(i))
            {
                servers.Add(i);
            }
        }

        if (servers.Count == 0)
        {
            return double.NaN;
        }

        var step = Math.Max(1, servers.Count / TableSizeSample);
        long sum = 0, n = 0;
        for (var i = 0; i < servers.Count; i += step)
        {
            sum += Space.TableSize(servers[i]);
            n++;
        }

        return sum / (double)n;
    }
}
