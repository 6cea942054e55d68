using ConnMgr.Sim.Kernel;

namespace ConnMgr.Sim.Network;

/// <summary>
/// Connections of the network as struct-of-arrays: endpoints (dialer, listener) per edge id, 8 bytes per edge,
/// with a free list. An edge id is the connection id both engines know the connection by.
/// <para>
/// With <see cref="TrackEnds"/> (delayed remote closes) an edge also has two ends, each open until its engine drops
/// it, a close travelling between them, and its half round trip: 5 more bytes per edge. The edge counts as open
/// (<see cref="Live"/>) while an end is open, and its id is reused only when both ends are closed and no close
/// about it is still travelling, so an engine never meets one id for two connections.
/// </para>
/// <para>
/// A split dial (<c>network.dials: split</c>) opens its edge when it is dialed, with no end open and a SYN on its
/// way (<see cref="OpenSyn"/>): the listener's end opens when the SYN arrives, the dialer's when the answer does, and
/// the id is not reused before the answer has arrived.
/// </para>
/// </summary>
internal sealed class EdgeStore
{
    private const byte DialerEnd = 1, ListenerEnd = 2, Travelling = 4, Syn = 8, BothEnds = DialerEnd | ListenerEnd;

    private int[] _dialer = new int[1024];
    private int[] _listener = new int[1024];
    private byte[]? _ends;
    private int[]? _halfTrip;
    private int _count;
    private int[] _free = [-1];
    private int[] _nextNew = [0];
    private int _partitionMask;

    /// <summary>Edges with an open end.</summary>
    public int Live { get; private set; }

    /// <summary>Keeps two ends per edge from now on (call before the first <see cref="Open"/>).</summary>
    public void TrackEnds()
    {
        _ends = new byte[_dialer.Length];
        _halfTrip = new int[_dialer.Length];
    }

    /// <summary>
    /// Gives each partition (node parity) its own ids from now on (call before the first <see cref="Open"/>): new ids
    /// alternate between them, and an id freed by a node's event is reused by its partition, so the ids a partition
    /// hands out never depend on how its events interleave with the other's.
    /// </summary>
    public void UsePartitions()
    {
        _free = [-1, -1];
        _nextNew = [0, 1];
        _partitionMask = 1;
        Array.Fill(_dialer, -1);
    }

    /// <summary>Opens an edge; <paramref name="halfTripTicks"/> is how long a close takes from one end to the other (kept with <see cref="TrackEnds"/>).</summary>
    public int Open(int dialer, int listener, long halfTripTicks = 0)
    {
        int e;
        var p = dialer & _partitionMask;
        if (_free[p] >= 0)
        {
            e = _free[p];
            _free[p] = _listener[e];
        }
        else
        {
            e = _nextNew[p];
            _nextNew[p] += _partitionMask + 1;
            while (e >= _dialer.Length)
            {
                var old = _dialer.Length;
                Array.Resize(ref _dialer, _dialer.Length * 2);
                Array.Resize(ref _listener, _listener.Length * 2);
                if (_ends is not null)
                {
                    Array.Resize(ref _ends, _dialer.Length);
                    Array.Resize(ref _halfTrip, _dialer.Length);
                }

                if (_partitionMask != 0)
                {
                    Array.Fill(_dialer, -1, old, _dialer.Length - old); // the other partition's ids not handed out yet
                }
            }

            _count = Math.Max(_count, e + 1);
        }

        _dialer[e] = dialer;
        _listener[e] = listener;
        if (_ends is not null)
        {
            _ends[e] = BothEnds;
            _halfTrip![e] = (int)Math.Min(halfTripTicks, int.MaxValue);
        }

        Live++;
        return e;
    }

    /// <summary>Opens a dialed edge with no end open and its SYN on the way; <paramref name="halfTripTicks"/> is how long the answer (and any later close) travels.</summary>
    public int OpenSyn(int dialer, int listener, long halfTripTicks)
    {
        var e = Open(dialer, listener, halfTripTicks);
        _ends![e] = Syn;
        Live--;
        return e;
    }

