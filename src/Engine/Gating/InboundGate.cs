namespace ConnMgr.Engine.Gating;

/// <summary>
/// The admission checks of <see cref="GateOptions"/> with their state (pending count, per-source buckets).
/// Not thread-safe: the manager calls it under its lock. Idle sources are forgotten once their bucket is full again,
/// so memory is bounded by the sources active within one burst-refill time.
/// </summary>
internal sealed class InboundGate
{
    private const int SweepThreshold = 1024;
    private readonly GateOptions _options;
    private readonly CidrRange[] _deny;
    private readonly CidrRange[] _allow;
    private readonly Dictionary<UInt128, Bucket> _buckets = [];
    private int _nextSweepAt = SweepThreshold;

    public InboundGate(GateOptions options)
    {
        _options = options;
        _deny = options.Deny.Select(CidrRange.Parse).ToArray();
        _allow = options.Allow.Select(CidrRange.Parse).ToArray();
    }

    public int Pending { get; private set; }

    /// <summary>Decides on an inbound attempt from <paramref name="source"/>; on acceptance counts it as pending.</summary>
    /// <param name="source">Mapped source address.</param>
    /// <param name="nowTicks">Current time in UTC ticks.</param>
    /// <param name="bypass">Set when the source is allow-listed in bypass mode (exempt from limits).</param>
    public RejectReason Check(UInt128 source, long nowTicks, out bool bypass)
    {
        bypass = false;
        if (Matches(_deny, source))
        {
            return RejectReason.DenyListed;
        }

        if (_allow.Length > 0)
        {
            var allowed = Matches(_allow, source);
            if (_options.AllowMode == AllowListMode.Exclusive && !allowed)
            {
                return RejectReason.NotAllowListed;
            }

            if (_options.AllowMode == AllowListMode.Bypass && allowed)
            {
                bypass = true;
                Pending++;
                return RejectReason.None;
            }
        }

        if (_options.MaxPendingInbound > 0 && Pending >= _options.MaxPendingInbound)
        {
            return RejectReason.PendingInboundLimit;
        }

        if (_options.InboundRatePerSecond > 0 && !TryTake(source, nowTicks))
        {
            return RejectReason.RateLimited;
        }

        Pending++;
        return RejectReason.None;
    }

    /// <summary>
    /// Decides on an inbound attempt from a source that is not an IP address (relay circuit, DNS name): no range can
    /// match it, so an exclusive allow list refuses it; otherwise only the pending cap applies (no per-source rate).
    /// </summary>
    public RejectReason CheckNotIp()
    {
        if (_allow.Length > 0 && _options.AllowMode == AllowListMode.Exclusive)
        {
            return RejectReason.NotAnIpSource;
        }

        if (_options.MaxPendingInbound > 0 && Pending >= _options.MaxPendingInbound)
        {
            return RejectReason.PendingInboundLimit;
        }

        Pending++;
        return RejectReason.None;
    }

    /// <summary>True when <paramref name="source"/> is allow-listed in bypass mode.</summary>
    public bool IsBypassed(UInt128 source) => _options.AllowMode == AllowListMode.Bypass && Matches(_allow, source);

    public void ReleasePending()
    {
        if (Pending > 0)
        {
            Pending--;
        }
    }

    private static bool Matches(CidrRange[] ranges, UInt128 a)
    {
        foreach (var r in ranges)
        {
            if (r.Contains(a))
            {
                return true;
            }
        }

        return false;
    }

    private bool TryTake(UInt128 source, long now)
    {
        var burst = _options.InboundBurst;
        _buckets.TryGetValue(source, out var b);
        if (b.Stamp == 0)
        {
            b = new Bucket(burst, now);
        }

        if (_options.RateLimit == RateLimitKind.FixedWindow)
        {
            // js-libp2p (issue 12): a source's window opens at its first attempt, not on a wall-clock second.
            if (now - b.Stamp >= TimeSpan.TicksPerSecond)
            {
                b = new Bucket(burst, now);
            }
        }
        else
        {
            var refill = (now - b.Stamp) / (double)TimeSpan.TicksPerSecond * _options.InboundRatePerSecond;
            b = new Bucket(Math.Min(burst, b.Tokens + refill), now);
        }

        var ok = b.Tokens >= 1;
        if (ok)
        {
            b = b with { Tokens = b.Tokens - 1 };
        }

        _buckets[source] = b;
        if (_buckets.Count >= _nextSweepAt)
        {
            Sweep(now);
        }

        return ok;
    }

    private void Sweep(long now)
    {
        var full = (long)(_options.InboundBurst / _options.InboundRatePerSecond * TimeSpan.TicksPerSecond);
        foreach (var kv in _buckets)
        {
            if (now - kv.Value.Stamp >= full)
            {
                _buckets.Remove(kv.Key);
            }
        }

        _nextSweepAt = Math.Max(SweepThreshold, _buckets.Count * 2);
    }

    private readonly record struct Bucket(double Tokens, long Stamp);
}
