namespace ConnMgr.Sim.Traces;

/// <summary>One row of timeseries.csv: a node group at the end of one trace interval (means over its nodes).</summary>
public sealed record TraceRow(
    double TimeSeconds,
    string Group,
    int Nodes,
    double Connections,
    double ConnectionsTimeAvg,
    double Inbound,
    double Outbound,
    double[] Subsystems,
    double Protected,
    int Pruned,
    int Rejected,
    int Trims,
    double MeanScore,
    int MinScore,
    double AboveHighWater);

/// <summary>One row of events.csv.</summary>
public readonly record struct EventRow(double TimeSeconds, string Group, int Node, string Event, string Peer, int Score, string Reason);
