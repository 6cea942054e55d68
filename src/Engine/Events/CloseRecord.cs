using ConnMgr.Engine.Trimming;

namespace ConnMgr.Engine.Events;

/// <summary>
/// Why a connection was closed (connection manager v2; go-libp2p #1928 asks for it): the inputs of the trim decision
/// that closed it, kept when <see cref="ConnectionManagerOptions.CloseRecords"/> is on
/// (<see cref="ConnectionManager{TPeer}.RecentCloses"/>, <see cref="IConnectionManagerObserver{TPeer}.OnClosed"/>).
/// </summary>
/// <typeparam name="TPeer">The peer key type.</typeparam>
/// <param name="Peer">The peer whose connection closed.</param>
/// <param name="ConnectionId">The host's id of the connection.</param>
/// <param name="At">When, on the manager's clock.</param>
/// <param name="Reason">The prune reason (trim, limit, quota, emergency, limit lowered).</param>
/// <param name="Cause">What started the trim.</param>
/// <param name="Score">The peer's score when ranked.</param>
/// <param name="Rank">1-based position of the candidate in the trim's order (1 = the first to go).</param>
/// <param name="Ranked">Candidates the trim ranked: peers (or connections) neither protected nor in grace.</param>
/// <param name="CountBefore">The count when the trim began.</param>
/// <param name="Target">The count the trim aimed at (LowWater, the maximum, or before − step).</param>
/// <param name="Subsystem">The peer's subsystem (<c>other</c> when unattributed).</param>
/// <param name="SubsystemCount">The subsystem's count just before this close.</param>
/// <param name="SubsystemReserved">The subsystem's reserved minimum (static or negotiated).</param>
/// <param name="SubsystemMax">The subsystem's maximum (<see cref="int.MaxValue"/> = none).</param>
/// <param name="GraceSpared">Peers (or connections) the trim spared because they were in their grace period.</param>
/// <param name="ProtectedBy">Peers the trim spared for protection, per protecting tag (a peer counts under each of its tags; allow-listed peers under <c>allow-list</c>).</param>
/// <param name="Tags">The peer's tags and decaying tags with their values when ranked: what its score was made of.</param>
public sealed record CloseRecord<TPeer>(
    TPeer Peer,
    long ConnectionId,
    DateTimeOffset At,
    PruneReason Reason,
    TrimCause Cause,
    int Score,
    int Rank,
    int Ranked,
    int CountBefore,
    int Target,
    string Subsystem,
    int SubsystemCount,
    int SubsystemReserved,
    int SubsystemMax,
    int GraceSpared,
    IReadOnlyDictionary<string, int> ProtectedBy,
    IReadOnlyDictionary<string, int> Tags);
