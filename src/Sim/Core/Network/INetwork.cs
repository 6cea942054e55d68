using ConnMgr.Engine;
using ConnMgr.Sim.Kernel;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Network;

/// <summary>
/// What a network model sees of the network: nodes, their engines and groups, reachability, the clock, and the
/// few actions a model may take (connect or dial with a purpose, take a node down or bring it up, log). The runner
/// owns every node, edge and engine; models own their own state and plug in through <see cref="NetworkModel"/>.
/// </summary>
public interface INetwork
{
    /// <summary>The virtual clock (also every engine's <see cref="TimeProvider"/>).</summary>
    SimClock Clock { get; }

    /// <summary>The scenario's master seed (models derive their own streams from it).</summary>
    int Seed { get; }

    /// <summary>The scenario's network section.</summary>
    NetworkSpec Spec { get; }

    /// <summary>Nodes in the network; handles are 0 .. Nodes - 1, groups are contiguous ranges.</summary>
    int Nodes { get; }

    /// <summary>Index of <paramref name="node"/>'s group in <see cref="NetworkSpec.Groups"/>.</summary>
    int GroupOf(int node);

    /// <summary>First node and node count of group <paramref name="group"/>.</summary>
    (int First, int Count) GroupRange(int group);

    /// <summary>The engine of <paramref name="node"/>.</summary>
    ConnectionManager<int> Engine(int node);

    /// <summary>True when <paramref name="node"/> is online and nothing else keeps it down.</summary>
    bool IsUp(int node);

    /// <summary>True when <paramref name="node"/> is online (its router may still be down).</summary>
    bool IsOnline(int node);

    /// <summary>True when <paramref name="node"/> accepts direct dials.</summary>
    bool IsDialable(int node);

    /// <summary>True when <paramref name="node"/> is down for <paramref name="cause"/>.</summary>
    bool IsDown(int node, DownCause cause);

    /// <summary>
    /// Connects <paramref name="dialer"/> to <paramref name="listener"/> now: reachability, dial failure, the models'
    /// admission (NAT entries), then both engines. Returns true when the two are connected afterwards.
    /// </summary>
    bool TryConnect(int dialer, int listener, ConnectPurpose purpose);

    /// <summary>
    /// Asks the dialer's engine to start a dial that a model times itself (a DHT query): false when its flow budget or
    /// dial window refuses (always true for engines without either). End it with <see cref="CompleteDial"/> or
    /// <see cref="DialTimedOut"/>.
    /// </summary>
    bool BeginDial(int dialer, int listener);

    /// <summary>As <see cref="TryConnect"/>, for a dial started with <see cref="BeginDial"/> (true at once when the two are connected meanwhile).</summary>
    bool CompleteDial(int dialer, int listener, ConnectPurpose purpose);

    /// <summary>A dial started with <see cref="BeginDial"/> got no answer before the timeout.</summary>
    void DialTimedOut(int dialer, int listener);

    /// <summary>Starts a dial that ends after a sampled latency (or the dial timeout), <paramref name="delayTicks"/> from now.</summary>
    void Dial(int dialer, int listener, long delayTicks, ConnectPurpose purpose);

    /// <summary>Takes a node down for <paramref name="cause"/>: its connections close at both ends. False when it already was.</summary>
    bool TakeDown(int node, DownCause cause);

    /// <summary>Clears <paramref name="cause"/>; the node dials again when nothing else keeps it down. False when it was not down for it.</summary>
    bool BringUp(int node, DownCause cause);

    /// <summary>Appends an events.csv row (an <see cref="Results.EventKinds"/> kind; the node's count is added) when <paramref name="node"/> is one of the sampled nodes.</summary>
    void Log(int node, string what, int peer, string reason);
}

/// <summary>Why a node is down.</summary>
public enum DownCause
{
    /// <summary>Offline: churn, a restart in a bootstrap storm.</summary>
    Offline,

    /// <summary>Its router died (NAT table full) and is rebooting.</summary>
    RouterDown,
}
