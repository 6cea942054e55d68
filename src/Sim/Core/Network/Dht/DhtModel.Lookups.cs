namespace ConnMgr.Sim.Network.Dht;

/// <summary>Lookup mechanics: the shortlist, α queries in flight, replies and timeouts, the end of a lookup, the slot pool.</summary>
internal sealed partial class DhtModel
{
    /// <summary>Queries the nearest unqueried peers until α are in flight; ends the lookup when nothing is left.</summary>
    private void Step(int l)
    {
        var row = l * _capacity;
        while (!_abandoned[l] && _inflight[l] < _spec.Alpha)
        {
            var next = -1;
            var considered = 0;
            for (var i = 0; i < _count[l] && considered < _spec.K; i++)
            {
                var s = _state[row + i];
                if (s == Failed)
                {
                    continue;
                }

                considered++;
                if (s == New)
                {
                    next = i;
                    break;
                }
            }

            if (next < 0)
            {
                break;
            }

            Query(l, next);
        }

        if (_inflight[l] == 0)
        {
            Finish(l);
        }
    }

    private void Query(int l, int index)
    {
        var at = (l * _capacity) + index;
        _state[at] = InFlight;
        _inflight[l]++;
        var node = _node[l];
        var peer = _peer[at];
        var g = Stats[_net.GroupOf(node)];
        g.Queries++;
        var delay = _rpc.SampleTicks(_rpcRng.At(node));
        var fast = _sybils is { RoundTripTicks: { } roundTrip } && _sybils.IsSybil(peer) ? roundTrip : -1;
        delay = fast >= 0 ? fast : delay;
        if (_net.Engine(node).IsConnected(peer))
        {
            g.Reused++;
        }
        else if (!_net.BeginDial(node, peer))
        {
            // The node's flow budget or dial window refused the dial: nothing was sent; the query waits and asks again.
            _clock.Schedule(_clock.NowTicks + RequeueTicks, _handler, KRequeue, l, peer);
            return;
        }
        else
        {
            _state[at] = Dialing;
            g.MaxDialsInFlight = Math.Max(g.MaxDialsInFlight, ++_dialing[node]);
            var dial = _dial.SampleTicks(_dialRng.At(node));
            if (dial > _timeout)
            {
                _clock.Schedule(_clock.NowTicks + _timeout, _handler, KTimeout, l, peer);
                return;
            }

            delay += fast >= 0 ? fast : dial;
        }

        // A sybil that has defected takes the query and never answers: the lookup waits out its timeout.
        var silent = _silent is not null && _silent(peer);
        _clock.Schedule(_clock.NowTicks + (silent ? _timeout : delay), _handler, silent ? KTimeout : KReply, l, peer);
    }

    /// <summary>A query refused by the dial window or flow budget goes back to the shortlist as unqueried.</summary>
    private void Requeue(int l, int peer)
    {
        var row = l * _capacity;
        _inflight[l]--;
        for (var i = 0; i < _count[l]; i++)
        {
            if (_peer[row + i] == peer && _state[row + i] == InFlight)
            {
                _state[row + i] = New;
                break;
            }
        }

        if (!_net.IsUp(_node[l]))
        {
            _abandoned[l] = true;
        }

        Step(l);
    }

    private void Reply(int l, int peer, bool timedOut)
    {
        var row = l * _capacity;
        var index = -1;
        for (var i = 0; i < _count[l]; i++)
        {
            if (_peer[row + i] == peer)
            {
                index = i;
                break;
            }
        }

        _inflight[l]--;
        var node = _node[l];
        var dialed = index >= 0 && _state[row + index] == Dialing;
        if (dialed)
        {
            _dialing[node]--;
        }

        if (!_net.IsUp(node))
        {
            _abandoned[l] = true;
        }

        var ok = !timedOut && !_abandoned[l] && index >= 0;
        if (dialed && !ok)
        {
            _net.DialTimedOut(node, peer);
        }

        var open = _net.Engine(node).IsConnected(peer) && _net.IsUp(peer);
        if (ok && !open)
        {
            ok = dialed ? _net.CompleteDial(node, peer, ConnectPurpose.Dht) : _net.TryConnect(node, peer, ConnectPurpose.Dht);
            if (ok)
            {
                _opened[l]++;
            }
        }
        else if (ok && dialed)
        {
            _net.CompleteDial(node, peer, ConnectPurpose.Dht); // connected meanwhile: the dial ends, nothing opens
        }

        if (index >= 0)
        {
            _state[row + index] = ok ? Answered : Failed;
        }

        if (!ok && !_abandoned[l])
        {
            Stats[_net.GroupOf(node)].Unanswered++;
        }

        if (ok)
        {
            var depth = _depth[row + index];
            var n = _sybils is { Lies: true } && _sybils.IsSybil(peer)
                ? LiesOf(l, node)
                : Space.Closest(peer, _target[l], _answer, _answerIds);
            for (var i = 0; i < n; i++)
            {
                Insert(l, _answer[i], _answerIds[i], depth + 1);
            }
        }

        Step(l);
    }

    /// <summary>A lying sybil's answer for lookup <paramref name="l"/> of <paramref name="node"/>, with the ids beside it.</summary>
    private int LiesOf(int l, int node)
    {
        var n = _sybils!.Nearest(_target[l], node, _answer);
        for (var i = 0; i < n; i++)
        {
            _answerIds[i] = Space.Id(_answer[i]);
        }

        return n;
    }

