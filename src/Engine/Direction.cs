namespace ConnMgr.Engine;

/// <summary>Which side opened a connection.</summary>
public enum Direction : byte
{
    /// <summary>The remote peer dialed us.</summary>
    Inbound = 0,

    /// <summary>We dialed the remote peer.</summary>
    Outbound = 1,
}
