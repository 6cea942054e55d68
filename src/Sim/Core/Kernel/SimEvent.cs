namespace ConnMgr.Sim.Kernel;

/// <summary>
/// One pending event, 32 bytes, ordered by (<see cref="Due"/>, <see cref="Seq"/>): equal times run in insertion order,
/// so a run is deterministic. <see cref="Handler"/> selects the registered <see cref="IEventHandler"/>; the payload
/// is plain ints, so scheduling allocates nothing.
/// </summary>
public readonly record struct SimEvent(long Due, long Seq, int Handler, int Kind, int A, int B);

/// <summary>Receives the events scheduled for it. Registered once with <see cref="SimClock.Register"/>.</summary>
public interface IEventHandler
{
    /// <summary>Handles one event; <see cref="SimClock.GetUtcNow"/> is the event's due time while this runs.</summary>
    void Handle(in SimEvent e);

    /// <summary>
    /// A hint: <paramref name="e"/> runs <paramref name="ahead"/> events from now (1: next, 2: the one after). A
    /// handler may start loading the memory it will touch (cache prefetches: for the farther event the objects it
    /// will use, for the nearer one the tables those objects point to); it must not change any state, and a hint
    /// may be stale (an event scheduled meanwhile can run first). The default does nothing.
    /// </summary>
    void Prefetch(in SimEvent e, int ahead)
    {
    }

    /// <summary>
    /// The node whose state <paramref name="e"/> belongs to, or -1 when it touches many nodes at once (a trace sample,
    /// a storm) or belongs to no node. With partitions (<see cref="SimClock.UsePartitions"/>) it decides where the
    /// event runs: in its node's partition (<see cref="NodePartition"/>), or between windows for -1. An event that
    /// serves many nodes of one partition returns a node of that partition. The profile reads it too, to estimate how two partitions
    /// would share the loop. The default is -1.
    /// </summary>
    int Owner(in SimEvent e) => -1;

    /// <summary>
    /// True for an event that runs many messages, each profiled by its handler (<see cref="EventProfile.AddPart"/>):
    /// the profile leaves the event itself out, so its time is not counted twice. The default is false.
    /// </summary>
    bool ProfiledInParts(in SimEvent e) => false;
}
