namespace ConnMgr.Engine;

/// <summary>
/// The manager's configuration and status, as go-libp2p's <c>CMInfo</c> (<c>GetInfo</c>): in max mode both
/// watermarks are the maximum.
/// </summary>
/// <param name="LowWater">The trim target (the maximum in max mode).</param>
/// <param name="HighWater">The trim trigger (the maximum in max mode).</param>
/// <param name="GracePeriod">New peers are not trimmed for this long.</param>
/// <param name="LastTrim">When the last trim cycle ran, whether or not it closed anything; null before the first.</param>
/// <param name="ConnectionCount">Open connections now.</param>
public readonly record struct ConnectionManagerInfo(int LowWater, int HighWater, TimeSpan GracePeriod, DateTimeOffset? LastTrim, int ConnectionCount);
