using ConnMgr.Sim.Results;

namespace ConnMgr.Sim.Network.Churn;

/// <summary>Columns of the churn model.</summary>
internal static class ChurnColumns
{
    public static readonly Column Joins = new("sessions_started", "sessions", "Times a node came online (initial joins, churn, storm restarts).", Format: "0");
}
