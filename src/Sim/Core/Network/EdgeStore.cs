namespace ConnMgr.Sim.Network;

/// <summary>
/// Connections of the network as struct-of-arrays: endpoints (dialer, listener) per edge id, 8 bytes per edge,
/// with a free list. An edge id is the connection id both engines know the connection by.
/// </summary>
internal sealed class EdgeStore
{
    private int[] _dialer = new int[1024];
    private int[] _listener = new int[1024];
    private int _count;
    private int _free = -1;

    public int Live { get; private set; }

    public int Open(int dialer, int listener)
    {
        int e;
        if (_free >= 0)
        {
            e = _free;
            _free = _listener[e];
        }
        else
        {
            if (_count == _dialer.Length)
            {
                Array.Resize(ref _dialer, _dialer.Length * 2);
                Array.Resize(ref _listener, _listener.Length * 2);
            }

            e = _count++;
        }

        _dialer[e] = dialer;
        _listener[e] = listener;
        Live++;
        return e;
    }

    public bool IsOpen(int e) => e >= 0 && e < _count && _dialer[e] >= 0;

    public int Dialer(int e) => _dialer[e];

    public int Listener(int e) => _listener[e];

    public int Other(int e, int node) => _dialer[e] == node ? _listener[e] : _dialer[e];

    public void Close(int e)
    {
        _dialer[e] = -1;
        _listener[e] = _free;
        _free = e;
        Live--;
    }

    /// <summary>Bytes held by the store.</summary>
    public long Bytes => ((long)_dialer.Length + _listener.Length) * sizeof(int);
}
