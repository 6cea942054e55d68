namespace ConnMgr.Engine.Dialing;

/// <summary>
/// An adaptive window on outbound dials (connection manager v2; go-libp2p-kad-dht #770, kubo #10192): TCP's AIMD
/// applied to dials. At most ⌊window⌋ dials may be pending (<see cref="ConnectionManager{TPeer}.TryBeginDial"/>
/// refuses beyond, as <see cref="RejectReason.PendingOutboundLimit"/>); each dial that connects grows the window by
/// 1/window (one dial per window of successes), each dial that timed out — no answer, the sign of a full router —
/// multiplies it by <see cref="Decrease"/>. A dial refused at once (reset, refused) does not move it.
/// </summary>
/// <param name="Initial">Window at start. Default 10 (go-libp2p-kad-dht's lookup concurrency α).</param>
/// <param name="Min">Smallest window. Default 1.</param>
/// <param name="Max">Largest window. Default 100.</param>
/// <param name="Decrease">Factor applied on a timeout, in (0, 1). Default 0.5 (TCP Reno).</param>
public sealed record DialWindow(double Initial = 10, double Min = 1, double Max = 100, double Decrease = 0.5)
{
    internal void Validate()
    {
        Guard.That(Min >= 1 && Min <= Initial && Initial <= Max, "DialWindow", this, "DialWindow needs 1 <= Min <= Initial <= Max.");
        Guard.That(Decrease > 0 && Decrease < 1, "DialWindow.Decrease", Decrease, "DialWindow.Decrease must be in (0, 1).");
    }
}
