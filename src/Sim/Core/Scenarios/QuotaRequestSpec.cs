namespace ConnMgr.Sim.Scenarios;

/// <summary>A negotiated quota request (engine QuotaRequest): a count range, or a share range of the capacity.</summary>
public sealed class QuotaRequestSpec
{
    /// <summary>Subsystem name: pubsub and dht are the ones the network attributes (mesh peers, routing-table queries).</summary>
    public string Subsystem { get; set; } = "";

    /// <summary>Reserved minimum asked for: a count, or a fraction of the capacity when relative. Default 0.</summary>
    [RangeOf(0, 10_000_000)]
    public double Min { get; set; }

    /// <summary>Maximum asked for: a count, or a fraction of the capacity when relative. Default none (absolute) or 1 (relative).</summary>
    [RangeOf(0, 10_000_000)]
    public double? Max { get; set; }

    /// <summary>Min and Max are fractions of the capacity (LowWater, or max), re-granted if the limits change. Default false.</summary>
    public bool Relative { get; set; }

    /// <summary>The engine request.</summary>
    public Engine.Quotas.QuotaRequest ToRequest() => Relative
        ? Engine.Quotas.QuotaRequest.Share(Min, Max ?? 1)
        : new Engine.Quotas.QuotaRequest(Min, Max ?? int.MaxValue, false);
}
