using ConnMgr.Engine.Dialing;
using ConnMgr.Engine.Gating;
using ConnMgr.Engine.Limits;
using ConnMgr.Engine.Quotas;
using ConnMgr.Engine.Tags;
using ConnMgr.Engine.Trimming;

namespace ConnMgr.Engine;

/// <summary>
/// Every behaviour of the manager, with our defaults (src/Engine/README.md says why each). Start from a
/// <see cref="Profile"/> and override with <c>with { ... }</c>. Immutable; validated when a manager is created.
/// </summary>
public sealed record ConnectionManagerOptions
{
    /// <summary>Watermarks or a hard maximum. Default: watermarks 160/192, grace 1 min, silence 10 s (go-libp2p host defaults).</summary>
    public LimitPolicy Limits { get; init; } = WatermarkPolicy.Default;

    /// <summary>
    /// go-libp2p's zero values: LowWater 0 or HighWater 0 makes the manager a null manager that never trims
    /// (<c>connmgr.go</c> getConnsToClose: "disabled"). When false (default) HighWater 0 is an error and LowWater 0 trims
    /// every unprotected peer once HighWater is crossed.
    /// </summary>
    public bool ZeroWatermarksDisable { get; init; }

    /// <summary>py-libp2p's min/max connections next to the watermarks (min ≤ low ≤ high ≤ max). Default none.</summary>
    public ConnectionBounds? Bounds { get; init; }

    /// <summary>The auto-connector: dial known candidates while the count is below LowWater. Default off.</summary>
    public AutoConnectOptions AutoConnect { get; init; } = AutoConnectOptions.Off;

    /// <summary>
    /// A static tag whose name starts with this prefix marks a keep-alive peer, redialed after disconnect (js-libp2p:
    /// tags named <c>keep-alive*</c>). Null (default): keep-alive only through <see cref="ConnectionManager{TPeer}.AddKeepAlive"/>.
    /// </summary>
    public string? KeepAliveTagPrefix { get; init; }

    /// <summary>
    /// After a keep-alive redial request the next attempt waits for the host's <see cref="ConnectionManager{TPeer}.ReportDialFailure"/>
    /// and its backoff runs from that failure (js-libp2p's reconnect loop). When false (default) the backoff runs from
    /// the request and a still-disconnected peer counts as failed when it ends.
    /// </summary>
    public bool RedialAfterReportedFailure { get; init; }

    /// <summary>
    /// Raise the peer-level events (<c>OnPeerJoined</c>, <c>OnPeerLeft</c>; nim's <c>PeerEventKind</c>). Default true; a
    /// host that does not consume them (the simulator) sets false and saves two events per peer session.
    /// </summary>
    public bool RaisePeerEvents { get; init; } = true;

    /// <summary>Keep-alive peers are protected from trims (ours, default true); js-libp2p prunes them like any peer (false).</summary>
    public bool KeepAliveProtects { get; init; } = true;

    /// <summary>Admission caps. Default none.</summary>
    public ConnectionCaps Caps { get; init; } = ConnectionCaps.None;

    /// <summary>What is counted against the limits. Default <see cref="CountUnit.Peers"/>.</summary>
    public CountUnit Count { get; init; } = CountUnit.Peers;

    /// <summary>What a trim closes. Default <see cref="CloseUnit.Peer"/>.</summary>
    public CloseUnit Close { get; init; } = CloseUnit.Peer;

    /// <summary>What starts an automatic trim under watermarks. Default <see cref="TrimTrigger.Coalesced"/>.</summary>
    public TrimTrigger Trigger { get; init; } = TrimTrigger.Coalesced;

    /// <summary>When true the trigger fires at count ≥ HighWater (go); when false at count &gt; HighWater. Default false.</summary>
    public bool TriggerAtHighWater { get; init; }

    /// <summary>When true an inbound rejected by a cap triggers a trim (nim). Default false.</summary>
    public bool TrimOnRejectedInbound { get; init; }

    /// <summary>How far a watermark trim goes. Default <see cref="TrimTarget.LowWater"/>.</summary>
    public TrimTarget Target { get; init; } = TrimTarget.LowWater;

    /// <summary>Grace counted per connection (py) rather than per peer session. Default false.</summary>
    public bool GracePerConnection { get; init; }

    /// <summary>The order in which candidates are closed. Default <see cref="TrimPolicies.Score"/>.</summary>
    public ITrimPolicy TrimPolicy { get; init; } = TrimPolicies.Score;

