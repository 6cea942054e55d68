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
            case "connect":
                engine.Connected(peer, a.Direction == "outbound" ? Direction.Outbound : Direction.Inbound);
                break;
            case "disconnect":
                engine.Disconnected(peer);
                break;
            case "tag":
                engine.TagPeer(peer, a.Tag!, a.Value!.Value);
                break;
            case "untag":
                engine.UntagPeer(peer, a.Tag!);
                break;
            case "tagDecaying":
                engine.TagPeerDecaying(peer, a.Tag!, a.Value!.Value, a.Interval!.Value, DecayFactory.Build(a.Decay!));
                break;
            case "bump":
                engine.BumpDecayingTag(peer, a.Tag!, a.Value!.Value);
                break;
            case "protect":
                engine.Protect(peer, a.Tag!);
                node.ProtectedPeers.Add(peer);
                break;
            case "unprotect":
                if (!engine.Unprotect(peer, a.Tag!))
                {
                    node.ProtectedPeers.Remove(peer);
                }

                break;
            case "trim":
                engine.TrimOpenConns();
                break;
            case "assert":
                Assert(a, node, peer);
                break;
        }
    }

    private void Assert(TimelineAction a, FocalNode node, int peer)
    {
        var engine = node.Engine;
        var subject = a.Check == "count" ? $"{_scenario.Nodes[node.Group].Name}[{node.IndexInGroup}]" : $"peer {a.Peer}";
        (string Expected, string Actual, bool Pass) r = a.Check switch
        {
            "connected" => ("connected", engine.IsConnected(peer) ? "connected" : "not connected", engine.IsConnected(peer)),
            "notConnected" => ("not connected", engine.IsConnected(peer) ? "connected" : "not connected", !engine.IsConnected(peer)),
            "protected" => ("protected", engine.IsProtected(peer) ? "protected" : "not protected", engine.IsProtected(peer)),
            "notProtected" => ("not protected", engine.IsProtected(peer) ? "protected" : "not protected", !engine.IsProtected(peer)),
            "score" => (Format(a.Expected!.Value), engine.PeerScore(peer).ToString(CultureInfo.InvariantCulture), engine.PeerScore(peer) == a.Expected),
            _ => (Format(a.Expected!.Value), engine.Count.ToString(CultureInfo.InvariantCulture), engine.Count == a.Expected),
        };
        _asserts.Add(new AssertResult(a.At, $"{a.Check} {subject}", r.Expected, r.Actual, r.Pass));
    }
}
