using ConnMgr.Engine;
using ConnMgr.Engine.Events;

namespace ConnMgr.Sim.Network;

public sealed partial class NetworkRunner
{
    private const byte FlagMaskOnlineAlive = Online | RouterDead;

    /// <summary>A dial from <paramref name="a"/> to <paramref name="b"/> completes (or fails) after its latency.</summary>
    private void DialDone(int a, int b, bool crawl)
    {
        _pending[a]--;
        var ga = _groups[_group[a]];
        var rudeKey = ((long)a << 32) | (uint)b; // b pruned a earlier?
        if (_prunedAt.TryGetValue(rudeKey, out var at) && Clock.NowTicks - at <= _net.RedialWindow.Ticks)
        {
            ga.RudeRedials++;
        }

        var reachable = (_flags[b] & FlagMaskOnlineAlive) == Online && (_flags[b] & Dialable) != 0;
        if (!reachable && !crawl)
        {
            Forget(a, b);
        }

        if (!TryConnect(a, b, crawl ? ConnectPurpose.Crawl : ConnectPurpose.Generic) && !crawl)
        {
            StartLoop(a);
        }
    }

    /// <summary>
    /// The end of a dial from <paramref name="a"/> to <paramref name="b"/>: reachability, dial failure, NAT entries at
    /// both routers, then both engines' admission. On success the connection is attributed for its purpose and the
    /// subsystems hear of it. Returns true when the two are connected afterwards (a crawl closes at once: false).
    /// </summary>
    internal bool TryConnect(int a, int b, ConnectPurpose purpose)
    {
        var ga = _groups[_group[a]];
        ga.Dials++;
        var ok = (_flags[b] & FlagMaskOnlineAlive) == Online
            && (_flags[b] & Dialable) != 0
            && a != b
            && (_flags[a] & FlagMaskOnlineAlive) == Online
            && !_engines[a].IsConnected(b)
            && _failRng.NextDouble() >= _net.DialFailure;
        if (ok && !TakeNat(a))
        {
            ok = false;
        }

        if (ok && !TakeNat(b))
        {
            ReleaseNow(a);
            ok = false;
        }

        if (!ok)
        {
            return false;
        }

        var edge = _edges.Open(a, b);
        var inbound = _engines[b].Connected(a, Direction.Inbound, edge);
        if (!inbound.Accepted || !_edges.IsOpen(edge))
        {
            CloseEdge(edge, pruner: -1);
            return false;
        }

        _inboundAccepted[b]++;
        var outbound = _engines[a].Connected(b, Direction.Outbound, edge);
        if (!outbound.Accepted && _edges.IsOpen(edge))
        {
            _engines[b].Disconnected(a, edge);
            CloseEdge(edge, pruner: -1);
            return false;
        }

        if (!_edges.IsOpen(edge))
        {
            return false;
        }

        ga.DialsConnected++;
        Log(a, "connected", b, _engines[a].Count);
        Log(b, "connected", a, _engines[b].Count);
        _groups[_group[b]].Ops++;
        ga.Ops++;
        if (purpose == ConnectPurpose.Crawl)
        {
            // A crawler only asks for the routing table and leaves.
            _engines[a].Disconnected(b, edge);
            _engines[b].Disconnected(a, edge);
            CloseEdge(edge, pruner: -1);
            return false;
        }

        if (purpose == ConnectPurpose.Dht)
        {
            _engines[a].SetSubsystem(b, "dht");
            _engines[b].SetSubsystem(a, "dht");
            if (_net.Dht!.TransientQueries)
            {
                _engines[a].MarkTransient(b, true);
            }
        }

        _dht?.Connected(a, b);
        _pubsub?.Connected(a, b);
        return _edges.IsOpen(edge);
    }

    /// <summary>
    /// A known peer did not answer (offline, behind NAT or its router down): replace it in the address book with a
    /// fresh random node, as a DHT walk would; otherwise a node below target would redial the unreachable forever.
    /// </summary>
    private void Forget(int node, int peer)
    {
        var row = (long)node * _bookSize;
        for (var k = 0; k < _bookSize; k++)
        {
            if (_book[row + k] == peer)
            {
                _book[row + k] = RandomKnownPeer(node);
                return;
            }
        }
    }

    /// <summary>An engine pruned a connection: the other end learns of it through its own engine.</summary>
    internal void Pruned(int self, int peer, int edge, PruneReason reason)
    {
        if (!_edges.IsOpen(edge))
        {
            return;
        }

        if (_meshPruned is not null && _pubsub!.InAnyMesh(self, peer))
        {
            _groups[_group[self]].MeshPeersPruned++;
            if (reason != PruneReason.QuotaExceeded)
            {
                _meshPruned[self]++;
            }
        }

        _groups[_group[self]].Pruned++;
        Log(self, "pruned", peer, _engines[self].Count);
        Log(peer, "pruned-by-peer", self, _engines[peer].Count);
        _prunedAt[((long)peer << 32) | (uint)self] = Clock.NowTicks;
        if (_engines[self].IsProtected(peer))
        {
            _groups[_group[self]].ProtectedPruned++;
        }

        _engines[peer].Disconnected(self, edge);
        CloseEdge(edge, pruner: self);
    }

    internal void Trimmed(int self)
    {
        var g = _groups[_group[self]];
        g.Trims++;
        Log(self, "trim", -1, _engines[self].Count);
        if (_meshPruned is not null && _meshPruned[self] > 0)
        {
            _meshPruned[self] = 0;
            if (g.PubsubQuotaIndex > 0 && ViolatesReserve(_engines[self], g.PubsubQuotaIndex, g.QuotaReserved))
            {
                g.QuotaViolations++;
            }
        }
    }

