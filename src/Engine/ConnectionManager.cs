using ConnMgr.Engine.Events;
using ConnMgr.Engine.Gating;
using ConnMgr.Engine.Internal;
using ConnMgr.Engine.Limits;
using ConnMgr.Engine.Quotas;

namespace ConnMgr.Engine;

/// <summary>
/// A libp2p-style connection manager: tracks connections, scores peers with tags, protects peers, and trims the
/// lowest-scored ones when the count exceeds its limits. All time comes from the <see cref="TimeProvider"/> given;
/// the manager keeps at most one timer and raises no event while idle, so it runs unchanged on a simulator's clock.
/// </summary>
/// <typeparam name="TPeer">
/// The peer key: a compact int handle in the simulator, a libp2p peer id (or its string form) in a real host. Its
/// <see cref="IComparable{T}"/> order is the final tie-break of every trim.
/// </typeparam>
/// <remarks>
/// Thread-safety: with <see cref="ConnectionManagerOptions.ThreadSafe"/> (the default) every public member may be
/// called from any thread. Events are raised after the state change, outside the lock, on the thread whose call
/// caused them. Operations on unknown peers are no-ops unless documented otherwise.
/// </remarks>
public sealed partial class ConnectionManager<TPeer> : IDisposable
    where TPeer : notnull, IEquatable<TPeer>, IComparable<TPeer>
{
    private const long Never = long.MaxValue;

    private readonly TimeProvider _time;
    private readonly IConnectionManagerObserver<TPeer>? _observer;
    private readonly Lock? _lock;
    private readonly InboundGate? _gate;
    private LimitSettings _limits;

    /// <summary>Static tags may mark keep-alive peers (js <c>keep-alive*</c>): read once, the tag calls test one field.</summary>
    private readonly bool _keepAliveTags;

    // Decaying-tag and protection heads beside the slots, null until first used: most managers (every engine of the
    // simulator's plain network) have neither, and without them a slot is 40 bytes instead of 48.
    private PeerLists[]? _lists;
    private int _slotCount;
    private int _freeSlot = -1;
    private PeerExtra[]? _extra;
    private readonly PrefixCounts? _prefixes;

    /// <summary>Subsystems beyond "other" exist, so counts are kept per subsystem (<see cref="AddSubsystemCount"/>).</summary>
    private bool _countsPerSubsystem;

    // The runtime lays out references first, then primitives, then value-type fields in declaration order. The ones a
    // connect or disconnect reads come next, together, so a host that hints this object loads few lines of it
    // (benchmarks/README.md, twenty-ninth step; `ConnMgr.Benchmarks -- layout` prints the offsets).
    private Table<PeerSlot<TPeer>> _slots = Table<PeerSlot<TPeer>>.Empty;
    private PeerIndex<TPeer> _index = new();
    private NodePool<ConnNode> _conns = new();
    private PeerCounts _counts;
    private ReapQueue _reap;
    private TrimSchedule _schedule = new();
    private MetricCounters _metrics;

    // Cold on a connect: tags, decaying tags and protections, subsystem quotas, the rarely used references.
    private NodePool<TagNode> _tags = new();
    private NodePool<DecayNode> _decays = new();
    private NodePool<ProtNode> _prots = new();

    /// <summary>The backoff records of <see cref="ConnectionManagerOptions.CompactBackoff"/> by key: each one's place in the reap ring.</summary>
    private PeerIndex<TPeer> _records = new();

    /// <summary>The backoff records' keys, each at its record's place in the reap ring (null until the first record).</summary>
    private TPeer[]? _recordKeys;

    private QuotaBook _quotas;
    private DecayBook _decay;
    private RareState _rare;

    /// <summary>Creates a manager.</summary>
    /// <param name="options">Behaviour; default <see cref="Profile.Default"/>. Validated here.</param>
    /// <param name="timeProvider">The clock; default <see cref="TimeProvider.System"/>.</param>
    /// <param name="observer">Receives events; may be null.</param>
    /// <param name="tables">
    /// Where the first reservation of tables (<see cref="ConnectionManagerOptions.ExpectedPeers"/>) is carved from; null
    /// for arrays of the manager's own. For hosts that run many managers; used by the calls of one thread only.
    /// </param>
    /// <exception cref="ArgumentException">An option is invalid; the message names it and its allowed range.</exception>
    public ConnectionManager(ConnectionManagerOptions? options = null, TimeProvider? timeProvider = null, IConnectionManagerObserver<TPeer>? observer = null, TableArena? tables = null)
    {
        _rare.Tables = tables;
        Options = options ?? Profile.Default;
        Options.Validate();
        _time = timeProvider ?? TimeProvider.System;
        _observer = observer;
        _lock = Options.ThreadSafe ? new Lock() : null;
        _decay = new DecayBook(NowTicks());
        _limits = new LimitSettings(Options);
        _keepAliveTags = Options.KeepAliveTagPrefix is not null;
        _gate = Options.Gate.IsOpen ? null : new InboundGate(Options.Gate);
        _prefixes = Options.Caps.HasPrefixCaps || Options.NewcomersPerPrefix16 is not null ? new PrefixCounts() : null;
        _quotas = new QuotaBook(Options.Subsystems);
        _countsPerSubsystem = _quotas.Names.Length > 1;
    }

    /// <summary>The validated options this manager runs with.</summary>
    public ConnectionManagerOptions Options { get; private set; }

    /// <summary>Peers with at least one open connection.</summary>
    public int ConnectedPeers => _counts.ConnectedPeers;

    /// <summary>Open connections.</summary>
    public int Connections => _counts.Connections;

    /// <summary>Open inbound connections.</summary>
    public int InboundConnections => _counts.Inbound;

    /// <summary>Open outbound connections.</summary>
    public int OutboundConnections => _counts.Outbound;

    /// <summary>The count compared with the limits: peers or connections per <see cref="ConnectionManagerOptions.Count"/>.</summary>
    public int Count => Options.Count == CountUnit.Peers ? _counts.ConnectedPeers : _counts.Connections;

    /// <summary>Entries held, connected or not (tag-only, retained after disconnect, protected, in backoff).</summary>
    public int TrackedPeers => _counts.Tracked + _reap.RecordCount;

    /// <summary>A snapshot of the cumulative counters.</summary>
    public ConnectionManagerMetrics Metrics => _metrics.ToMetrics();

    /// <summary>The subsystem names, index 0 being <see cref="SubsystemQuota.Other"/>.</summary>
    public IReadOnlyList<string> SubsystemNames => _quotas.Names;

    /// <summary>Reserved minimum of subsystem <paramref name="index"/>: its negotiated grant, else its static quota; 0 out of range.</summary>
    public int SubsystemReserved(int index) => index >= 0 && index < _quotas.Reserved.Length ? _quotas.Reserved[index] : 0;

    /// <summary>Count (in the counting unit) attributed to subsystem <paramref name="index"/>.</summary>
    public int SubsystemCount(int index) =>
        !_countsPerSubsystem ? (index == 0 ? Count : 0) : _quotas.Counts is null || index >= _quotas.Counts.Length ? 0 : _quotas.Counts[index];

    /// <summary>Stops the timer. Further calls still work but schedule nothing.</summary>
    public void Dispose()
    {
        using var call = Lock();
        _schedule.Disposed = true;
        _schedule.Timer?.Dispose();
        _schedule.Timer = null;
    }

    private long NowTicks() => _time.GetUtcNow().UtcTicks;

    /// <summary>Enters a public call: takes the lock (when thread-safe) until the scope is disposed.</summary>
    private CallScope Lock() => new(_lock, raise: false);

    /// <summary>As <see cref="Lock"/>, for calls that may raise events: they are delivered after the lock is released.</summary>
    private CallScope LockRaising() => new(_lock, raise: true);

    private Random Rng => _rare.Random ??= new Random(Options.RandomSeed);

    private int CreateSlot(TPeer peer, long now)
    {
        int s;
        if (_freeSlot >= 0)
        {
            s = _freeSlot;
            _freeSlot = (int)_slots[s].SessionStart;
        }
        else
        {
            if (_slots.Length == 0 && Options.ExpectedPeers > 0)
            {
                ReserveTables(Options.ExpectedPeers);
            }

            if (_slotCount == _slots.Length)
            {
                _slots = _slots.Regrown(Math.Max(4, _slots.Length * 2));
                if (_extra is not null)
                {
                    Array.Resize(ref _extra, _slots.Length);
                }

                GrowLists();
            }

            s = _slotCount++;
        }

        var gen = _slots[s].Generation + 1;
        _slots[s] = new PeerSlot<TPeer>
        {
            Key = peer,
            SessionStart = now,
            ConnHead = -1,
            TagHead = -1,
            Generation = gen,
            Flags = PeerFlags.InUse,
        };
        if (_extra is not null)
        {
            _extra[s] = new PeerExtra { NetworkGroup = -1, LatencyTicks = long.MaxValue };
        }

        if (_lists is not null)
        {
            _lists[s] = PeerLists.Empty;
        }

        _index.Add(peer, s, _slots);
        _counts.Tracked++;
        return s;
    }

    /// <summary>Allocates the tables once for <see cref="ConnectionManagerOptions.ExpectedPeers"/> (before the first slot).</summary>
    private void ReserveTables(int peers)
    {
        _slots = Table<PeerSlot<TPeer>>.Reserve(peers, _rare.Tables);
        _index.Reserve(peers, _rare.Tables);
        _conns.Reserve(peers, _rare.Tables);
        _rare.Tables = null; // a run of a chunk is never reused: tables reserved again after TrimExcess released them are arrays of their own
    }

    private void FreeSlot(int s)
    {
        ref var p = ref _slots[s];
        ClearTags(s);
        ClearProtection(s, keepKeepAlive: false);
        _index.Remove(p.Key, _slots);
        var gen = p.Generation + 1;
        p = default;
        p.Generation = gen;
        p.ConnHead = p.TagHead = -1;
        p.SessionStart = _freeSlot; // free-list link while the slot is not InUse
        _freeSlot = s;
        _counts.Tracked--;
    }

    /// <summary>Head of the peer's decaying-tag list; -1 when empty.</summary>
    private int DecayHead(int s) => _lists is null ? -1 : _lists[s].DecayHead;

    /// <summary>Head of the peer's protection list; -1 when empty.</summary>
    private int ProtHead(int s) => _lists is null ? -1 : _lists[s].ProtHead;

    /// <summary>The peer's list heads for writing; the side array is created at the manager's first use of either list.</summary>
    private ref PeerLists Lists(int s)
    {
        if (_lists is null)
        {
            _lists = new PeerLists[_slots.Length];
            Array.Fill(_lists, PeerLists.Empty);
        }

        return ref _lists[s];
    }

    private void GrowLists()
    {
        if (_lists is not null)
        {
            var old = _lists.Length;
            Array.Resize(ref _lists, _slots.Length);
            Array.Fill(_lists, PeerLists.Empty, old, _lists.Length - old);
        }
    }

    private ref PeerExtra Extra(int s)
    {
        if (_extra is null)
        {
            _extra = new PeerExtra[_slots.Length];
            for (var i = 0; i < _extra.Length; i++)
            {
                _extra[i] = new PeerExtra { NetworkGroup = -1, LatencyTicks = long.MaxValue };
            }
        }

        return ref _extra[s];
    }

    private void Emit(EventKind kind, TPeer? peer, long connectionId = 0, int value = 0, int reason = 0, Direction direction = default)
    {
        if (_observer is null)
        {
            return;
        }

        EventQueue<TPeer>.Add(new EngineEvent<TPeer>
        {
            Source = this,
            Kind = kind,
            Peer = peer,
            ConnectionId = connectionId,
            Value = value,
            Reason = reason,
            Direction = direction,
        });
    }

    /// <summary>Called by <see cref="EventQueue{TPeer}"/> outside any lock.</summary>
    internal void Raise(in EngineEvent<TPeer> e)
    {
        var o = _observer!;
        switch (e.Kind)
        {
            case EventKind.Connected:
                o.OnConnected(e.Peer!, e.ConnectionId, e.Direction);
                break;
            case EventKind.Disconnected:
                o.OnDisconnected(e.Peer!, e.ConnectionId, (DisconnectReason)e.Reason);
                break;
            case EventKind.Pruned:
                o.OnPruned(e.Peer!, e.ConnectionId, e.Value, (PruneReason)e.Reason);
                break;
            case EventKind.TrimCompleted:
                o.OnTrimCompleted(in e.Report);
                break;
            case EventKind.Rejected:
                o.OnRejected(e.Peer, (RejectReason)e.Reason);
                break;
            case EventKind.RedialRequested:
                o.OnRedialRequested(e.Peer!, e.Value);
                break;
            case EventKind.KeepAliveFailed:
                o.OnKeepAliveFailed(e.Peer!);
                break;
            case EventKind.PeerJoined:
                o.OnPeerJoined(e.Peer!, e.Direction);
                break;
            case EventKind.PeerLeft:
                o.OnPeerLeft(e.Peer!);
                break;
            case EventKind.PeerIdentified:
                o.OnPeerIdentified(e.Peer!);
                break;
            case EventKind.AutoDialRequested:
                o.OnAutoDialRequested(e.Peer!);
                break;
            case EventKind.RemoteBackoff:
                o.OnRemoteBackoff(e.Peer!, (PruneReason)e.Reason, TimeSpan.FromMilliseconds(e.Value));
                break;
            case EventKind.Closed:
                o.OnClosed((CloseRecord<TPeer>)e.Payload!);
                break;
            case EventKind.QuotaNotice:
                o.OnQuotaNotice(new Quotas.QuotaNotice(_quotas.Names[e.Reason >> 8], (Quotas.QuotaNoticeKind)(e.Reason & 0xFF), (int)(e.ConnectionId >> 32), (int)e.ConnectionId, e.Value));
                break;
        }
    }

    /// <summary>
    /// One public call: holds the manager's lock (none when not thread-safe) and, on dispose, releases it and — for
    /// calls that may raise events — drains this thread's event queue, so observers run after the state change and
    /// outside the lock. A ref struct: no allocation, and it cannot escape the call.
    /// </summary>
    private readonly ref struct CallScope
    {
        private readonly Lock? _held;
        private readonly bool _raise;

        public CallScope(Lock? held, bool raise)
        {
            _held = held;
            _raise = raise;
            held?.Enter();
        }

        public void Dispose()
        {
            _held?.Exit();
            if (_raise)
            {
                EventQueue<TPeer>.Drain();
            }
        }
    }
}
