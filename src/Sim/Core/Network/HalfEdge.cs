namespace ConnMgr.Sim.Network;

/// <summary>
/// The states of one end of an edge with delayed closes (<see cref="EdgeStore.TrackEnds"/>), an int per end written
/// only by its own node's events. A closed end whose close is travelling keeps the window its close arrives in.
/// </summary>
internal static class HalfEdge
{
    /// <summary>Not open, and nothing travelling from it: never opened, closed, or refused while taking the connection.</summary>
    public const int None = 0;

    /// <summary>Open: its engine holds the connection.</summary>
    public const int Open = 1;

    /// <summary>The dialer's end of a split dial: its SYN left, its answer has not arrived.</summary>
    public const int Dialing = 2;

    /// <summary>The listener's end while its SYN is being taken: a close now is answered as a refusal and sends nothing.</summary>
    public const int Accepting = 3;

    /// <summary>Closed with its close travelling: this plus the window the close arrives in.</summary>
    public const int ClosedSent = 4;

    /// <summary>A state's name, for errors.</summary>
    public static string Name(int half) => half switch
    {
        None => "closed",
        Open => "open",
        Dialing => "dialing",
        Accepting => "accepting",
        _ => $"closed, its close arriving in window {half - ClosedSent}",
    };
}
