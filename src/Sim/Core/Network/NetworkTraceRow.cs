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
    long Rejected)
{
    /// <summary>Pubsub columns; null when the group runs no pubsub.</summary>
    public PubsubTraceColumns? Pubsub { get; init; }

    /// <summary>DHT columns; null when the group runs no lookups.</summary>
    public DhtTraceColumns? Dht { get; init; }
}

/// <summary>Pubsub columns of a trace row (groups that run pubsub).</summary>
/// <param name="MeshDegreeMean">Mean mesh degree over online subscriptions at the sample.</param>
/// <param name="BelowDLoNow">Share of online subscriptions with a mesh below D_lo at the sample.</param>
/// <param name="BelowDLoTime">Share of subscribed node-time in the interval spent below D_lo (exact, not sampled).</param>
/// <param name="Messages">Messages published by the group in the interval.</param>
/// <param name="DeliveryRatio">Deliveries to the group's online subscribers over those expected, in the interval.</param>
/// <param name="LatencyP50Ms">Median delivery latency in the interval (ms).</param>
/// <param name="LatencyP99Ms">99th percentile delivery latency in the interval (ms).</param>
public sealed record PubsubTraceColumns(double MeshDegreeMean, double BelowDLoNow, double BelowDLoTime, long Messages, double DeliveryRatio, double LatencyP50Ms, double LatencyP99Ms);

/// <summary>DHT columns of a trace row (groups that run lookups).</summary>
/// <param name="Lookups">Lookups the group's nodes finished in the interval.</param>
/// <param name="Success">Share of them that reached the closest online server to the key.</param>
/// <param name="HopsMean">Mean hops of the successful ones.</param>
/// <param name="LatencyP50Ms">Median lookup latency (ms).</param>
/// <param name="LatencyP99Ms">99th percentile lookup latency (ms).</param>
/// <param name="ConnectionsPerLookup">New connections opened per lookup.</param>
public sealed record DhtTraceColumns(long Lookups, double Success, double HopsMean, double LatencyP50Ms, double LatencyP99Ms, double ConnectionsPerLookup);
