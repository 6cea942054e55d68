namespace ConnMgr.Sim.Kernel;

/// <summary>
/// What a partition's thread may do while it waits at a barrier for the other (two threads, <see cref="SimClock.Threads"/>):
/// start loading the memory its next window will touch. Like <see cref="IEventHandler.Prefetch"/> a step must not
/// change any state; unlike it, a step runs while the other thread writes its own partition's state (or, at a barrier,
/// runs an event alone), so a step reads only its own partition's finished work, and at worst names a stale address.
/// </summary>
public interface IWaitHints
{
    /// <summary>
    /// One short step of hints (a few microseconds: the wait ends when the other thread is done, not when the hints
    /// are) for <paramref name="partition"/>'s window that starts at <paramref name="nextWindowTicks"/>;
    /// <paramref name="first"/> on a wait's first step. False when there is nothing more to hint in this wait.
    /// </summary>
    bool Step(int partition, long nextWindowTicks, bool first);
}