    /// <summary>
    /// The quota guarantee, checked after a trim that pruned mesh peers: pubsub may end below its reserve only when no
    /// other subsystem is still above its own (others only shrink during a trim, so one above now was above then).
    /// </summary>
    private static bool ViolatesReserve(ConnectionManager<int> engine, int subsystem, int[] reserved)
    {
        if (engine.SubsystemCount(subsystem) >= reserved[subsystem])
        {
            return false;
        }

        for (var i = 0; i < reserved.Length; i++)
        {
            if (i != subsystem && engine.SubsystemCount(i) > reserved[i])
            {
                return true;
            }
        }

        return false;
    }

    internal void Rejected(int self)
    {
        _groups[_group[self]].Rejected++;
        Log(self, "rejected", -1, 0);
    }

    /// <summary>Appends an events.csv row when <paramref name="node"/> is one of the sampled nodes.</summary>
    private void Log(int node, string what, int peer, int value)
    {
        if (_events is null || !_logged[node])
        {
            return;
        }

        var seconds = (Clock.NowTicks - Clock.Start.UtcTicks) / (double)TimeSpan.TicksPerSecond;
        _events.Add(new Traces.EventRow(seconds, _groups[_group[node]].Spec.Name, node, what, peer < 0 ? "" : peer.ToString(System.Globalization.CultureInfo.InvariantCulture), value, ""));
    }

    /// <summary>Keeps the per-node time above HighWater and the largest count up to date.</summary>
    internal void CountChanged(int node)
    {
        var g = _groups[_group[node]];
        var count = _engines[node].Count;
        _maxCount[node] = Math.Max(_maxCount[node], count);
        var above = count > g.High;
        var since = _aboveSince[node];
        if (above && since == 0)
        {
            _aboveSince[node] = Clock.NowTicks;
        }
        else if (!above && since != 0)
        {
            _timeAbove[node] += Clock.NowTicks - since;
            _aboveSince[node] = 0;
        }
    }

    /// <summary>Closes every connection of a node (leaving, or its router died), at both ends.</summary>
    private void DropAll(int node)
    {
        _engines[node].CopyConnections(_scratch);
        foreach (var (peer, id) in _scratch)
        {
            var edge = (int)id;
            if (!_edges.IsOpen(edge))
            {
                continue;
            }

            _engines[node].Disconnected(peer, edge);
            _engines[peer].Disconnected(node, edge);
            CloseEdge(edge, pruner: -1);
            StartLoop(peer);
        }
    }

    private void CloseEdge(int edge, int pruner)
    {
        var a = _edges.Dialer(edge);
        var b = _edges.Listener(edge);
        _edges.Close(edge);
        _pubsub?.Disconnected(a, b);
        _dht?.Disconnected(a, b);
        LingerNat(a);
        LingerNat(b);
        _groups[_group[a]].Ops++;
        _groups[_group[b]].Ops++;
        _ = pruner;
        StartLoop(a);
        StartLoop(b);
    }

    /// <summary>Takes a NAT entry for a new connection; applies the router's behaviour when the table is full.</summary>
    private bool TakeNat(int node)
    {
        var g = _groups[_group[node]];
        if (g.NatCapacity == 0)
        {
            return true;
        }

        if (_natUsed[node] < g.NatCapacity)
        {
            _natUsed[node]++;
            return true;
        }

        switch (g.Spec.Router!.OnFull)
        {
            case "evictOldest" when _natUsed[node] - _engines[node].Connections > _natLingerEvicted[node]:
                // The oldest entries are the lingering ones (open connections are refreshed by traffic): reuse one;
                // its scheduled release is then skipped.
                _natLingerEvicted[node]++;
                g.RouterEvictions++;
                return true;
            case "die":
                g.RouterDeaths++;
                Die(node);
                return false;
            default:
                g.RouterDrops++;
                return false;
        }
    }

    private void Die(int node)
    {
        Log(node, "router-died", -1, _natUsed[node]);
        DropAll(node);
        _flags[node] |= RouterDead;
        _flags[node] &= unchecked((byte)~Looping);
        _routerGeneration[node]++;
        _natUsed[node] = 0;
        _natLingerEvicted[node] = 0;
        Clock.Schedule(Clock.NowTicks + _groups[_group[node]].Spec.Router!.Reboot.Ticks, _handler, KRevive, node, _routerGeneration[node]);
    }

    private void LingerNat(int node)
    {
        if (_groups[_group[node]].NatCapacity == 0 || (_flags[node] & RouterDead) != 0)
        {
            return;
        }

        Clock.Schedule(Clock.NowTicks + _groups[_group[node]].Spec.Router!.Linger.Ticks, _handler, KRelease, node, _routerGeneration[node]);
    }

    private void ReleaseNow(int node)
    {
        if (_groups[_group[node]].NatCapacity > 0 && _natUsed[node] > 0)
        {
            _natUsed[node]--;
        }
    }

    private void Release(int node, int generation)
    {
        if (_routerGeneration[node] != generation)
        {
            return; // the router rebooted since: its table was cleared
        }

        if (_natLingerEvicted[node] > 0)
        {
            _natLingerEvicted[node]--;
            return;
        }

        if (_natUsed[node] > 0)
        {
            _natUsed[node]--;
        }
    }
}
