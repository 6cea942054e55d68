using ConnMgr.Engine.Dialing;
using ConnMgr.Engine.Gating;
using ConnMgr.Engine.Limits;
using ConnMgr.Engine.Tags;
using ConnMgr.Engine.Trimming;

namespace ConnMgr.Engine;

/// <summary>
/// Option sets that reproduce each libp2p implementation's connection manager (facts in
/// shared/spec/anchor-semantics.md; bugs excepted: no profile ever closes a protected peer, and ExpireWhenInactive
/// removes the tag). Override any part with <c>with { ... }</c>.
/// </summary>
public static class Profile
{
    /// <summary>Our defaults (<see cref="ConnectionManagerOptions"/> as constructed); src/Engine/README.md defends each.</summary>
    public static ConnectionManagerOptions Default => new();

    /// <summary>
    /// go-libp2p <c>p2p/net/connmgr</c>: counts connections, a ticker every SilencePeriod trims at count ≥ HighWater,
    /// target = eligible connections − LowWater, closes whole peers, order temporary → value → zero-stream → inbound →
    /// fewer streams, no outbound bonus, tags dropped at disconnect, tagging an unconnected peer makes a temporary
    /// entry, one global decay schedule per tag on a 1 min resolution, bumps create absent tags, LowWater or HighWater 0
    /// disables the manager.
    /// </summary>
    public static ConnectionManagerOptions Go => new()
    {
        Limits = WatermarkPolicy.Default,
        Count = CountUnit.Connections,
        Close = CloseUnit.Peer,
        Trigger = TrimTrigger.Ticker,
        TriggerAtHighWater = true,
        Target = TrimTarget.EligibleMinusLowWater,
        TieBreakers = [TieBreaker.ZeroStreamsFirst, TieBreaker.InboundFirst, TieBreaker.FewerStreamsFirst],
        OutboundBonus = 0,
        TagRetention = TimeSpan.Zero,
        UnconnectedTags = UnconnectedTagging.TemporaryEntry,
        ProtectionSurvivesDisconnect = true,
        Decay = new DecayOptions { Schedule = DecaySchedule.GlobalPerTag, Resolution = TimeSpan.FromMinutes(1), BumpCreatesTag = true },
        ZeroWatermarksDisable = true,
    };

    /// <summary>
    /// nim-libp2p <c>connmanager.nim</c>: counts peers, a connect that makes peers &gt; HighWater trims at once
    /// (dropped inside SilencePeriod) as does an inbound rejected by the hard cap, target LowWater, whole peers,
    /// score then oldest first, grace 0 (builder default), outbound bonus 100, tags kept and decaying after
    /// disconnect, per-peer limit 2 rejecting the new connection, drifting per-(peer, tag) decay on a 1 min grid
    /// anchored where nim's decay loop starts.
    /// </summary>
    public static ConnectionManagerOptions Nim => new()
    {
        Limits = new WatermarkPolicy(160, 192, TimeSpan.Zero, TimeSpan.FromSeconds(10)),
        Caps = new ConnectionCaps { MaxPerPeer = 2, PerPeerAction = PerPeerLimitAction.RejectNew },
        Count = CountUnit.Peers,
        Close = CloseUnit.Peer,
        Trigger = TrimTrigger.ImmediateDropInSilence,
        TrimOnRejectedInbound = true,
        Target = TrimTarget.LowWater,
        TieBreakers = [TieBreaker.OldestFirst],
        OutboundBonus = 100,
        TagRetention = Timeout.InfiniteTimeSpan,
        UnconnectedTags = UnconnectedTagging.Store,
        ProtectionSurvivesDisconnect = true,
        // nim connmanager.nim ScoringConfig.decayResolution = 1.minutes, also the builder's default (withPeerScoring).
        Decay = new DecayOptions { Schedule = DecaySchedule.DriftingPerPeer, Resolution = TimeSpan.FromMinutes(1) },
    };

