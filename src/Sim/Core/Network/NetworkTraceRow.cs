namespace ConnMgr.Sim.Network;

/// <summary>One row of a network run's timeseries.csv: a group at the end of a trace interval.</summary>
public sealed record NetworkTraceRow(
    double TimeSeconds,
    string Group,
    int Online,
    double ConnectionsMean,
    int ConnectionsP5,
    int ConnectionsP50,
    int ConnectionsP95,
    int ConnectionsMax,
    double AboveHighWater,
    double PrunedPerSecond,
    long Dials,
    double DialSuccess,
    long RudeRedials,
    double OpsPerNodePerMinute,
    double NatOccupancyMean,
    double NatOccupancyMax,
    long RouterDrops,
    long RouterDeaths,
    int RoutersDead,
    long Rejected);
