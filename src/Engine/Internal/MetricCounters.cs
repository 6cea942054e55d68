using ConnMgr.Engine.Events;

namespace ConnMgr.Engine.Internal;

/// <summary>
/// The manager's cumulative counters as plain fields, snapshotted into <see cref="ConnectionManagerMetrics"/>. A
/// counter bumped through the immutable snapshot (<c>_metrics with { … }</c>) copies all 104 bytes, two or three
/// cache lines of the manager, on every connect; a field here is one add. The counters every connection touches come
/// first, so the rest stay out of the lines a dial completion reads (benchmarks/README.md, twenty-ninth step).
/// </summary>
internal struct MetricCounters
{
    public long Connected;
    public long Disconnected;
    public long PrunedConnections;
    public long PrunedPeers;
    public long Trims;
    public long Rejected;
    public long RejectedByGate;
    public long RedialsRequested;
    public long TrimsStoppedAboveTarget;
    public long RemoteBackoffsHonoured;
    public long QuotaCounterProposals;
    public long QuotaUnitsReclaimed;
    public long NewcomersAdmitted;

    /// <summary>The public snapshot: one property per field, same name.</summary>
    public readonly ConnectionManagerMetrics ToMetrics() => new()
    {
        Connected = Connected,
        Disconnected = Disconnected,
        PrunedConnections = PrunedConnections,
        PrunedPeers = PrunedPeers,
        Trims = Trims,
        Rejected = Rejected,
        RejectedByGate = RejectedByGate,
        RedialsRequested = RedialsRequested,
        TrimsStoppedAboveTarget = TrimsStoppedAboveTarget,
        RemoteBackoffsHonoured = RemoteBackoffsHonoured,
        QuotaCounterProposals = QuotaCounterProposals,
        QuotaUnitsReclaimed = QuotaUnitsReclaimed,
        NewcomersAdmitted = NewcomersAdmitted,
    };
}
