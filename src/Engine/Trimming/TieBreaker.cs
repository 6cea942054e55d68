namespace ConnMgr.Engine.Trimming;

/// <summary>Tie-breakers among trim candidates of equal score, applied in the configured order, then peer id.</summary>
public enum TieBreaker
{
    /// <summary>The peer (or connection) connected longest ago goes first (nim, py).</summary>
    OldestFirst,

    /// <summary>The most recently connected goes first (js; ours: P2P sessions have a decreasing hazard, so old ones are worth keeping).</summary>
    NewestFirst,

    /// <summary>Peers holding any inbound connection go first (go, js, py).</summary>
    InboundFirst,

    /// <summary>Fewer open streams go first (go, js, py).</summary>
    FewerStreamsFirst,

    /// <summary>Peers with no open stream go first (go).</summary>
    ZeroStreamsFirst,

    /// <summary>Transient (short-exchange) connections go first, idle or not.</summary>
    TransientFirst,

    /// <summary>More open streams go first: go's memory-emergency order frees the busiest peers first (<c>SortByValueAndStreams(.., true)</c>).</summary>
    MoreStreamsFirst,
}
