using ConnMgr.Sim.Kernel;

namespace ConnMgr.Sim.Network;

/// <summary>
/// Connections of the network as struct-of-arrays: endpoints (dialer, listener) per edge id, 8 bytes per edge,
/// with a free list. An edge id is the connection id both engines know the connection by. The arrays grow in blocks
/// that never move (<see cref="GrowOnlyInts"/>), so one partition may open edges while the other uses its own.
/// <para>
/// With <see cref="TrackEnds"/> (delayed remote closes) an edge is two half-edges, one per end, each written only by
/// its own node's events (<see cref="HalfEdge"/>), and a close travels between them: 12 more bytes per edge. A
/// closing end always sends its close, since it cannot read the other end. A close that reaches an open end closes
/// it, the last one. A close that reaches an end closed meanwhile is a crossing: the end whose own close arrives
/// later (compared by the windows they arrive in, the dialer's first at a tie) is the earlier receipt and hears the
/// edge closed (<see cref="CloseArrival.Crossed"/>), the other frees the id (<see cref="CloseArrival.CrossedLater"/>).
/// A freed id is reused only from the next 5-ms window (<see cref="SimClock.WindowTicks"/>), after both partitions
/// have run every event that may still read it.
/// </para>
/// <para>
/// A split dial (<c>network.dials: split</c>) opens its edge with the dialer's end <see cref="HalfEdge.Dialing"/>
/// (<see cref="OpenSyn"/>): the listener's end opens when the SYN arrives, the dialer's when the answer does. A dial
/// that did not connect frees its id when its answer arrives.
/// </para>
/// </summary>
internal sealed class EdgeStore
{
    private readonly GrowOnlyInts _dialer = new(fill: -1); // -1: an id not handed out yet
    private readonly GrowOnlyInts _listener = new();
    private GrowOnlyInts? _halves;
    private GrowOnlyInts? _halfTrip;
    private int[] _free = [-1];
    private int[] _nextNew = [0];
    private int[] _live = [0];
    private Queue<(int Edge, int Window)>[] _cooling = [];
    private SimClock? _clock;
    private long _firstWindow;
    private int _partitionMask;

    /// <summary>Edges with an open end (or, in a crossing, whose closes have not met yet).</summary>
    public int Live => _live.Sum();

    /// <summary>
    /// Keeps two half-edges per edge from now on (call before the first <see cref="Open"/>); <paramref name="clock"/>
    /// tells the window a close arrives in and when a freed id may be reused.
    /// </summary>
    public void TrackEnds(SimClock clock)
    {
        _clock = clock;
        _firstWindow = clock.NowTicks / SimClock.WindowTicks;
        _halves = new GrowOnlyInts();
        _halfTrip = new GrowOnlyInts();
        _cooling = [.. _free.Select(_ => new Queue<(int, int)>())];
    }

    /// <summary>
    /// Gives each partition (<see cref="NodePartition"/>) its own ids from now on (call before the first
    /// <see cref="Open"/>): new ids alternate between them, and an id freed by a node's event is reused by its partition, so the ids a partition
    /// hands out never depend on how its events interleave with the other's.
    /// </summary>
    public void UsePartitions()
    {
        _free = [-1, -1];
        _nextNew = [0, 1];
        _live = [0, 0];
        _partitionMask = 1;
        if (_clock is not null)
        {
            _cooling = [new(), new()];
        }
    }

    /// <summary>Opens an edge with both ends open; <paramref name="halfTripTicks"/> is how long a close takes from one end to the other (kept with <see cref="TrackEnds"/>).</summary>
    public int Open(int dialer, int listener, long halfTripTicks = 0)
    {
        var e = Place(dialer, listener, halfTripTicks, HalfEdge.Open, HalfEdge.Open);
        _live[PartitionOf(dialer)]++;
        return e;
    }

    /// <summary>Opens a dialed edge with its SYN on the way: the dialer's end waits for the answer, the listener's is not open yet; <paramref name="halfTripTicks"/> is how long the answer (and any later close) travels.</summary>
    public int OpenSyn(int dialer, int listener, long halfTripTicks) => Place(dialer, listener, halfTripTicks, HalfEdge.Dialing, HalfEdge.None);

