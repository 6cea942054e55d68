using ConnMgr.Engine.Limits;
using ConnMgr.Engine.Tags;
using ConnMgr.Engine.Trimming;

namespace ConnMgr.Sim.Scenarios;

/// <summary>Engine option overrides on top of a profile; a missing field keeps the profile's value.</summary>
public sealed class EngineSpec
{
    /// <summary>watermark or max.</summary>
    public LimitMode? Mode { get; set; }

    /// <summary>Watermark LowWater.</summary>
    [RangeOf(0, 10_000_000)]
    public int? LowWater { get; set; }

    /// <summary>Watermark HighWater.</summary>
    [RangeOf(0, 10_000_000)]
    public int? HighWater { get; set; }

    /// <summary>Grace period.</summary>
    public TimeSpan? GracePeriod { get; set; }

    /// <summary>Silence period (watermark mode).</summary>
    public TimeSpan? SilencePeriod { get; set; }

    /// <summary>Maximum (max mode).</summary>
    [RangeOf(0, 10_000_000)]
    public int? Max { get; set; }

    /// <summary>prune or rejectInbound (max mode).</summary>
    public LimitAction? OnLimit { get; set; }

    /// <summary>peers or connections.</summary>
    public CountUnit? Count { get; set; }

    /// <summary>peer or connection.</summary>
    public CloseUnit? Close { get; set; }

    /// <summary>coalesced, ticker, immediateDropInSilence, immediate.</summary>
    public TrimTrigger? Trigger { get; set; }

    /// <summary>Outbound score bonus.</summary>
    [RangeOf(0, 10_000_000)]
    public int? OutboundBonus { get; set; }

    /// <summary>score, oldest-first, newest-first, random, diversity, bitcoin.</summary>
    public string? TrimPolicy { get; set; }

    /// <summary>Seed of the random trim policy (derived from the scenario seed when absent).</summary>
    public int? TrimSeed { get; set; }

    /// <summary>Tie-breakers in order.</summary>
    public List<TieBreaker>? TieBreakers { get; set; }

    /// <summary>How long tags of disconnected peers are kept.</summary>
    public TimeSpan? TagRetention { get; set; }

    /// <summary>Grace of transient connections.</summary>
    public TimeSpan? TransientGracePeriod { get; set; }

    /// <summary>Transient peers not counted against HighWater.</summary>
    [RangeOf(0, 10_000_000)]
    public int? TransientAllowance { get; set; }

    /// <summary>
    /// Honour disconnect notices: a peer that prunes this node tells it why and for how long (its own prune back-off)
    /// not to redial, and this node's engine keeps the peer undialable for up to this long. Default null: notices
    /// are ignored, as in every libp2p implementation (the protocol is a proposal: libp2p/specs #479, #520).
    /// </summary>
    public TimeSpan? HonourRemoteBackoffUpTo { get; set; }

    /// <summary>
    /// Smooth trimming: an automatic trim cycle closes at most this many; while the count stays above HighWater the
    /// next step follows a SilencePeriod later (go's ticker: the next tick). Default none: cut to the target at once.
    /// </summary>
    [RangeOf(0, 10_000_000)]
    public int? TrimStep { get; set; }

    /// <summary>
    /// A flow budget (network mode): dials are refused while open connections, pending dials and closed flows still
    /// lingering at the router reach <c>flows</c> (rejected_flow_budget counts the refusals). Default none.
    /// </summary>
    public FlowBudgetSpec? FlowBudget { get; set; }

    /// <summary>
    /// An adaptive (AIMD) window on the node's pending dials (network mode): ⌊window⌋ dials in flight at most (dial
    /// loop and DHT queries), +1/window per dial that connects, ×decrease per dial that gets no answer. Default none.
    /// </summary>
    public DialWindowSpec? DialWindow { get; set; }

    /// <summary>Decay settings.</summary>
    public DecaySettingsSpec? Decay { get; set; }

    /// <summary>
    /// Give table memory back: a node going offline packs its engine's tables down to the peers it still remembers
    /// (or none), and an engine whose table grew past its reservation packs it when at most a quarter is in use (a DHT
    /// server after a burst of lookups). Memory only, except that peers met afterwards may enumerate in a different
    /// order (pubsub candidates, the random trim policy), so outputs differ from a run without it. Default false:
    /// every libp2p manager keeps its peak.
    /// </summary>
    public bool? ShrinkTables { get; set; }

