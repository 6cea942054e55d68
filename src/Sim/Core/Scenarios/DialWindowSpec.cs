namespace ConnMgr.Sim.Scenarios;

/// <summary>An AIMD dial window (engine DialWindow, whose defaults it takes).</summary>
public sealed class DialWindowSpec
{
    private static readonly Engine.Dialing.DialWindow Defaults = new();

    /// <summary>Window at start. Default 10 (go-libp2p-kad-dht's α).</summary>
    [RangeOf(1, 100_000)]
    public double Initial { get; set; } = Defaults.Initial;

    /// <summary>Smallest window. Default 1.</summary>
    [RangeOf(1, 100_000)]
    public double Min { get; set; } = Defaults.Min;

    /// <summary>Largest window. Default 100.</summary>
    [RangeOf(1, 100_000)]
    public double Max { get; set; } = Defaults.Max;

    /// <summary>Factor applied per dial that timed out, in (0, 1). Default 0.5 (TCP Reno).</summary>
    [RangeOf(0, 1)]
    public double Decrease { get; set; } = Defaults.Decrease;
}
