using ConnMgr.Engine.Internal;
using ConnMgr.Engine.Limits;
using ConnMgr.Engine.Trimming;

namespace ConnMgr.Engine;

public sealed partial class ConnectionManager<TPeer>
{
    /// <summary>go's memory-emergency order among equal scores: idle peers, then inbound, then the busiest.</summary>
    private static readonly TieBreaker[] EmergencyOrder = [TieBreaker.ZeroStreamsFirst, TieBreaker.InboundFirst, TieBreaker.MoreStreamsFirst];

    private TrimReport _lastManualReport;

    /// <summary>
    /// Runs a trim cycle now, ignoring HighWater and the silence period: closes eligible peers until the count is
    /// LowWater (or Max). Protected peers and peers in grace are skipped. A call that waited for the lock while another
    /// manual trim ran joins that trim: it returns its report without trimming again (go-libp2p <c>doTrim</c>, which
    /// mimics <c>sync.Once</c>; test <c>TestTrimJoin</c>).
    /// </summary>
    public TrimReport TrimOpenConns()
    {
        var seen = Volatile.Read(ref _rare.ManualTrims);
        using var call = LockRaising();
        if (Volatile.Read(ref _rare.ManualTrims) != seen)
        {
            return _lastManualReport;
        }

        var now = NowTicks();
        Reap(now);
        var report = RunTrim(TrimCause.Manual, now);
        _lastManualReport = report;
        Volatile.Write(ref _rare.ManualTrims, seen + 1);
        RearmTimer(now);
        return report;
    }

    /// <summary>
    /// An emergency trim, as go-libp2p's memory emergency (<c>connmgr.go</c> memoryEmergency): closes whole peers
    /// until the count is LowWater, ignoring grace, silence and quotas, lowest score first and, among equal scores,
    /// idle peers, then inbound, then those with the most streams. Unlike go it never falls back to protected peers.
    /// </summary>
    public TrimReport ForceTrim()
    {
        using var call = LockRaising();
        var now = NowTicks();
        Reap(now);
        var report = RunTrim(TrimCause.Emergency, now);
        RearmTimer(now);
        return report;
    }

    /// <summary>The watermarks, grace, last trim and connection count (go-libp2p <c>GetInfo</c>).</summary>
    public ConnectionManagerInfo GetInfo()
    {
        using var call = Lock();
        var last = _schedule.LastTrimAt == long.MinValue ? (DateTimeOffset?)null : new DateTimeOffset(_schedule.LastTrimAt, TimeSpan.Zero);
        return new ConnectionManagerInfo(_limits.LowWater, _limits.HighWater, Options.Limits.GracePeriod, last, _counts.Connections);
    }

    /// <summary>
    /// Checks the limits against a connection limit enforced elsewhere (go-libp2p <c>CheckLimit</c>, used with the
    /// resource manager): a HighWater (or Max) above it could never be reached.
    /// </summary>
    /// <exception cref="InvalidOperationException">HighWater exceeds <paramref name="connectionLimit"/>.</exception>
    public void CheckLimit(int connectionLimit)
    {
        using var call = Lock();
        if (_limits.HighWater > connectionLimit)
        {
            throw new InvalidOperationException($"conn manager high watermark limit: {_limits.HighWater}, exceeds the system connection limit of: {connectionLimit}");
        }
    }

    /// <summary>
    /// Replaces the limits of a live manager (js-libp2p: changing <c>maxConnections</c> at run time). Lowering them
    /// below the current count prunes once, now; raising them closes nothing. Invalid limits (e.g. a maximum of 0)
    /// are rejected and the old ones kept. Negotiated quota grants are renewed against the new capacity (<see cref="Enrol"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The new limits are invalid with the other options.</exception>
    public TrimReport? SetLimits(LimitPolicy limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        using var call = LockRaising();
        var options = Options with { Limits = limits };
        options.Validate();
        Options = options;
        _limits = new LimitSettings(options);
        RenewGrants();
        var now = NowTicks();
        Reap(now);
        TrimReport? report = null;
        if (!_limits.Disabled && (_limits.MaxMode ? Count > _limits.Max : OverHighWater()))
        {
            report = RunTrim(TrimCause.LimitLowered, now);
        }

        RearmTimer(now);
        return report;
    }
}