    /// <summary>
    /// js-libp2p <c>connection-manager</c>: maxConnections 300 counted in connections, every open above max prunes
    /// single connections down to max, inbound rejected at max (outbound never), no grace, order value → streams →
    /// inbound → newest first, tags kept, decaying tags are TTLs, allow list bypasses limits, pending inbound cap 10,
    /// 5 inbound per source per 1 s window opened by its first attempt, keep-alive: tags named <c>keep-alive*</c>
    /// (prunable), 6 attempts waiting 1, 2, 4, 8, 16 s without jitter.
    /// </summary>
    public static ConnectionManagerOptions Js => new()
    {
        Limits = new MaxConnectionsPolicy(MaxConnectionsPolicy.Default.Max, LimitAction.RejectInbound),
        Count = CountUnit.Connections,
        Close = CloseUnit.Connection,
        Trigger = TrimTrigger.Immediate,
        TieBreakers = [TieBreaker.FewerStreamsFirst, TieBreaker.InboundFirst, TieBreaker.NewestFirst],
        OutboundBonus = 0,
        TagRetention = Timeout.InfiniteTimeSpan,
        UnconnectedTags = UnconnectedTagging.Store,
        Decay = new DecayOptions { Schedule = DecaySchedule.TtlOnly },
        Gate = new GateOptions { AllowMode = AllowListMode.Bypass, MaxPendingInbound = 10, InboundRatePerSecond = 5, InboundBurst = 5, RateLimit = RateLimitKind.FixedWindow },
        KeepAliveBackoff = new BackoffPolicy(TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(16), 0, 6),
        KeepAliveTagPrefix = "keep-alive",
        RedialAfterReportedFailure = true,
        KeepAliveProtects = false,
    };

    /// <summary>
    /// py-libp2p <c>network</c>: low 100 / high 300, counts connections, every add above high trims single
    /// connections down to low, grace 20 s per connection, order temporary → value → streams → inbound → oldest
    /// first, tags and protection dropped at disconnect, per-peer limit 3 closing the oldest, 300 connections at most
    /// (inbound and total), an auto-connector below LowWater, allow list exclusive,
    /// no decay, dial retry 0.1 s × 2 up to 30 s with ±10 % jitter.
    /// </summary>
    public static ConnectionManagerOptions Py => new()
    {
        Limits = new WatermarkPolicy(100, 300, TimeSpan.FromSeconds(20), TimeSpan.Zero),
        // py connection config: MIN_CONNECTIONS 50, MAX_CONNECTIONS 300 (also its inbound cap), low 100 / high 300;
        // auto-connect below the low watermark.
        Caps = new ConnectionCaps { MaxPerPeer = 3, PerPeerAction = PerPeerLimitAction.CloseOldest, MaxInbound = 300 },
        Bounds = new ConnectionBounds(50, 300),
        AutoConnect = new AutoConnectOptions { Enabled = true },
        Count = CountUnit.Connections,
        Close = CloseUnit.Connection,
        Trigger = TrimTrigger.Immediate,
        Target = TrimTarget.LowWater,
        GracePerConnection = true,
        TieBreakers = [TieBreaker.FewerStreamsFirst, TieBreaker.InboundFirst, TieBreaker.OldestFirst],
        OutboundBonus = 0,
        TagRetention = TimeSpan.Zero,
        UnconnectedTags = UnconnectedTagging.TemporaryEntry,
        ProtectionSurvivesDisconnect = false,
        Decay = new DecayOptions { Enabled = false },
        Gate = new GateOptions { AllowMode = AllowListMode.Exclusive },
        KeepAliveBackoff = new BackoffPolicy(TimeSpan.FromMilliseconds(100), 2, TimeSpan.FromSeconds(30), 0.1, 3),
    };

    /// <summary>Resolves a scenario-file name: <c>default</c>, <c>go</c>, <c>nim</c>, <c>js</c>, <c>py</c>.</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the allowed ones.</exception>
    public static ConnectionManagerOptions FromName(string name) => name switch
    {
        "default" => Default,
        "go" => Go,
        "nim" => Nim,
        "js" => Js,
        "py" => Py,
        _ => throw new ArgumentException($"Unknown profile '{name}'. Allowed: {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>The names accepted by <see cref="FromName"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["default", "go", "nim", "js", "py"];
}