    /// <summary>
    /// Keep a pruned peer with nothing but its backoff to remember as a 20-byte record instead of a table entry (a
    /// DHT node prunes its lookup connections all the time). Memory only, except that peers may enumerate in a
    /// different order, as with <see cref="ShrinkTables"/>. Default false.
    /// </summary>
    public bool? CompactBackoff { get; set; }

    /// <summary>
    /// Room for newcomers: inbound connections from peers the engine never connected with may go this far beyond the
    /// hard inbound limits (max mode with onLimit rejectInbound, caps.maxInbound, the total caps). Default 0.
    /// </summary>
    [RangeOf(0, 10_000_000)]
    public int? NewcomerSlots { get; set; }

    /// <summary>A newcomer gets a slot only while its /16 holds fewer than this many inbound connections (needs network.addresses or an attack). Default none.</summary>
    [RangeOf(0, 10_000_000)]
    public int? NewcomersPerPrefix16 { get; set; }

    /// <summary>
    /// Close records: the engine keeps the inputs of every trim decision that closed a connection (the last this many),
    /// and events.csv gets a close-record row before each pruned row of a logged node. Default 0: off.
    /// </summary>
    [RangeOf(0, 1_000_000)]
    public int? CloseRecords { get; set; }

    /// <summary>Subsystem quotas.</summary>
    public List<QuotaSpec>? Subsystems { get; set; }

    /// <summary>
    /// Negotiated quotas (network mode; connection manager v2, libp2p/specs PR 161): every engine of the group enrols
    /// these subsystems, in order, at the start; each is granted or counter-proposed against the engine's LowWater (or
    /// max), and its maximum is a hard share enforced at every trim. Default none.
    /// </summary>
    public List<QuotaRequestSpec>? Negotiate { get; set; }

    /// <summary>Lend negotiated subsystems' unused shares to those above their maximum, reclaimed on demand. Default false.</summary>
    public bool? LendUnusedQuota { get; set; }

    /// <summary>Admission caps.</summary>
    public CapsSpec? Caps { get; set; }
}

/// <summary>Which limit policy a group runs.</summary>
public enum LimitMode
{
    /// <summary>LowWater/HighWater.</summary>
    Watermark,

    /// <summary>A hard maximum.</summary>
    Max,
}

/// <summary>Decay settings of the engine.</summary>
public sealed class DecaySettingsSpec
{
    /// <summary>Decay on or off.</summary>
    public bool? Enabled { get; set; }

    /// <summary>perTagAnchored, globalPerTag, driftingPerPeer, ttlOnly.</summary>
    public DecaySchedule? Schedule { get; set; }

    /// <summary>Resolution grid.</summary>
    public TimeSpan? Resolution { get; set; }
}

/// <summary>A subsystem quota.</summary>
public sealed class QuotaSpec
{
    /// <summary>Subsystem name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Reserved minimum.</summary>
    [RangeOf(0, 10_000_000)]
    public int Reserved { get; set; }

    /// <summary>Maximum share (count); absent = unbounded.</summary>
    [RangeOf(0, 10_000_000)]
    public int? Max { get; set; }
}

/// <summary>Admission caps.</summary>
public sealed class CapsSpec
{
    /// <summary>Maximum inbound; 0 = none.</summary>
    [RangeOf(0, 10_000_000)]
    public int MaxInbound { get; set; }

    /// <summary>Maximum outbound; 0 = none.</summary>
    [RangeOf(0, 10_000_000)]
    public int MaxOutbound { get; set; }

    /// <summary>Maximum per peer; 0 = none.</summary>
    [RangeOf(0, 10_000_000)]
    public int MaxPerPeer { get; set; }

    /// <summary>rejectNew or closeOldest.</summary>
    public PerPeerLimitAction PerPeerAction { get; set; }

    /// <summary>Maximum inbound connections from one IPv4 /16 (nodes get addresses from network.addresses); 0 = none.</summary>
    [RangeOf(0, 10_000_000)]
    public int MaxInboundPerPrefix16 { get; set; }

    /// <summary>Maximum inbound connections from one IPv4 /24; 0 = none.</summary>
    [RangeOf(0, 10_000_000)]
    public int MaxInboundPerPrefix24 { get; set; }
}