    private void Finish(int l)
    {
        var g = Stats[_net.GroupOf(_node[l])];
        if (_abandoned[l])
        {
            g.Abandoned++;
            Release(l);
            return;
        }

        var row = l * _capacity;
        var truth = Space.ClosestServer(_target[l], _isUp);
        var hops = -1;
        if (truth == _node[l])
        {
            hops = 0;
        }
        else
        {
            for (var i = 0; i < _count[l]; i++)
            {
                if (_peer[row + i] == truth && _state[row + i] == Answered)
                {
                    hops = _depth[row + i] + 1;
                    break;
                }
            }
        }

        g.Lookups++;
        g.IntervalLookups++;
        var sybilOnly = OnlySybilsAnswered(l);
        g.SybilOnly += sybilOnly ? 1 : 0;
        if (_probe[l])
        {
            _probesEnded++;
            _probesSybilOnly += sybilOnly ? 1 : 0;
        }

        g.Opened += _opened[l];
        g.IntervalOpened += _opened[l];
        g.Record(_clock.NowTicks - _started[l]);
        if (hops >= 0 || truth < 0)
        {
            g.Succeeded++;
            g.IntervalSucceeded++;
            hops = Math.Max(hops, 0);
            g.HopSum += hops;
            g.IntervalHopSum += hops;
            g.HopCounts[Math.Min(hops, 64)]++;
        }

        Release(l);
    }

    /// <summary>True when the lookup's result (the k nearest peers that answered) holds sybils only; false without an attack.</summary>
    private bool OnlySybilsAnswered(int l)
    {
        if (_sybils is null)
        {
            return false;
        }

        var (row, answered) = (l * _capacity, 0);
        for (var i = row; i < row + _count[l] && answered < _spec.K; i++)
        {
            if (_state[i] == Answered)
            {
                answered++;
                if (!_sybils.IsSybil(_peer[i]))
                {
                    return false;
                }
            }
        }

        return answered > 0;
    }

    /// <summary>Inserts a peer (with its id) into the distance-ordered shortlist (kept at 3k); duplicates and the node itself are ignored.</summary>
    private void Insert(int l, int peer, ulong id, int depth)
    {
        if (peer == _node[l])
        {
            return;
        }

        var row = l * _capacity;
        var n = _count[l];
        var distance = id ^ _target[l];

        // The shortlist is ordered by distance: the peer goes before the first farther entry, and a duplicate has the
        // same distance (XOR with the target is one-to-one), so it sits in the run of equal distances before that point.
        var (lo, hi) = (0, n);
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            (lo, hi) = _distance[row + mid] > distance ? (lo, mid) : (mid + 1, hi);
        }

        var at = lo;
        for (var i = at - 1; i >= 0 && _distance[row + i] == distance; i--)
        {
            if (_peer[row + i] == peer)
            {
                return;
            }
        }

        if (at >= _capacity)
        {
            return;
        }

        // A full list drops its farthest entry that is not in flight (a reply must still find its peer).
        var drop = n;
        if (n == _capacity)
        {
            drop = -1;
            for (var i = n - 1; i >= at; i--)
            {
                if (_state[row + i] is not (InFlight or Dialing))
                {
                    drop = i;
                    break;
                }
            }

            if (drop < 0)
            {
                return;
            }
        }

        for (var i = drop; i > at; i--)
        {
            _peer[row + i] = _peer[row + i - 1];
            _distance[row + i] = _distance[row + i - 1];
            _state[row + i] = _state[row + i - 1];
            _depth[row + i] = _depth[row + i - 1];
        }

        _peer[row + at] = peer;
        _distance[row + at] = distance;
        _state[row + at] = New;
        _depth[row + at] = (byte)Math.Min(depth, 255);
        _count[l] = Math.Min(n + 1, _capacity);
    }

    private int Allocate()
    {
        if (_free.Count == 0)
        {
            Grow(_pool * 2);
        }

        return _free.Pop();
    }

    /// <summary>Frees the slot; a refresh lookup that ended starts its node's next refresh lookup (they run one at a time).</summary>
    private void Release(int l)
    {
        var (node, step, abandoned) = (_node[l], _refreshStep[l], _abandoned[l]);
        _refreshStep[l] = -1;
        _probe[l] = false;
        _free.Push(l);
        if (step >= 0 && !abandoned)
        {
            ContinueRefresh(node, step + 1);
        }
    }

    private void Grow(int size)
    {
        var old = _pool;
        Array.Resize(ref _node, size);
        Array.Resize(ref _target, size);
        Array.Resize(ref _started, size);
        Array.Resize(ref _inflight, size);
        Array.Resize(ref _opened, size);
        Array.Resize(ref _count, size);
        Array.Resize(ref _abandoned, size);
        Array.Resize(ref _probe, size);
        Array.Resize(ref _refreshStep, size);
        Array.Resize(ref _peer, size * _capacity);
        Array.Resize(ref _distance, size * _capacity);
        Array.Resize(ref _state, size * _capacity);
        Array.Resize(ref _depth, size * _capacity);
        for (var l = size - 1; l >= old; l--)
        {
            _refreshStep[l] = -1;
            _free.Push(l);
        }

        _pool = size;
    }
}
