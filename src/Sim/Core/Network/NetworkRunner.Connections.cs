using ConnMgr.Engine;
using ConnMgr.Engine.Events;
using ConnMgr.Sim.Kernel;
using ConnMgr.Sim.Results;

namespace ConnMgr.Sim.Network;

public sealed partial class NetworkRunner
{
    private const byte FlagMaskOnlineAlive = Online | RouterDead;

    /// <summary>A dial from <paramref name="a"/> to <paramref name="b"/> completes (or fails) after its latency.</summary>
    private void DialDone(int a, int b, ConnectPurpose purpose)
    {
        var reachable = (_flags[b] & FlagMaskOnlineAlive) == Online && (_flags[b] & Dialable) != 0;
        DialReturned(a, b, purpose, unreachable: !reachable);
        if (!Connect(a, b, purpose) && purpose != ConnectPurpose.Crawl)
        {
            StartLoop(a);
        }
    }

    /// <summary>A dial's outcome reached its dialer (instant, or a split dial's answer): the models hear it, and an unreachable peer leaves the address book.</summary>
    private void DialReturned(int dialer, int listener, ConnectPurpose purpose, bool unreachable)
    {
        _pending[dialer]--;
        foreach (var m in _hooks.DialCompleted)
        {
            m.DialCompleted(dialer, listener);
        }

        if (unreachable && purpose != ConnectPurpose.Crawl)
        {
            _targets.Unreachable(dialer, listener);
        }
    }

    /// <inheritdoc/>
    /// <remarks>A crawl is a probe: it connects (both engines see it) and closes at once, so it returns false.</remarks>
    public bool TryConnect(int dialer, int listener, ConnectPurpose purpose) => MayDial(dialer, listener) && Connect(dialer, listener, purpose);

    /// <summary>Connects a dial already admitted by <see cref="MayDial"/>.</summary>
    private bool Connect(int a, int b, ConnectPurpose purpose)
    {
        Counters(a).Dials++;
        if (Logged(a))
        {
            Log(a, EventKinds.Dial, b, PurposeNames[(int)purpose]);
        }

        var dialerUp = (_flags[a] & FlagMaskOnlineAlive) == Online;
        var reachable = (_flags[b] & FlagMaskOnlineAlive) == Online && (_flags[b] & Dialable) != 0 && a != b && dialerUp;
        var ok = reachable && !_engines[a].IsConnected(b) && !_draws.Fails(a, _net.DialFailure);
        if (!ok)
        {
            var connected = _engines[a].IsConnected(b);
            DialNotConnected(a, b, !reachable ? "unreachable" : connected ? "already-connected" : "failure", timedOut: !reachable, unanswered: dialerUp && a != b && !connected);
            return false;
        }

        if (!Admit(a, b, ConnectionEnds.Both))
        {
            DialNotConnected(a, b, "nat", timedOut: true);
            return false;
        }

        var edge = _edges.Open(a, b, DelayedCloses ? _draws.EdgeLatency(a) / 2 : 0);
        var inbound = _engines[b].Connected(a, Direction.Inbound, edge);
        if (!inbound.Accepted || !_edges.IsOpen(edge))
        {
            if (!DelayedCloses || _edges.IsOpen(edge))
            {
                CloseEdge(edge); // with delayed closes, an edge the listener pruned while taking it is closing already
            }

            DialNotConnected(a, b, "refused", timedOut: false);
            return false;
        }

        var outbound = _engines[a].Connected(b, Direction.Outbound, edge);
        if (!outbound.Accepted && _edges.IsOpen(edge))
        {
            if (DelayedCloses)
            {
                CloseLocalEnd(a, edge, RemoteCause.DialerRefused);
                return false;
            }

            _engines[b].Disconnected(a, edge);
            CloseEdge(edge);
            Log(b, EventKinds.Disconnected, a, "dialer-refused");
            return false;
        }

        if (!_edges.IsOpen(edge))
        {
            return false;
        }

        CountConnected(a, b);
        Log(a, EventKinds.Connected, b, "outbound");
        Log(b, EventKinds.Connected, a, "inbound");
        if (purpose == ConnectPurpose.Crawl)
        {
            _engines[a].Disconnected(b, edge);
            _engines[b].Disconnected(a, edge);
            CloseEdge(edge);
            Log(a, EventKinds.Disconnected, b, "probe");
            Log(b, EventKinds.Disconnected, a, "probe");
            return false;
        }

        ModelsHearEndOpened(a, b, ConnectionEnds.Both);
        ModelsHearConnected(a, b, purpose);
        return _edges.IsOpen(edge);
    }

