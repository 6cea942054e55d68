namespace ConnMgr.Engine;

/// <summary>The answer to <see cref="ConnectionManager{TPeer}.AllowInbound(System.Net.IPAddress)"/>.</summary>
/// <param name="Accepted">True when the host may proceed with the inbound connection.</param>
/// <param name="Reason">Why it was rejected; <see cref="RejectReason.None"/> when accepted.</param>
/// <param name="AllowListed">The source is allow-listed in bypass mode: pass <see cref="ConnectionFlags.AllowListed"/> on connect.</param>
public readonly record struct GateDecision(bool Accepted, RejectReason Reason, bool AllowListed);
