namespace ConnMgr.Engine.Internal;

/// <summary>
/// The state of the flow budget and the dial window, allocated only when either is set: a million engines without
/// them pay one reference each.
/// </summary>
internal sealed class DialLedger
{
    /// <summary>The adaptive dial window's size (only with a dial window).</summary>
    public double Window;

    /// <summary>Close times of the flows still lingering, oldest first (a ring; only with a flow budget).</summary>
    public long[]? Lingering;
    public int LingerHead, LingerCount;
}
