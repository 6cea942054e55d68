using ConnMgr.Engine;
using ConnMgr.Engine.Events;
using ConnMgr.Engine.Trimming;

namespace ConnMgr.Sim.Network;

/// <summary>
/// The engine observer of one network node: forwards its engine's events, tagged with the node, to the runner, and
/// holds the node's <see cref="NodeCounters"/> (the engine has just loaded this object when a count changes).
/// </summary>
internal sealed class NodeObserver(NetworkRunner runner, int self) : IConnectionManagerObserver<int>
{
    /// <summary>The node's measurements; a field, so the runner updates them in place.</summary>
    public NodeCounters Counters;

    public void OnConnected(int peer, long connectionId, Direction direction)
    {
        if (direction == Direction.Inbound)
        {
            Counters.Accepted();
        }

        runner.Admitted(self, ref Counters);
    }

    public void OnDisconnected(int peer, long connectionId, DisconnectReason reason) => runner.CountChanged(self, ref Counters);

    public void OnPruned(int peer, long connectionId, int score, PruneReason reason) => runner.Pruned(self, peer, (int)connectionId, reason);

    public void OnTrimCompleted(in TrimReport report) => runner.Trimmed(self, report.Before - report.After);

    public void OnRejected(int peer, RejectReason reason) => runner.Rejected(self, reason);

    public void OnClosed(CloseRecord<int> record) => runner.CloseRecorded(self, record);
}
