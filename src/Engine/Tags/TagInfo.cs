namespace ConnMgr.Engine.Tags;

/// <summary>A snapshot of one peer's state, as go-libp2p's <c>GetTagInfo</c> exposes it.</summary>
/// <param name="FirstSeen">When the peer's current session (or tag-only entry) began.</param>
/// <param name="Score">The peer's score now: weighted static tags + decaying tags + direction bonus.</param>
/// <param name="Tags">Static tag values (unweighted), by name, ordinal order.</param>
/// <param name="DecayingTags">Current decaying tag values, by name, ordinal order.</param>
/// <param name="ProtectionTags">Protection tags, ordinal order.</param>
/// <param name="Connections">Open connections to the peer.</param>
/// <param name="IsConnected">True when at least one connection is open.</param>
public sealed record TagInfo(
    DateTimeOffset FirstSeen,
    int Score,
    IReadOnlyDictionary<string, int> Tags,
    IReadOnlyDictionary<string, int> DecayingTags,
    IReadOnlyList<string> ProtectionTags,
    int Connections,
    bool IsConnected);
