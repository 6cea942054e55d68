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

    /// <summary>
    /// The rows in time order, rows of one instant in the order they were logged. With partitions a window's rows
    /// come partition by partition, so the log is sorted before it is written (partition 0's first at a tie).
    /// </summary>
    public IReadOnlyList<EventRow> InTimeOrder() => [.. Rows.OrderBy(r => r.TimeSeconds)];

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
