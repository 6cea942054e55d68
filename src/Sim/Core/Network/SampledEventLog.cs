using System.Globalization;
using ConnMgr.Sim.Results;

namespace ConnMgr.Sim.Network;

/// <summary>events.csv of a network run: rows only for K sampled nodes spread evenly over the handles.</summary>
internal sealed class SampledEventLog
{
    private readonly bool[] _logged;

    public SampledEventLog(int nodes, int sampled)
    {
        _logged = new bool[nodes];
        for (var k = 0; k < sampled && k < nodes; k++)
        {
            _logged[(int)((long)k * nodes / Math.Min(nodes, sampled))] = true;
        }
    }

    public List<EventRow> Rows { get; } = [];

    /// <summary>True for the sampled nodes.</summary>
    public bool IsLogged(int node) => _logged[node];

    public void Add(int node, double seconds, string group, string what, int peer, int count, string reason)
    {
        if (_logged[node])
        {
            Rows.Add(new EventRow(seconds, group, node, what, peer < 0 ? "" : peer.ToString(CultureInfo.InvariantCulture), null, count, reason));
        }
    }
}
