namespace ConnMgr.Sim.Network;

/// <summary>
/// Which ends of a connection a model hook is about: both at once with instant dials and closes; with split dials the
/// dialer's when its SYN leaves and the listener's when the SYN arrives, and with delayed closes each end as it
/// closes (docs/design/two-partition-kernel.md).
/// </summary>
[Flags]
public enum ConnectionEnds
{
    /// <summary>The dialer's end.</summary>
    Dialer = 1,

    /// <summary>The listener's end.</summary>
    Listener = 2,

    /// <summary>Both ends, in one event.</summary>
    Both = Dialer | Listener,
}
