using ConnMgr.Sim.Kernel;

namespace ConnMgr.Sim.Network.Pubsub;

/// <summary>Mesh maintenance: heartbeats, GRAFT, PRUNE with backoff, discovery, and the below-D_lo accounting.</summary>
internal sealed partial class PubsubModel
{

    private void Heartbeat()
    {
        (_sweep, _dirtyList) = (_dirtyList, _sweep);
        _dirtyList.Clear();
        foreach (var s in _sweep)
        {
            _dirty[s] = false;
        }

        foreach (var s in _sweep)
        {
            if (!_net.IsUp(_slotNode[s]))
            {
                continue;
            }

            Maintain(s);
            if (_degree[s] < _spec.DLo || _degree[s] > _spec.DHi)
            {
                MarkDirty(s);
            }
        }
    }

    /// <summary>GRAFT up to D when below D_lo (then discovery if still short), PRUNE random peers down to D when above D_hi.</summary>
    private void Maintain(int s)
    {
        var node = _slotNode[s];
        var topic = _slotTopic[s];
        if (_degree[s] < _spec.DLo)
        {
            _net.Engine(node).CopyConnections(_connections);
            _candidates.Clear();
            foreach (var (peer, _) in _connections)
            {
                if (!_net.IsUp(peer) || InMesh(s, peer) || InBackoff(s, peer) || _candidates.Contains(peer))
                {
                    continue;
                }

                var ps = SlotOf(peer, topic);
                if (ps >= 0 && _degree[ps] < _cap && !InBackoff(ps, node))
                {
                    _candidates.Add(peer);
                }
            }

            var need = Math.Min(_spec.D - _degree[s], _candidates.Count);
            for (var k = 0; k < need; k++)
            {
                var j = k + _meshRng.At(node).Next(_candidates.Count - k);
                (_candidates[k], _candidates[j]) = (_candidates[j], _candidates[k]);
                var peer = _candidates[k];
                Link(s, peer);
                Link(SlotOf(peer, topic), node);
                Stats[_net.GroupOf(node)].Grafts++;
            }

            if (_degree[s] < _spec.DLo && _clock.NowTicks >= _nextDiscovery[s])
            {
                Discover(s);
            }
        }
        else if (_degree[s] > _spec.DHi)
        {
            while (_degree[s] > _spec.D)
            {
                var peer = _mesh[((long)s * _cap) + _meshRng.At(node).Next(_degree[s])];
                var ps = SlotOf(peer, topic);
                Unlink(s, peer);
                Unlink(ps, node);
                Backoff(s, peer);
                Backoff(ps, node);
                Stats[_net.GroupOf(node)].Prunes++;
            }
        }
    }

    /// <summary>Dials random subscribers of the topic (what peer exchange and discovery provide in gossipsub).</summary>
    private void Discover(int s)
    {
        var node = _slotNode[s];
        var members = _topicSlots[_slotTopic[s]];
        var engine = _net.Engine(node);
        _nextDiscovery[s] = _clock.NowTicks + _spec.DiscoveryInterval.Ticks;
        for (var i = 0; i < _spec.DiscoveryDials; i++)
        {
            var peer = _slotNode[members[_discoveryRng.At(node).Next(members.Length)]];
            if (peer == node || !_net.IsDialable(peer) || engine.IsConnected(peer) || !engine.CanDial(peer))
            {
                continue;
            }

            Stats[_net.GroupOf(node)].DiscoveryDials++;
            var latency = _dial.SampleTicks(_dialRng.At(node));
            if (latency <= _timeout)
            {
                _clock.Schedule(_clock.NowTicks + latency, _handler, KDial, node, peer);
            }
        }
    }

    private void WakeIfUseful(int node, int peer)
    {
        var f = _firstSlot[node];
        if (f < 0 || _firstSlot[peer] < 0)
        {
            return;
        }

        for (var s = f; s < f + _perNode; s++)
        {
            if (_degree[s] < _spec.DLo && !_dirty[s] && SlotOf(peer, _slotTopic[s]) >= 0)
            {
                MarkDirty(s);
            }
        }
    }

