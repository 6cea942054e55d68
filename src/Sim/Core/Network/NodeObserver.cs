using ConnMgr.Engine;
using ConnMgr.Engine.Events;
using ConnMgr.Engine.Trimming;

namespace ConnMgr.Sim.Network;

/// <summary>The engine observer of one network node: forwards its engine's events, tagged with the node, to the runner.</summary>
internal sealed class NodeObserver(NetworkRunner runner, int self) : IConnectionManagerObserver<int>
{
    public void OnConnected(int peer, long connectionId, Direction direction) => runner.Admitted(self);

    public void OnDisconnected(int peer, long connectionId, DisconnectReason reason) => runner.CountChanged(self);

    public void OnPruned(int peer, long connectionId, int score, PruneReason reason) => runner.Pruned(self, peer, (int)connectionId, reason);

    public void OnTrimCompleted(in TrimReport report) => runner.Trimmed(self, report.Before - report.After);

    public void OnRejected(int peer, RejectReason reason) => runner.Rejected(self, reason);

    public void OnClosed(CloseRecord<int> record) => runner.CloseRecorded(self, record);
}
