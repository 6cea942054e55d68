using ConnMgr.Engine.Events;
using ConnMgr.Sim.Results;

namespace ConnMgr.Sim.Network.Notices;

/// <summary>
/// Disconnect notices (libp2p/specs #479 and #520, go-libp2p #238): when an engine prunes a peer, the peer's engine
/// receives the reason and a back-off — the pruner's own, how long it will not redial the peer itself — through
/// <c>RemoteClosed</c>. Whether that keeps the peer from redialing is the receiving engine's
/// <c>engine.honourRemoteBackoffUpTo</c>; the model is present only when some group honours notices. Dial loops and
/// pubsub ask the engine before dialing; DHT queries do not (a lookup dials whom it must ask).
/// </summary>
internal sealed class DisconnectNoticeModel : NetworkModel
{
    public static readonly ModelRegistration Registration = new(
        new ColumnGroup("notices", RunMode.Network, [], [NoticeColumns.Honoured]),
        [],
        (net, _) => net.Spec.Groups.Any(g => g.Engine.HonourRemoteBackoffUpTo > TimeSpan.Zero) ? new DisconnectNoticeModel(net) : null);

    private readonly INetwork _net;

    private DisconnectNoticeModel(INetwork net) => _net = net;

    public override IReadOnlyList<Column> SummaryColumns => [NoticeColumns.Honoured];

    /// <summary>Called before the peer's engine hears of the disconnect: the notice travels with the close.</summary>
    public override void Pruned(int self, int peer, PruneReason reason)
    {
        var backoff = _net.Engine(self).NextDialTime(peer) - _net.Clock.GetUtcNow();
        _net.Engine(peer).RemoteClosed(self, reason, backoff);
    }

    public override void Summarize(int group, Span<double> values)
    {
        var (first, count) = group >= 0 ? _net.GroupRange(group) : (0, _net.Nodes);
        long honoured = 0;
        for (var node = first; node < first + count; node++)
        {
            honoured += _net.Engine(node).Metrics.RemoteBackoffsHonoured;
        }

        values[0] = honoured;
    }
}
