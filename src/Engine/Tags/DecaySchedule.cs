namespace ConnMgr.Engine.Tags;

/// <summary>Where the interval boundaries of a decaying tag fall.</summary>
public enum DecaySchedule
{
    /// <summary>
    /// Ours: boundaries at creation + k × interval for each (peer, tag), so every value decays exactly once per
    /// interval of its own life, independent of when other peers were tagged.
    /// </summary>
    PerTagAnchored,

    /// <summary>
    /// go-libp2p: one schedule per tag name, anchored when the tag is first registered (nextTick += interval),
    /// checked at each resolution tick; a value created just before a tick decays at that tick.
    /// </summary>
    GlobalPerTag,

    /// <summary>
    /// nim-libp2p: per (peer, tag), decays at the first resolution tick with now ≥ lastTick + interval, then
    /// lastTick = that tick (boundaries drift onto the resolution grid).
    /// </summary>
    DriftingPerPeer,

    /// <summary>js-libp2p: no decay; a decaying tag keeps its value and expires one interval after its last bump (a TTL).</summary>
    TtlOnly,
}
