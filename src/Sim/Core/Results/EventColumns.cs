namespace ConnMgr.Sim.Results;

/// <summary>events.csv: one row per engine event of a logged node (focal runs with eventLog, network runs with sampledEventLog).</summary>
public static class EventColumns
{
    /// <summary>The columns after <c>group</c>, in file order.</summary>
    public static readonly IReadOnlyList<Column> All =
    [
        new("time_s", "s", "Virtual time of the event.", Across.None, "0.#######"),
        new("node", "index", "Focal: index of the node in its group; network: the node handle.", Across.None, "0"),
        new("event", "name", "connected, disconnected, pruned, pruned-by-peer, trim, rejected, online, offline, router-died.", Across.None),
        new("peer", "name", "The peer (empty for node events).", Across.None),
        new("score", "score or count", "Focal: the peer's score at a prune, the count after a trim; network: the node's count after the event.", Across.None, "0"),
        new("reason", "name", "Focal: the engine's reason (direction, disconnect/prune reason, trim cause:outcome:before->after).", Across.None),
    ];
}