    /// <summary>The SYN reached the listener, which is taking the connection: its end is open, but a close there before <see cref="Accept"/> sends nothing (the answer says refused).</summary>
    public void SynArrived(int e)
    {
        _halves![(2 * e) + 1] = HalfEdge.Accepting;
        _live[PartitionOf(_listener[e])]++;
    }

    /// <summary>The listener took the connection: its end is open, and its answer leaves.</summary>
    public void Accept(int e) => _halves![(2 * e) + 1] = HalfEdge.Open;

    /// <summary>True while the listener of <paramref name="e"/> is taking the connection (between <see cref="SynArrived"/> and <see cref="Accept"/>), at <paramref name="node"/>.</summary>
    public bool IsAccepting(int e, int node) => _halves is not null && _listener[e] == node && _halves[(2 * e) + 1] == HalfEdge.Accepting;

    /// <summary>The answer of an accepted SYN reached the dialer: its end opens.</summary>
    public void Answered(int e) => _halves![2 * e] = HalfEdge.Open;

    /// <summary>The answer of a dial that did not connect arrived at <paramref name="dialer"/>: its end was never open, and the listener's is closed, so the id is freed.</summary>
    public void AnswerDropped(int e, int dialer)
    {
        _halves![2 * e] = HalfEdge.None;
        Release(e, dialer);
    }

    /// <summary>The listener closed its end while taking the connection (<see cref="IsAccepting"/>): the last end, with nothing sent; the dialer frees the id when the answer arrives.</summary>
    public void CloseAccepting(int e)
    {
        _halves![(2 * e) + 1] = HalfEdge.None;
        _live[PartitionOf(_listener[e])]--;
    }

    /// <summary>True while both ends are open.</summary>
    public bool IsOpen(int e) => _dialer.Has(e) && _dialer[e] >= 0 && (_halves is null || (_halves[2 * e] == HalfEdge.Open && _halves[(2 * e) + 1] == HalfEdge.Open));

    /// <summary>True while <paramref name="node"/>'s end of the edge is open (or taking the connection).</summary>
    public bool IsOpenAt(int e, int node)
    {
        if (_halves is null)
        {
            return IsOpen(e);
        }

        if (!_dialer.Has(e) || _dialer[e] < 0)
        {
            return false;
        }

        var half = _halves[Half(e, node)];
        return half is HalfEdge.Open or HalfEdge.Accepting;
    }

    public int Dialer(int e) => _dialer[e];

    public int Listener(int e) => _listener[e];

    public int Other(int e, int node) => _dialer[e] == node ? _listener[e] : _dialer[e];

    /// <summary>Half the edge's round trip, in ticks: how long a close takes to reach the other end.</summary>
    public long HalfTrip(int e) => _halfTrip![e];

    /// <summary>Closes both ends at once (one event holds both engines) and frees the id.</summary>
    public void Close(int e)
    {
        var dialer = _dialer[e];
        _live[PartitionOf(dialer)]--;
        if (_halves is null)
        {
            _dialer[e] = -1;
            _listener[e] = _free[PartitionOf(dialer)];
            _free[PartitionOf(dialer)] = e;
            return;
        }

        _halves[2 * e] = _halves[(2 * e) + 1] = HalfEdge.None;
        Release(e, dialer);
    }

    /// <summary><paramref name="node"/> closed its open end, and its close, sent to the other end, arrives at <paramref name="arrivalTicks"/>.</summary>
    public void CloseSent(int e, int node, long arrivalTicks) => _halves![Half(e, node)] = HalfEdge.ClosedSent + Window(arrivalTicks);

