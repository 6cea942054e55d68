using System.Globalization;
using ConnMgr.Engine;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Running;

public sealed partial class ScenarioRunner
{
    private void ExecuteTimeline(int index)
    {
        var a = _scenario.Timeline[index];
        var groupIndex = a.Node is null ? 0 : _scenario.Nodes.FindIndex(g => g.Name == a.Node);
        var node = _nodes.First(n => n.Group == groupIndex && n.IndexInGroup == a.Index);
        var engine = node.Engine;
        var peer = a.Peer is null ? 0 : NamedPeer(a.Peer);
        switch (a.Action)
        {
            case TimelineActionKind.Connect:
                engine.Connected(peer, a.Direction);
                break;
            case TimelineActionKind.Disconnect:
                engine.Disconnected(peer);
                break;
            case TimelineActionKind.Tag:
                engine.TagPeer(peer, a.Tag!, a.Value!.Value);
                break;
            case TimelineActionKind.Untag:
                engine.UntagPeer(peer, a.Tag!);
                break;
            case TimelineActionKind.TagDecaying:
                engine.TagPeerDecaying(peer, a.Tag!, a.Value!.Value, a.Interval!.Value, DecayFactory.Build(a.Decay!));
                break;
            case TimelineActionKind.Bump:
                engine.BumpDecayingTag(peer, a.Tag!, a.Value!.Value);
                break;
            case TimelineActionKind.Protect:
                engine.Protect(peer, a.Tag!);
                node.ProtectedPeers.Add(peer);
                break;
            case TimelineActionKind.Unprotect:
                if (!engine.Unprotect(peer, a.Tag!))
                {
                    node.ProtectedPeers.Remove(peer);
                }

                break;
            case TimelineActionKind.Trim:
                engine.TrimOpenConns();
                break;
            case TimelineActionKind.Assert:
                Assert(a, node, peer);
                break;
        }
    }

    private void Assert(TimelineAction a, FocalNode node, int peer)
    {
        var engine = node.Engine;
        var subject = a.Check == AssertCheck.Count ? $"{_scenario.Nodes[node.Group].Name}[{node.IndexInGroup}]" : $"peer {a.Peer}";
        (string Expected, string Actual, bool Pass) r = a.Check switch
        {
            AssertCheck.Connected => ("connected", engine.IsConnected(peer) ? "connected" : "not connected", engine.IsConnected(peer)),
            AssertCheck.NotConnected => ("not connected", engine.IsConnected(peer) ? "connected" : "not connected", !engine.IsConnected(peer)),
            AssertCheck.Protected => ("protected", engine.IsProtected(peer) ? "protected" : "not protected", engine.IsProtected(peer)),
            AssertCheck.NotProtected => ("not protected", engine.IsProtected(peer) ? "protected" : "not protected", !engine.IsProtected(peer)),
            AssertCheck.Score => (Format(a.Expected!.Value), engine.PeerScore(peer).ToString(CultureInfo.InvariantCulture), engine.PeerScore(peer) == a.Expected),
            _ => (Format(a.Expected!.Value), engine.Count.ToString(CultureInfo.InvariantCulture), engine.Count == a.Expected),
        };
        _asserts.Add(new AssertResult(a.At, $"{ScenarioSchema.CamelCase(a.Check!.Value.ToString())} {subject}", r.Expected, r.Actual, r.Pass));
    }
}