    /// <summary>Tie-breakers among equal scores, then peer id. Default inbound first, fewer streams first, newest first.</summary>
    public IReadOnlyList<TieBreaker> TieBreakers { get; init; } = [TieBreaker.InboundFirst, TieBreaker.FewerStreamsFirst, TieBreaker.NewestFirst];

    /// <summary>Score added to a peer holding an outbound connection. Default 10 (nim uses 100; go, js, py 0).</summary>
    public int OutboundBonus { get; init; } = 10;

    /// <summary>
    /// How long tags of a disconnected peer are kept so a reconnecting peer keeps its value. Zero drops them at
    /// disconnect (go, py); <see cref="Timeout.InfiniteTimeSpan"/> keeps them (nim, js). Default 10 min.
    /// </summary>
    public TimeSpan TagRetention { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>What tagging an unconnected peer creates. Default <see cref="UnconnectedTagging.Store"/>.</summary>
    public UnconnectedTagging UnconnectedTags { get; init; } = UnconnectedTagging.Store;

    /// <summary>Protection of a peer survives its disconnect (go, nim, ours); py drops it. Default true.</summary>
    public bool ProtectionSurvivesDisconnect { get; init; } = true;

    /// <summary>Decay of decaying tags.</summary>
    public DecayOptions Decay { get; init; } = new();

    /// <summary>Subsystem quotas; unattributed peers belong to <see cref="SubsystemQuota.Other"/>. Default none.</summary>
    public IReadOnlyList<SubsystemQuota> Subsystems { get; init; } = [];

    /// <summary>
    /// Lends negotiated quotas' unused shares (connection manager v2, libp2p/specs PR 161): at a regulation round a
    /// subsystem may keep units above its negotiated maximum while the other negotiated subsystems leave as many of
    /// their shares unused; the loans are reclaimed, most over-quota subsystem first, as soon as the lenders' demand
    /// takes the room back. Off: a negotiated maximum is a hard share. Static quotas are unaffected. Default false.
    /// </summary>
    public bool LendUnusedQuota { get; init; }

    /// <summary>Protocol-id prefix → subsystem name, for <see cref="ConnectionManager{TPeer}.AttributeProtocol"/>.</summary>
    public IReadOnlyDictionary<string, string> ProtocolSubsystems { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["/meshsub/"] = "pubsub",
        ["/floodsub/"] = "pubsub",
        ["/ipfs/kad/"] = "dht",
        ["/ipfs/bitswap"] = "bitswap",
    };

    /// <summary>Grace of a transient connection. Default 10 s.</summary>
    public TimeSpan TransientGracePeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Smooth trimming (connection manager v2; go-libp2p-connmgr #19, #23, #42): a watermark trim cycle closes at most
    /// this many (peers or connections, as counted) instead of cutting to its target at once; while the count stays
    /// above HighWater the next cycle follows a SilencePeriod later, so the count is shaved near HighWater rather than
    /// cut to LowWater. Manual and emergency trims, limit changes and max mode are not bounded. Default 0: no bound (every
    /// implementation).
    /// </summary>
    public int TrimStep { get; init; }

    /// <summary>
    /// Room for newcomers (connection manager v2; lighthouse's PEER_EXCESS_FACTOR, sigp/lighthouse PR #1383): inbound
    /// connections from peers this manager has never connected with may go this far beyond the hard inbound limits
    /// (max mode's <see cref="LimitAction.RejectInbound"/>, <see cref="ConnectionCaps.MaxInbound"/>, the total caps), so
    /// a network of full nodes stays joinable. Above a maximum the usual trim follows: with a grace period the newcomer
    /// stays and the lowest-scored older peer goes. Default 0: no room (every implementation but lighthouse's).
    /// </summary>
    public int NewcomerSlots { get; init; }

    /// <summary>
    /// A newcomer gets a <see cref="NewcomerSlots"/> slot only while its /16 (IPv6: /32) holds fewer than this many
    /// inbound connections, so a flood from a few networks cannot use the slots (the address comes from
    /// <see cref="ConnectionManager{TPeer}.SetPeerAddress(TPeer, System.Net.IPAddress)"/>; a peer without one is not
    /// held back). Default null: no limit. At least 0.
    /// </summary>
    public int? NewcomersPerPrefix16 { get; init; }

    /// <summary>
    /// Close records (go-libp2p #1928): every connection a trim closes leaves a <see cref="Events.CloseRecord{TPeer}"/>
    /// with its decision's inputs (score, rank, target, protecting tags, quota state); the last this many are kept
    /// (<see cref="ConnectionManager{TPeer}.RecentCloses"/>) and each is raised (<c>OnClosed</c>). Records allocate: a
    /// diagnostic, not for a million engines. Default 0: off. At most 1,000,000.
    /// </summary>
    public int CloseRecords { get; init; }

    /// <summary>Transient peers not counted against HighWater (a burst allowance). Default 0.</summary>
    public int TransientAllowance { get; init; }

    /// <summary>Redial schedule of keep-alive peers. Default 5 s × 2 up to 10 min, ±20 % jitter, 10 attempts (kubo Peering-like).</summary>
    public BackoffPolicy KeepAliveBackoff { get; init; } = new(TimeSpan.FromSeconds(5), 2, TimeSpan.FromMinutes(10), 0.2, 10);

    /// <summary>How long a pruned peer should not be redialed: 60 s (gossipsub PRUNE backoff) doubling per repeated prune up to 10 min.</summary>
    public BackoffPolicy PruneBackoff { get; init; } = new(TimeSpan.FromSeconds(60), 2, TimeSpan.FromMinutes(10));

    /// <summary>
    /// Longest back-off a remote's disconnect notice may impose (<see cref="ConnectionManager{TPeer}.RemoteClosed"/>):
    /// the peer is not dialable for min(its back-off, this). Default zero: notices are ignored, as in every libp2p
    /// manager today (the disconnect-reason protocol, libp2p/specs #479 and #520, is a proposal). At most 1 day.
    /// </summary>
    public TimeSpan HonourRemoteBackoffUpTo { get; init; }

    /// <summary>
    /// A flow budget (connection manager v2): dials are refused while open connections, pending dials and lingering
    /// closed flows reach <see cref="FlowBudget.Flows"/>. Default null: no budget (every implementation).
    /// </summary>
    public FlowBudget? FlowBudget { get; init; }

    /// <summary>
    /// An adaptive (AIMD) window on pending outbound dials: grows on dials that connect, shrinks on dials that time
    /// out (<see cref="ConnectionManager{TPeer}.ReportDialTimeout"/>). Default null: no window (every implementation;
    /// go-libp2p-kad-dht dials with a fixed concurrency).
    /// </summary>
    public DialWindow? DialWindow { get; init; }

    /// <summary>Inbound gating. Default open.</summary>
    public GateOptions Gate { get; init; } = GateOptions.Open;

    /// <summary>Seed of the manager's own random stream (jitter). Default 0.</summary>
    public int RandomSeed { get; init; }

    /// <summary>
    /// Peers to size the manager's tables for (peer slots, peer index, connection nodes), allocated once at the first
    /// connection so a manager that reaches this many never regrows them. Default 0: start at 4 and double, which
    /// leaves up to as much garbage as the final tables (the simulator's million engines: 13.2 GB allocated in
    /// 3 virtual minutes that way, 10.2 GB sized once). Tables still double beyond it. Memory only: behaviour is the
    /// same for any value.
    /// </summary>
    public int ExpectedPeers { get; init; }

    /// <summary>
    /// When true the manager gives table memory back: a table grown past <see cref="ExpectedPeers"/> packs into twice
    /// its entries (never below the reservation) once at most a quarter of it is in use. A host whose node goes
    /// offline calls <see cref="ConnectionManager{TPeer}.TrimExcess"/> as well (the simulator does with this option).
    /// Default false: every implementation keeps its peak (go's maps never shrink). Memory only, with one exception:
    /// entries keep their order when packed, but a peer added later may enumerate in a different place, so what
    /// depends on enumeration order can change — <see cref="ConnectionManager{TPeer}.CopyConnections"/>, and the
    /// random trim policy, which shuffles candidates in table order. Trims by score (every tie broken by peer order)
    /// and every count are unchanged.
    /// </summary>
    public bool ShrinkTables { get; init; }

    /// <summary>
    /// When true a pruned peer with nothing but its prune backoff to remember (no tag, protection, keep-alive,
    /// subsystem or host-supplied fact; no backoff jitter) gives its table entry up and waits out its backoff as a
    /// 16-byte entry in the reap queue with its key beside it (20 bytes with an int key), instead of a 40-byte slot
    /// beside a 16-byte reap entry; any call about the peer gives the entry back first. For hosts that prune all the
    /// time, as a DHT node does with its lookup connections. Default false. Counts, scores, backoffs, trims and
    /// events are those of a manager without records; as with <see cref="ShrinkTables"/>, a peer may take another
    /// place in the table, so enumerations (<see cref="ConnectionManager{TPeer}.CopyConnections"/>, the random trim
    /// policy) may come out in another order.
    /// </summary>
    public bool CompactBackoff { get; init; }

    /// <summary>
    /// When true (default) every entry point takes a lock, for real hosts. The simulator sets false: one thread,
    /// no lock cost.
    /// </summary>
    public bool ThreadSafe { get; init; } = true;

    /// <summary>Checks every option; throws <see cref="ArgumentException"/> naming the first bad one and its allowed range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Limits, nameof(Limits));
        ArgumentNullException.ThrowIfNull(Caps, nameof(Caps));
        Caps.Validate();
        Guard.AtLeast(ExpectedPeers, 0, nameof(ExpectedPeers));
        Guard.Defined(Count, nameof(Count));
        Guard.Defined(Close, nameof(Close));
        Guard.Defined(Trigger, nameof(Trigger));
        Guard.Defined(Target, nameof(Target));
        Guard.Defined(UnconnectedTags, nameof(UnconnectedTags));
        ArgumentNullException.ThrowIfNull(TrimPolicy, nameof(TrimPolicy));
        ArgumentNullException.ThrowIfNull(TieBreakers, nameof(TieBreakers));
        for (var i = 0; i < TieBreakers.Count; i++)
        {
            Guard.Defined(TieBreakers[i], nameof(TieBreakers)); // indexed: a foreach over the interface allocates an enumerator per manager
        }

        if (TagRetention != Timeout.InfiniteTimeSpan)
        {
            Guard.NonNegative(TagRetention, nameof(TagRetention));
        }

        Decay.Validate();
        var names = Subsystems.Count > 0 ? new HashSet<string>(StringComparer.Ordinal) : null;
        for (var i = 0; i < Subsystems.Count; i++)
        {
            Subsystems[i].Validate($"Subsystems[{i}]");
            if (!names!.Add(Subsystems[i].Name))
            {
                throw new ArgumentException($"Subsystems[{i}].Name '{Subsystems[i].Name}' is defined twice.", nameof(Subsystems));
            }
        }

        if (Subsystems.Count > 254)
        {
            throw new ArgumentOutOfRangeException(nameof(Subsystems), Subsystems.Count, "At most 254 subsystems.");
        }

        Guard.NonNegative(TransientGracePeriod, nameof(TransientGracePeriod));
        Guard.NonNegative(TransientAllowance, nameof(TransientAllowance));
        Guard.NonNegative(TrimStep, nameof(TrimStep));
        Guard.NonNegative(NewcomerSlots, nameof(NewcomerSlots));
        Guard.That(NewcomersPerPrefix16 is null or >= 0, nameof(NewcomersPerPrefix16), NewcomersPerPrefix16 ?? 0, "NewcomersPerPrefix16 must be >= 0 (or null: no limit).");
        Guard.That(CloseRecords is >= 0 and <= 1_000_000, nameof(CloseRecords), CloseRecords, "CloseRecords must be in [0, 1,000,000].");
        FlowBudget?.Validate();
        DialWindow?.Validate();
        KeepAliveBackoff.Validate(nameof(KeepAliveBackoff));
        PruneBackoff.Validate(nameof(PruneBackoff));
        Guard.NonNegative(HonourRemoteBackoffUpTo, nameof(HonourRemoteBackoffUpTo));
        Guard.That(HonourRemoteBackoffUpTo <= TimeSpan.FromDays(1), nameof(HonourRemoteBackoffUpTo), HonourRemoteBackoffUpTo, "HonourRemoteBackoffUpTo must be in [0, 1 day].");
        Gate.Validate();
        ArgumentNullException.ThrowIfNull(AutoConnect, nameof(AutoConnect));
        AutoConnect.Validate();
        ValidateWatermarkOrder();
    }

    /// <summary>HighWater 0 only where it means "disabled" (go), and py's min ≤ low ≤ high ≤ max when bounds are set.</summary>
    private void ValidateWatermarkOrder()
    {
        Guard.That(Limits is not WatermarkPolicy { HighWater: 0 } || ZeroWatermarksDisable, "Limits.HighWater", 0, "Limits.HighWater must be >= 1; 0 means a disabled manager only with ZeroWatermarksDisable (go profile).");

        Bounds?.Validate(Limits);
    }
}
