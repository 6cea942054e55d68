using ConnMgr.Engine.Events;
using ConnMgr.Sim.Results;

namespace ConnMgr.Sim.Network;

/// <summary>
/// A model of something in the network (NAT routers, churn, crawlers, address books, pubsub, a DHT, ...). The runner
/// calls each hook from exactly one place, in registration order (<see cref="Disconnected"/> in reverse order, as
/// teardown), and a model overrides only the hooks it needs. A model contributes its own columns (timeseries and
/// summary) through the results contract; its expect keys are registered with it (<see cref="ModelRegistration"/>).
/// </summary>
public abstract class NetworkModel
{
    /// <summary>Its timeseries.csv columns (filled by <see cref="Sample"/>).</summary>
    public virtual IReadOnlyList<Column> TraceColumns => [];

    /// <summary>Its summary.csv columns (filled by <see cref="Summarize"/>).</summary>
    public virtual IReadOnlyList<Column> SummaryColumns => [];

    /// <summary>Distribution files it writes at the end (mesh-degree.csv, lookup-hops.csv).</summary>
    public virtual IEnumerable<DistributionTable> Distributions() => [];

    /// <summary>
    /// True when the model can run on the windowed kernel of split dials (docs/design/two-partition-kernel.md, step 3):
    /// every event it schedules for a node is scheduled by that node's own events, by events with no owner, or at
    /// least a window (5 ms) ahead, and it calls no engine but the one whose event runs. A model that connects or
    /// notifies both ends at once says false, and a run with it keeps one queue. The default is false.
    /// </summary>
    public virtual bool RunsInPartitions => false;

    /// <summary>The run starts (schedule first events here).</summary>
    public virtual void Start()
    {
    }

    /// <summary>A node came up (<paramref name="cause"/> cleared), before it starts dialing.</summary>
    public virtual void NodeUp(int node, DownCause cause)
    {
    }

    /// <summary>A node went down for <paramref name="cause"/>, after its connections closed.</summary>
    public virtual void NodeDown(int node, DownCause cause)
    {
    }

    /// <summary>
    /// A dial reaches <paramref name="ends"/> of its connection at the network level (both at once with instant dials;
    /// with split dials the dialer's when its SYN leaves and the listener's when the SYN arrives); return false to
    /// refuse it (e.g. a full NAT table). Before the engines see it.
    /// </summary>
    public virtual bool Admit(int dialer, int listener, ConnectionEnds ends) => true;

    /// <summary>
    /// Gives back what <see cref="Admit"/> took at <paramref name="ends"/>: a later model refused them, or (split
    /// dials) the SYN got no connection at the listener.
    /// </summary>
    public virtual void AdmitCancelled(int dialer, int listener, ConnectionEnds ends)
    {
    }

    /// <summary>
    /// <paramref name="ends"/> of an admitted connection closed: their engines dropped or refused it, or the dial
    /// ended without their engine taking it. Both at once with instant closes; with delayed closes each end when it
    /// closes. Called in reverse order, as teardown; <see cref="Disconnected"/> follows at the last end.
    /// </summary>
    public virtual void EndClosed(int dialer, int listener, ConnectionEnds ends)
    {
    }

    /// <summary>
    /// <paramref name="ends"/> of a connection opened: their engines took it (a crawler's probe excepted). Both at
    /// once with instant dials, just before <see cref="Connected"/>; with split dials the listener's when it takes the
    /// SYN and the dialer's at the answer, each in its own node's event: a model that needs a node's own count at the
    /// moment it rose reads it here, not in <see cref="Connected"/>, which runs at the dialer.
    /// </summary>
    public virtual void EndOpened(int dialer, int listener, ConnectionEnds ends)
    {
    }

    /// <summary>A connection opened and both engines accepted it.</summary>
    public virtual void Connected(int dialer, int listener, ConnectPurpose purpose)
    {
    }

    /// <summary>A connection closed (both engines already know: with delayed remote closes, when its last end closed).</summary>
    public virtual void Disconnected(int dialer, int listener)
    {
    }

    /// <summary>A dial from <paramref name="dialer"/> to <paramref name="peer"/> ended (before its outcome is decided).</summary>
    public virtual void DialCompleted(int dialer, int peer)
    {
    }

    /// <summary>
    /// A dial from <paramref name="dialer"/> to <paramref name="peer"/> went unanswered (the peer was unreachable, the
    /// dial failed or timed out) while the dialer was up: what a router keeps for a SYN that got no reply.
    /// </summary>
    public virtual void DialFailed(int dialer, int peer)
    {
    }

    /// <summary>The engine of <paramref name="self"/> pruned <paramref name="peer"/> (the connection is still open).</summary>
    public virtual void Pruned(int self, int peer, PruneReason reason)
    {
    }

    /// <summary>
    /// <paramref name="node"/> learned that <paramref name="pruner"/>'s engine pruned their connection: at once with
    /// instant closes (just after <see cref="Pruned"/>), when the close arrives with delayed ones — in the pruned
    /// node's own event, so what it learned is its own state.
    /// </summary>
    public virtual void PruneHeard(int node, int pruner, PruneReason reason)
    {
    }

    /// <summary>The engine of <paramref name="self"/> finished a trim.</summary>
    public virtual void Trimmed(int self)
    {
    }

    /// <summary>Fills this model's slice of a timeseries row of <paramref name="group"/>; NaN where it does not apply.</summary>
    public virtual void Sample(int group, double intervalSeconds, Span<double> values)
    {
    }

    /// <summary>Once per trace interval, after every group was sampled.</summary>
    public virtual void Sweep()
    {
    }

    /// <summary>Fills this model's slice of the summary row of <paramref name="group"/> (-1: every group); NaN where it does not apply.</summary>
    public virtual void Summarize(int group, Span<double> values)
    {
    }
}