    /// <summary>
    /// A close arrived at <paramref name="node"/>'s end now. An open end closes: the last one, so the edge is closed
    /// and its id freed (the caller closes the engine's side). At an end closed meanwhile (a crossing), the earlier of
    /// the two receipts finds the edge closed and the later frees the id.
    /// </summary>
    public CloseArrival CloseArrived(int e, int node)
    {
        ref var half = ref _halves![Half(e, node)];
        var now = Window(_clock!.NowTicks);
        if (half == HalfEdge.Open)
        {
            half = HalfEdge.None;
            _live[PartitionOf(node)]--;
            Release(e, node);
            return CloseArrival.AtOpenEnd;
        }

        if (half < HalfEdge.ClosedSent)
        {
            throw new InvalidOperationException($"a close reached edge {e} at node {node}, whose end is {HalfEdge.Name(half)}: only an open end, or one whose own close is travelling, can receive one");
        }

        var ownArrives = half - HalfEdge.ClosedSent;
        half = HalfEdge.None;
        if (ownArrives < now)
        {
            Release(e, node); // the other end's receipt came in an earlier window and heard the edge closed
            return CloseArrival.CrossedLater;
        }

        if (ownArrives == now && _dialer[e] != node)
        {
            return CloseArrival.CrossedLater; // a tie: the dialer's receipt, in this window too, hears it and frees the id
        }

        _live[PartitionOf(node)]--;
        if (ownArrives == now)
        {
            Release(e, node); // reused only from the next window, after the listener's receipt
        }

        return CloseArrival.Crossed;
    }

    /// <summary>Starts loading edge <paramref name="e"/>'s endpoints and half-edges (a hint).</summary>
    public void Prefetch(int e)
    {
        Prefetcher.Item(ref _dialer[e]);
        Prefetcher.Item(ref _listener[e]);
        Prefetcher.Item(ref _halves![2 * e]);
        if (_halfTrip is { } halfTrip)
        {
            Prefetcher.Item(ref halfTrip[e]); // a SYN's answer leaves half a round trip later
        }
    }

    /// <summary>Bytes held by the store.</summary>
    public long Bytes => (_dialer.Capacity + _listener.Capacity + (_halfTrip?.Capacity ?? 0) + (_halves?.Capacity ?? 0)) * sizeof(int);

    private int Half(int e, int node) => (2 * e) + (_dialer[e] == node ? 0 : 1);

    /// <summary>The window (of <see cref="SimClock.WindowTicks"/>, counted from the run's first) that <paramref name="ticks"/> falls in.</summary>
    private int Window(long ticks) => checked((int)((ticks / SimClock.WindowTicks) - _firstWindow));

    private int Place(int dialer, int listener, long halfTripTicks, int dialerHalf, int listenerHalf)
    {
        var p = PartitionOf(dialer);
        var e = TakeFree(p);
        if (e < 0)
        {
            e = _nextNew[p];
            _nextNew[p] += _partitionMask + 1;
            _dialer.Ensure(e);
            _listener.Ensure(e);
            _halves?.Ensure((2 * e) + 1);
            _halfTrip?.Ensure(e);
        }

        _dialer[e] = dialer;
        _listener[e] = listener;
        if (_halves is not null)
        {
            _halves[2 * e] = dialerHalf;
            _halves[(2 * e) + 1] = listenerHalf;
            _halfTrip![e] = (int)Math.Min(halfTripTicks, int.MaxValue);
        }

        return e;
    }

    /// <summary>A free id of partition <paramref name="p"/>, or -1: with half-edges one freed in an earlier window.</summary>
    private int TakeFree(int p)
    {
        if (_halves is not null)
        {
            return _cooling[p].TryPeek(out var c) && c.Window < Window(_clock!.NowTicks) ? _cooling[p].Dequeue().Edge : -1;
        }

        var e = _free[p];
        if (e >= 0)
        {
            _free[p] = _listener[e];
        }

        return e;
    }

    /// <summary>The partition whose counts and ids <paramref name="node"/>'s events use: 0 without partitions.</summary>
    private int PartitionOf(int node) => NodePartition.Of(node) & _partitionMask;

    /// <summary>Frees an id, with half-edges into the cooling queue of the partition of <paramref name="node"/>, whose event frees it.</summary>
    private void Release(int e, int node) => _cooling[PartitionOf(node)].Enqueue((e, Window(_clock!.NowTicks)));
}