    /// <summary>A dial connected at both ends: the groups count it.</summary>
    private void CountConnected(int dialer, int listener)
    {
        var g = Counters(dialer);
        g.DialsConnected++;
        g.Ops++;
        Counters(listener).Ops++;
    }

    /// <summary>
    /// A dial that did not connect, instant or split: the models hear of an attempt that left the dialer's network and
    /// got no answer (<paramref name="unanswered"/>), events.csv gets the reason, and the dial gate hears how it ended
    /// (an unreachable peer or a full router never answers: timed out; a failure or a refusal is a reset).
    /// </summary>
    private void DialNotConnected(int dialer, int listener, string reason, bool timedOut, bool unanswered = false)
    {
        if (unanswered)
        {
            DialFailed(dialer, listener);
        }

        Log(dialer, EventKinds.DialFailed, listener, reason);
        DialEnded(dialer, listener, timedOut);
    }

    /// <inheritdoc/>
    public bool TakeDown(int node, DownCause cause)
    {
        if (IsDown(node, cause))
        {
            return false;
        }

        // Down before its connections close, so that their closes do not wake it to dial: a wake-up already pending
        // finds it down and ends the loop (clears Looping), or, if it is back up by then, goes on as its one loop.
        if (cause == DownCause.Offline)
        {
            _flags[node] &= unchecked((byte)~Online);
        }
        else
        {
            _flags[node] |= RouterDead;
        }

        DropAll(node, cause == DownCause.Offline ? "offline" : "router-died");
        if (cause == DownCause.Offline && _engines[node].Options.ShrinkTables)
        {
            _engines[node].TrimExcess(); // an offline node keeps only the peers it remembers, for hours perhaps
        }

        foreach (var m in _hooks.NodeDown)
        {
            m.NodeDown(node, cause);
        }

        if (cause == DownCause.Offline)
        {
            Log(node, EventKinds.Offline, -1, "");
        }

        return true;
    }

    /// <inheritdoc/>
    public bool BringUp(int node, DownCause cause)
    {
        if (!IsDown(node, cause))
        {
            return false;
        }

        if (cause == DownCause.Offline)
        {
            _flags[node] |= Online;
            Log(node, EventKinds.Online, -1, "");
        }
        else
        {
            _flags[node] &= unchecked((byte)~RouterDead);
        }

        foreach (var m in _hooks.NodeUp)
        {
            m.NodeUp(node, cause);
        }

        StartLoop(node);
        return true;
    }

    /// <summary>An engine pruned a connection: the other end learns of it through its own engine.</summary>
    internal void Pruned(int self, int peer, int edge, PruneReason reason)
    {
        if (!_edges.IsOpenAt(edge, self))
        {
            return;
        }

        foreach (var m in _hooks.Pruned)
        {
            m.Pruned(self, peer, reason);
        }

        if (!DelayedCloses)
        {
            ModelsHearPrune(peer, self, reason); // the peer learns at once; with delayed closes, when the close arrives
        }

        Counters(self).Pruned++;
        if (Logged(self))
        {
            Log(self, EventKinds.Pruned, peer, reason.ToString());
        }

        if (_engines[self].IsProtected(peer))
        {
            Counters(self).ProtectedPruned++;
        }

        if (DelayedCloses)
        {
            CloseLocalEnd(self, edge, RemoteCause.PrunedByPeer, reason);
            return;
        }

        _engines[peer].Disconnected(self, edge);
        CloseEdge(edge);
        if (Logged(peer))
        {
            Log(peer, EventKinds.PrunedByPeer, self, reason.ToString());
        }
    }

