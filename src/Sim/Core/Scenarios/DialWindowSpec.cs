namespace ConnMgr.Sim.Scenarios;

/// <summary>An AIMD dial window (engine DialWindow).</summary>
public sealed class DialWindowSpec
{
    /// <summary>Window at start. Default 10 (go-libp2p-kad-dht's α).</summary>
    [RangeOf(1, 100_000)]
    public double Initial { get; set; } = 10;

    /// <summary>Smallest window. Default 1.</summary>
    [RangeOf(1, 100_000)]
    public double Min { get; set; } = 1;

    /// <summary>Largest window. Default 100.</summary>
    [RangeOf(1, 100_000)]
    public double Max { get; set; } = 100;

    /// <summary>Factor applied per dial that timed out, in (0, 1). Default 0.5 (TCP Reno).</summary>
    [RangeOf(0, 1)]
    public double Decrease { get; set; } = 0.5;
}
