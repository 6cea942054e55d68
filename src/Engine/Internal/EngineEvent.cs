using ConnMgr.Engine.Events;
using ConnMgr.Engine.Trimming;

namespace ConnMgr.Engine.Internal;

internal enum EventKind : byte
{
    Connected,
    Disconnected,
    Pruned,
    TrimCompleted,
    Rejected,
    RedialRequested,
    KeepAliveFailed,
    PeerJoined,
    PeerLeft,
    PeerIdentified,
    AutoDialRequested,
    RemoteBackoff,
    QuotaNotice,
    Closed,
}

/// <summary>An event recorded under the lock and raised after it is released.</summary>
internal struct EngineEvent<TPeer>
    where TPeer : notnull, IEquatable<TPeer>, IComparable<TPeer>
{
    public ConnectionManager<TPeer> Source;
    public EventKind Kind;
    public TPeer? Peer;
    public long ConnectionId;
    public int Value;
    public int Reason;
    public Direction Direction;
    public TrimReport Report;

    /// <summary>A close record (Closed events only; records are allocated anyway).</summary>
    public object? Payload;
}

/// <summary>
/// A per-thread FIFO of events. Every manager's events go to the queue of the thread whose call caused them; the
/// outermost call on the thread drains it after releasing its lock, so handlers may re-enter any manager and
/// events reach observers in causal order. No per-manager buffer: one million managers cost nothing here.
/// </summary>
internal static class EventQueue<TPeer>
    where TPeer : notnull, IEquatable<TPeer>, IComparable<TPeer>
{
    [ThreadStatic]
    private static List<EngineEvent<TPeer>>? t_events;

    [ThreadStatic]
    private static int t_head;

    [ThreadStatic]
    private static bool t_draining;

    public static void Add(in EngineEvent<TPeer> e) => (t_events ??= new List<EngineEvent<TPeer>>(16)).Add(e);

    public static void Drain()
    {
        var events = t_events;
        if (events is null || t_draining || events.Count == 0)
        {
            return;
        }

        t_draining = true;
        try
        {
            while (t_head < events.Count)
            {
                var e = events[t_head++];
                e.Source.Raise(in e);
            }
        }
        finally
        {
            events.Clear();
            t_head = 0;
            t_draining = false;
        }
    }
}
