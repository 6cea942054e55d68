namespace ConnMgr.Engine.Limits;

/// <summary>
/// py-libp2p's <c>min_connections</c> and <c>max_connections</c> next to the watermarks, validated as py validates
/// its connection config: Min ≤ LowWater ≤ HighWater ≤ Max. Max is a hard cap on all connections (rejecting, like
/// <see cref="ConnectionCaps.MaxTotal"/>); Min is a floor no trim goes below ("minimum connections to maintain").
/// </summary>
/// <param name="MinConnections">The floor; ≥ 0.</param>
/// <param name="MaxConnections">The hard cap on connections in both directions; ≥ 1.</param>
public sealed record ConnectionBounds(int MinConnections, int MaxConnections)
{
    internal void Validate(LimitPolicy limits)
    {
        Guard.NonNegative(MinConnections, "Bounds.MinConnections");
        Guard.AtLeast(MaxConnections, 1, "Bounds.MaxConnections");

        var (low, high) = limits switch
        {
            WatermarkPolicy w => (w.LowWater, w.HighWater),
            MaxConnectionsPolicy m => (m.Max, m.Max),
            _ => (MinConnections, MaxConnections),
        };
        Guard.That(MinConnections <= low && low <= high && high <= MaxConnections, "Bounds", this, $"Bounds must satisfy min <= low <= high <= max (py-libp2p); got {MinConnections} <= {low} <= {high} <= {MaxConnections}.");
    }
}
