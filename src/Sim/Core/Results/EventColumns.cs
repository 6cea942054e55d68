namespace ConnMgr.Sim.Results;

/// <summary>
/// events.csv: one row per event of a logged node (focal runs with eventLog, network runs with sampledEventLog). Every
/// column means the same on every row kind: <c>count</c> is always the node's connection count when the event is
/// delivered, <c>score</c> always the peer's score, and only where the engine reports one; each close has one row per
/// end (pruned, pruned-by-peer or disconnected with its cause).
/// </summary>
public static class EventColumns
{
    /// <summary>The columns after <c>group</c>, in file order.</summary>
    public static readonly IReadOnlyList<Column> All =
    [
        new("time_s", "s", "Virtual time of the event.", Across.None, "0.#######"),
        new("node", "index", "Focal: index of the node in its group; network: the node handle.", Across.None, "0"),
        new("event", "name", $"What happened: {string.Join(", ", EventKinds.All.Select(k => k.Name))} (docs/outputs.md lists each).", Across.None),
        new("peer", "name", "The peer (empty for node events: trim, online, offline, router-died).", Across.None),
        new("score", "score", "The peer's score at a prune (pruned rows); empty on every other row.", Across.None, "0"),
        new("count", "connections", "The node's connection count when the event is delivered: after the engine call that raised it (a trim closes its victims together, and a connect that triggers a trim at once shows the count after that trim).", Across.None, "0"),
        new("reason", "name", "Why: the direction of a connection, the cause of a close, the reason of a rejection or a failed dial, a trim's cause:outcome:before->after.", Across.None),
    ];
}

/// <summary>The row kinds of events.csv, each with what it records and what its reason holds.</summary>
public static class EventKinds
{
    /// <summary>A connection opened (reason: inbound or outbound).</summary>
    public const string Connected = "connected";

    /// <summary>Why this node's engine pruned the connection (engine.closeRecords on): the row right before its <c>pruned</c> row (reason: the decision's inputs, <see cref="CloseRecordText"/>).</summary>
    public const string CloseRecord = "close-record";

    /// <summary>A connection closed that this node did not prune (reason: the cause, e.g. peer-offline, router-died, probe).</summary>
    public const string Disconnected = "disconnected";

    /// <summary>This node's engine pruned the connection (reason: the prune reason).</summary>
    public const string Pruned = "pruned";

    /// <summary>The peer's engine pruned the connection.</summary>
    public const string PrunedByPeer = "pruned-by-peer";

    /// <summary>A trim finished (reason: cause:outcome:before->after).</summary>
    public const string Trim = "trim";

    /// <summary>The engine refused an inbound connection (reason: the rejection reason).</summary>
    public const string Rejected = "rejected";

    /// <summary>This node started a dial (reason: its purpose in network runs).</summary>
    public const string Dial = "dial";

    /// <summary>A dial of this node failed (reason: unreachable, failure, nat, refused, already-connected, flow-budget, dial-window).</summary>
    public const string DialFailed = "dial-failed";

    /// <summary>The node came online (network runs).</summary>
    public const string Online = "online";

    /// <summary>The node went offline (network runs).</summary>
    public const string Offline = "offline";

    /// <summary>The node's router died of a full NAT table (reason: nat-entries=N).</summary>
    public const string RouterDied = "router-died";

    /// <summary>Every kind with its meaning, for the columns reference.</summary>
    public static readonly IReadOnlyList<(string Name, string Meaning)> All =
    [
        (Connected, "a connection opened; reason inbound or outbound"),
        (Disconnected, "a connection closed that this node did not prune; reason the cause (the engine's disconnect reason, peer-offline, offline, router-died, probe)"),
        (CloseRecord, "why the next pruned row's connection was chosen (engine.closeRecords on); score the peer's score, reason the decision's inputs as key=value;…: cause, rank/ranked, count, target, subsystem, subsystem_count, reserved, max, grace_spared, protected_by (tag:peers …), tags (tag:value …; the number after the last colon)"),
        (Pruned, "this node's engine pruned the connection; score the peer's score, reason the prune reason"),
        (PrunedByPeer, "the peer's engine pruned the connection"),
        (Trim, "a trim finished; reason cause:outcome:before->after"),
        (Rejected, "the engine refused an inbound connection; reason the rejection reason"),
        (Dial, "this node started a dial; reason its purpose (network runs)"),
        (DialFailed, "a dial of this node failed; reason unreachable, failure, nat, refused, already-connected, flow-budget (refused by its own flow budget) or dial-window (refused by its dial window)"),
        (Online, "the node came online"),
        (Offline, "the node went offline"),
        (RouterDied, "the node's router died of a full NAT table; reason nat-entries=N"),
    ];
}