    private void RemoveFromMeshes(int node, int peer)
    {
        var f = _firstSlot[node];
        if (f < 0)
        {
            return;
        }

        for (var s = f; s < f + _perNode; s++)
        {
            if (InMesh(s, peer))
            {
                Unlink(s, peer);
            }
        }
    }

    private int SlotOf(int node, int topic)
    {
        var f = _firstSlot[node];
        if (f < 0)
        {
            return -1;
        }

        for (var s = f; s < f + _perNode; s++)
        {
            if (_slotTopic[s] == topic)
            {
                return s;
            }
        }

        return -1;
    }

    private bool InMesh(int s, int peer)
    {
        var row = (long)s * _cap;
        for (var i = 0; i < _degree[s]; i++)
        {
            if (_mesh[row + i] == peer)
            {
                return true;
            }
        }

        return false;
    }

    private bool InBackoff(int s, int peer)
    {
        var row = s * BackoffSlots;
        for (var i = 0; i < BackoffSlots; i++)
        {
            if (_backoffPeer[row + i] == peer && _backoffUntil[row + i] > _clock.NowTicks)
            {
                return true;
            }
        }

        return false;
    }

    private void Backoff(int s, int peer)
    {
        var i = (s * BackoffSlots) + _backoffNext[s];
        _backoffPeer[i] = peer;
        _backoffUntil[i] = _clock.NowTicks + _spec.PruneBackoff.Ticks;
        _backoffNext[s] = (byte)((_backoffNext[s] + 1) % BackoffSlots);
    }

    private void Link(int s, int peer)
    {
        var node = _slotNode[s];
        _mesh[((long)s * _cap) + _degree[s]++] = peer;
        var engine = _net.Engine(node);
        engine.TagPeer(peer, _meshTag[_slotTopic[s]], _spec.MeshTagValue);
        engine.SetSubsystem(peer, PubsubSubsystem);
        DegreeChanged(s);
    }

    private void Unlink(int s, int peer)
    {
        var row = (long)s * _cap;
        for (var i = 0; i < _degree[s]; i++)
        {
            if (_mesh[row + i] == peer)
            {
                _mesh[row + i] = _mesh[row + --_degree[s]];
                break;
            }
        }

        var node = _slotNode[s];
        var engine = _net.Engine(node);
        engine.UntagPeer(peer, _meshTag[_slotTopic[s]]);
        if (engine.IsConnected(peer) && !InAnyMesh(node, peer))
        {
            engine.SetSubsystem(peer, InTable is not null && InTable(node, peer) ? "dht" : "other");
        }

        DegreeChanged(s);
    }

    /// <summary>Keeps the below-D_lo accounting exact and queues the slot for the next heartbeat when out of bounds.</summary>
    private void DegreeChanged(int s)
    {
        var below = _degree[s] < _spec.DLo;
        if (_countFrom[s] != 0)
        {
            if (below && _belowFrom[s] == 0)
            {
                _belowFrom[s] = _clock.NowTicks;
            }
            else if (!below && _belowFrom[s] != 0)
            {
                Stats[_net.GroupOf(_slotNode[s])].BelowTicks += _clock.NowTicks - _belowFrom[s];
                _belowFrom[s] = 0;
            }
        }

        if (below || _degree[s] > _spec.DHi)
        {
            MarkDirty(s);
        }
    }

    private void CloseAccounting(int s, long now)
    {
        if (_countFrom[s] == 0)
        {
            return;
        }

        var stats = Stats[_net.GroupOf(_slotNode[s])];
        stats.OnlineTicks += now - _countFrom[s];
        if (_belowFrom[s] != 0)
        {
            stats.BelowTicks += now - _belowFrom[s];
        }

        _countFrom[s] = 0;
        _belowFrom[s] = 0;
    }

    private void MarkDirty(int s)
    {
        if (!_dirty[s])
        {
            _dirty[s] = true;
            _dirtyList.Add(s);
        }
    }
}
