namespace ConnMgr.Engine.Limits;

/// <summary>What starts an automatic trim cycle under a <see cref="WatermarkPolicy"/>.</summary>
public enum TrimTrigger
{
    /// <summary>
    /// Ours: a connect that takes the count above HighWater trims at once if the last cycle is a SilencePeriod old,
    /// otherwise one cycle is scheduled for when it is; a burst of connects coalesces into that one cycle. A cycle
    /// that grace kept above HighWater schedules a retry for when that grace ends.
    /// </summary>
    Coalesced,

    /// <summary>go-libp2p: a ticker every SilencePeriod trims when the count is at or above HighWater; connects never trigger.</summary>
    Ticker,

    /// <summary>nim-libp2p: a connect above HighWater trims at once; inside the SilencePeriod the trigger is dropped, not deferred.</summary>
    ImmediateDropInSilence,

    /// <summary>js-libp2p and py-libp2p: every connect above the threshold trims at once (no silence).</summary>
    Immediate,
}

/// <summary>How far a trim cycle goes.</summary>
public enum TrimTarget
{
    /// <summary>Close until the total count is LowWater (nim, py, ours); only eligible peers are taken.</summary>
    LowWater,

    /// <summary>
    /// go-libp2p: count the connections of unprotected, out-of-grace peers; if fewer than LowWater do nothing,
    /// else close that many minus LowWater (whole peers, so it can overshoot).
    /// </summary>
    EligibleMinusLowWater,
}

/// <summary>What the manager counts against its limits.</summary>
public enum CountUnit
{
    /// <summary>Connected peers (nim, ours): a peer with two connections counts once.</summary>
    Peers,

    /// <summary>Open connections (go, js, py).</summary>
    Connections,
}

/// <summary>What a trim closes.</summary>
public enum CloseUnit
{
    /// <summary>Every connection of the chosen peer (go, nim, ours).</summary>
    Peer,

    /// <summary>One connection at a time (js, py).</summary>
    Connection,
}

/// <summary>What tagging a peer that is not connected creates.</summary>
public enum UnconnectedTagging
{
    /// <summary>An ordinary entry kept for <see cref="ConnectionManagerOptions.TagRetention"/> (nim, js, ours).</summary>
    Store,

    /// <summary>A temporary entry that the next trim cycle removes first (go, py).</summary>
    TemporaryEntry,
}
