namespace ConnMgr.Sim.Network;

/// <summary>What a close arriving at an end of an edge made of it (<see cref="EdgeStore.CloseArrived"/>).</summary>
internal enum CloseArrival
{
    /// <summary>The end was open and closed now, the last one: its engine drops the connection and the models hear the edge closed.</summary>
    AtOpenEnd,

    /// <summary>The end had closed meanwhile and this is the earlier of the two crossing receipts: the models hear the edge closed.</summary>
    Crossed,

    /// <summary>The end had closed meanwhile and the other receipt heard the edge closed: nothing to do.</summary>
    CrossedLater,
}