    /// <summary>The engine of <paramref name="self"/> recorded why it closes a connection: an events.csv row when the node is logged.</summary>
    internal void CloseRecorded(int self, CloseRecord<int> record)
    {
        if (Logged(self))
        {
            Log(self, EventKinds.CloseRecord, record.Peer, CloseRecordText.Format(record));
        }
    }

    /// <summary>A trim cycle ended; <paramref name="dropped"/> is how far it took the count down (the saw-tooth's fall).</summary>
    internal void Trimmed(int self, int dropped)
    {
        var g = Counters(self);
        g.Trims++;
        if (dropped > 0)
        {
            g.TrimsThatClosed++;
            g.TrimDropSum += dropped;
            g.TrimDropMax = Math.Max(g.TrimDropMax, dropped);
        }

        Log(self, EventKinds.Trim, -1, "");
        foreach (var m in _hooks.Trimmed)
        {
            m.Trimmed(self);
        }
    }

    internal void Rejected(int self, RejectReason reason)
    {
        var c = Counters(self);
        c.Rejected++;
        c.RejectedBy[(int)reason]++;
        Log(self, EventKinds.Rejected, -1, "");
    }

    /// <summary>The node's engine accepted a connection: an admission, and its count changed.</summary>
    internal void Admitted(int node, ref NodeCounters counters)
    {
        Counters(node).Accepted++;
        CountChanged(node, ref counters);
    }

    /// <summary>Keeps the per-node time above HighWater and the largest count up to date.</summary>
    internal void CountChanged(int node, ref NodeCounters counters) => counters.CountChanged(_engines[node].Count, _groups[_group[node]].High, Clock.NowTicks);

    /// <summary>Closes every connection of a node (leaving, or its router died), at both ends.</summary>
    private void DropAll(int node, string cause)
    {
        var scratch = _scratch[NodePartition.Of(node)];
        _engines[node].CopyConnections(scratch);
        var delayed = DelayedCloses;
        var remoteCause = cause == "offline" ? RemoteCause.PeerOffline : RemoteCause.PeerRouterDied;
        for (var i = 0; i < scratch.Count; i++)
        {
            var (peer, id) = scratch[i];
            var edge = (int)id;
            if (delayed)
            {
                HintDrop(node, scratch, i);
                DropLocalEnd(node, peer, edge, remoteCause, cause);
                continue;
            }

            HintClose(node, scratch, i);
            if (!_edges.IsOpen(edge))
            {
                continue;
            }

            _engines[node].Disconnected(peer, edge);
            _engines[peer].Disconnected(node, edge);
            CloseEdge(edge);
            Log(node, EventKinds.Disconnected, peer, cause);
            Log(peer, EventKinds.Disconnected, node, cause == "offline" ? "peer-offline" : "peer-router-died");
            StartLoop(peer);
        }
    }

    /// <summary>Closes an edge both engines already dropped: the models hear of it in reverse order (teardown), then both ends dial again.</summary>
    private void CloseEdge(int edge)
    {
        var a = _edges.Dialer(edge);
        var b = _edges.Listener(edge);
        _edges.Close(edge);
        ModelsHearEndClosed(a, b, ConnectionEnds.Both);
        ModelsHearClosed(a, b);
        Counters(a).Ops++;
        Counters(b).Ops++;
        StartLoop(a);
        StartLoop(b);
    }

    /// <summary>Dial purposes as events.csv names them, indexed by <see cref="ConnectPurpose"/>.</summary>
    private static readonly string[] PurposeNames = [.. Enum.GetNames<ConnectPurpose>().Select(n => n.ToLowerInvariant())];

    /// <summary>True when <paramref name="node"/>'s events are written: only then are row arguments built.</summary>
    private bool Logged(int node) => _log is not null && _log.IsLogged(node);
}
