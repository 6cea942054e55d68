using ConnMgr.Sim.Results;

namespace ConnMgr.Sim.Network.Notices;

/// <summary>Columns of the disconnect-notice model.</summary>
internal static class NoticeColumns
{
    public static readonly Column Honoured = new("remote_backoffs_honoured", "notices", "Disconnect notices (a pruning peer's reason and back-off) the group's engines applied: the peer was kept undialable for the back-off (engine.honourRemoteBackoffUpTo); empty when no group honours notices.", Format: "0");
}
