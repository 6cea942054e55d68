namespace ConnMgr.Engine.Gating;

/// <summary>What an allow list means.</summary>
public enum AllowListMode
{
    /// <summary>Sources in the allow list bypass the other checks and are never pruned by limits; others are still admitted (js-libp2p).</summary>
    Bypass,

    /// <summary>Only sources in the allow list are admitted (py-libp2p's whitelist).</summary>
    Exclusive,
}

/// <summary>How the per-source inbound rate is limited.</summary>
public enum RateLimitKind
{
    /// <summary>Token bucket: refills at <see cref="GateOptions.InboundRatePerSecond"/>, holds at most <see cref="GateOptions.InboundBurst"/>.</summary>
    TokenBucket,

    /// <summary>
    /// One-second windows of at most <see cref="GateOptions.InboundBurst"/> connections, each opened by a source's first
    /// attempt after its previous window ended (js-libp2p: <c>INBOUND_CONNECTION_THRESHOLD</c> 5 per host per 1 s).
    /// </summary>
    FixedWindow,
}

/// <summary>
/// Inbound admission: deny list (wins) → allow list → pending inbound cap → per-source rate limit, in js-libp2p's order.
/// </summary>
public sealed record GateOptions
{
    /// <summary>No gating.</summary>
    public static GateOptions Open { get; } = new();

    /// <summary>CIDR ranges always rejected.</summary>
    public IReadOnlyList<string> Deny { get; init; } = [];

    /// <summary>CIDR ranges treated per <see cref="AllowMode"/>.</summary>
    public IReadOnlyList<string> Allow { get; init; } = [];

    /// <summary>Meaning of <see cref="Allow"/>. Default <see cref="AllowListMode.Bypass"/>.</summary>
    public AllowListMode AllowMode { get; init; } = AllowListMode.Bypass;

    /// <summary>Maximum inbound connections accepted by the gate but not yet reported connected; 0 = no cap.</summary>
    public int MaxPendingInbound { get; init; }

    /// <summary>Per-source sustained inbound rate (connections per second); 0 = no rate limit.</summary>
    public double InboundRatePerSecond { get; init; }

    /// <summary>Per-source burst (bucket size or window size); ≥ 1 when a rate is set.</summary>
    public int InboundBurst { get; init; } = 1;

    /// <summary>Token bucket or fixed window. Default token bucket.</summary>
    public RateLimitKind RateLimit { get; init; } = RateLimitKind.TokenBucket;

    internal bool IsOpen => Deny.Count == 0 && Allow.Count == 0 && MaxPendingInbound == 0 && InboundRatePerSecond <= 0;

    internal void Validate()
    {
        foreach (var c in Deny)
        {
            _ = CidrRange.TryParse(c, out _) ? 0 : throw new ArgumentException($"Gate.Deny: '{c}' is not a CIDR range; expected a.b.c.d/0-32 or ipv6/0-128.", "Gate.Deny");
        }

        foreach (var c in Allow)
        {
            _ = CidrRange.TryParse(c, out _) ? 0 : throw new ArgumentException($"Gate.Allow: '{c}' is not a CIDR range; expected a.b.c.d/0-32 or ipv6/0-128.", "Gate.Allow");
        }

        Guard.NonNegative(MaxPendingInbound, "Gate.MaxPendingInbound");
        if (!(InboundRatePerSecond >= 0))
        {
            throw new ArgumentOutOfRangeException("Gate.InboundRatePerSecond", InboundRatePerSecond, "Gate.InboundRatePerSecond must be >= 0.");
        }

        if (InboundRatePerSecond > 0 && InboundBurst < 1)
        {
            throw new ArgumentOutOfRangeException("Gate.InboundBurst", InboundBurst, "Gate.InboundBurst must be >= 1 when a rate is set.");
        }

        Guard.Defined(AllowMode, "Gate.AllowMode");
        Guard.Defined(RateLimit, "Gate.RateLimit");
    }
}
