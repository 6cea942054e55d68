using ConnMgr.Sim.Results;

namespace ConnMgr.Sim.Network.Churn;

/// <summary>Columns of the churn model.</summary>
internal static class ChurnColumns
{
    public static readonly Column Joins = new("sessions_started", "sessions", "Times a node came online (initial joins, churn, storm restarts).", Format: "0");
    public static readonly Column SessionP50 = new("session_p50_h", "hours", "Median of the session lengths the group's churn drew (every session started in the run, including ones still running at its end).", Across.Ratio, "0.###");
    public static readonly Column SessionP80 = new("session_p80_h", "hours", "80th percentile of the session lengths the group's churn drew.", Across.Ratio, "0.###");

    public static readonly Column Quantile = new("quantile", "share of sessions", "Share of sessions no longer than the length (key of session-lengths.csv).", Across.None, "0.##");
    public static readonly Column Length = new("session_h", "hours", "Session length at that quantile (minute resolution; 336.017, 14 days and a minute, stands for anything longer).", Across.None, "0.###");

    public static readonly IReadOnlyList<Column> Summary = [Joins, SessionP50, SessionP80];

    /// <summary>Quantiles written to session-lengths.csv.</summary>
    public static readonly double[] Quantiles = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99];

    public static readonly IReadOnlyList<Results.Expectation> Expectations =
    [
        new("sessionP50Hours", SessionP50.Name, Results.ExpectationKind.Range, Results.RunMode.Network, "session length, median (h)") { WhenMissing = "no group churns" },
        new("sessionP80Hours", SessionP80.Name, Results.ExpectationKind.Range, Results.RunMode.Network, "session length, 80th percentile (h)") { WhenMissing = "no group churns" },
    ];
}