    /// <summary>The SYN reached the listener, which takes the connection: its end opens.</summary>
    public void SynArrived(int e)
    {
        _ends![e] |= ListenerEnd;
        Live++;
    }

    /// <summary>The answer reached the dialer: its end opens and true, unless the listener's end closed meanwhile (false).</summary>
    public bool Answered(int e)
    {
        if ((_ends![e] & ListenerEnd) == 0)
        {
            return false;
        }

        _ends[e] = BothEnds;
        return true;
    }

    /// <summary>The answer of a dial that did not connect arrived at <paramref name="dialer"/>: frees the id (every end is closed).</summary>
    public void AnswerDropped(int e, int dialer)
    {
        _ends![e] &= unchecked((byte)~Syn);
        ReleaseIfIdle(e, dialer);
    }

    /// <summary>True while both ends are open.</summary>
    public bool IsOpen(int e) => e >= 0 && e < _count && _dialer[e] >= 0 && (_ends is null || (_ends[e] & BothEnds) == BothEnds);

    /// <summary>True while <paramref name="node"/>'s end of the edge is open.</summary>
    public bool IsOpenAt(int e, int node) => _ends is null ? IsOpen(e) : e >= 0 && e < _count && _dialer[e] >= 0 && (_ends[e] & EndOf(e, node)) != 0;

    public int Dialer(int e) => _dialer[e];

    public int Listener(int e) => _listener[e];

    public int Other(int e, int node) => _dialer[e] == node ? _listener[e] : _dialer[e];

    /// <summary>Half the edge's round trip, in ticks: how long a close takes to reach the other end.</summary>
    public long HalfTrip(int e) => _halfTrip![e];

    /// <summary>Closes both ends at once and frees the id.</summary>
    public void Close(int e)
    {
        if (_ends is not null)
        {
            _ends[e] = 0;
        }

        Release(e, _dialer[e]);
        Live--;
    }

    /// <summary>
    /// Closes <paramref name="node"/>'s end; true when it was the last open end (the edge is closed). When the other
    /// end is still open, a close travels to it (<see cref="Delivered"/> ends the journey).
    /// </summary>
    public bool CloseEnd(int e, int node)
    {
        var ends = (byte)(_ends![e] & ~EndOf(e, node));
        var last = (ends & BothEnds) == 0;
        _ends[e] = last ? ends : (byte)(ends | Travelling);
        if (last)
        {
            Live--;
        }

        return last;
    }

    /// <summary>The close travelling on the edge arrived at <paramref name="node"/>; frees the id when both ends are closed.</summary>
    public void Delivered(int e, int node)
    {
        _ends![e] &= unchecked((byte)~Travelling);
        if (_ends[e] == 0)
        {
            Release(e, node);
        }
    }

    /// <summary>Frees the id of an edge whose last end closed, at <paramref name="node"/>, with nothing travelling.</summary>
    public void ReleaseIfIdle(int e, int node)
    {
        if (_ends![e] == 0)
        {
            Release(e, node);
        }
    }

    /// <summary>Starts loading edge <paramref name="e"/>'s endpoints and ends (a hint).</summary>
    public void Prefetch(int e)
    {
        Prefetcher.Item(ref _dialer[e]);
        Prefetcher.Item(ref _listener[e]);
        Prefetcher.Item(ref _ends![e]);
    }

    /// <summary>Bytes held by the store.</summary>
    public long Bytes => (((long)_dialer.Length + _listener.Length + (_halfTrip?.Length ?? 0)) * sizeof(int)) + (_ends?.Length ?? 0);

    private byte EndOf(int e, int node) => _dialer[e] == node ? DialerEnd : ListenerEnd;

    /// <summary>Frees an id into the free list of the partition of <paramref name="node"/>, whose event frees it.</summary>
    private void Release(int e, int node)
    {
        var p = node & _partitionMask;
        _dialer[e] = -1;
        _listener[e] = _free[p];
        _free[p] = e;
    }
}
