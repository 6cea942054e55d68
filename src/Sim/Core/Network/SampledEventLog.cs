using System.Globalization;
using ConnMgr.Sim.Results;

namespace ConnMgr.Sim.Network;

/// <summary>events.csv of a network run: rows only for K sampled nodes spread evenly over the handles.</summary>
internal sealed class SampledEventLog
{
    private readonly bool[] _logged;
    private List<EventRow>[] _rows = [[]];

    public SampledEventLog(int nodes, int sampled)
    {
        _logged = new bool[nodes];
        for (var k = 0; k < sampled && k < nodes; k++)
        {
            _logged[(int)((long)k * nodes / Math.Min(nodes, sampled))] = true;
        }
    }

    /// <summary>
    /// Keeps a list of rows per partition from now on, and one for events between windows (call before the first
    /// <see cref="Add"/>): each list is written by one partition's events only, in time order.
    /// </summary>
    public void UsePartitions() => _rows = [[], [], []];

    /// <summary>
    /// The rows in time order. With partitions the lists are merged: at one instant the rows of events between windows
    /// first (a global event runs before the partitions' events of its tick), then partition 0's, then partition 1's,
    /// each in the order logged — whichever partition ran first.
    /// </summary>
    public IReadOnlyList<EventRow> InTimeOrder()
    {
        if (_rows.Length == 1)
        {
            return _rows[0];
        }

        var merged = new List<EventRow>(_rows.Sum(r => r.Count));
        var next = new int[_rows.Length];
        int[] ties = [2, 0, 1]; // between windows, partition 0, partition 1
        while (merged.Count < merged.Capacity)
        {
            var best = -1;
            foreach (var list in ties)
            {
                if (next[list] < _rows[list].Count && (best < 0 || _rows[list][next[list]].TimeSeconds < _rows[best][next[best]].TimeSeconds))
                {
                    best = list;
                }
            }

            merged.Add(_rows[best][next[best]++]);
        }

        return merged;
    }

    /// <summary>True for the sampled nodes.</summary>
    public bool IsLogged(int node) => _logged[node];

    /// <summary>Logs a row of a sampled node; <paramref name="partition"/> is the partition whose event logs it (-1 between windows; ignored without partitions).</summary>
    public void Add(int partition, int node, double seconds, string group, string what, int peer, int count, string reason)
    {
        if (_logged[node])
        {
            _rows[_rows.Length == 1 ? 0 : partition < 0 ? 2 : partition].Add(new EventRow(seconds, group, node, what, peer < 0 ? "" : peer.ToString(CultureInfo.InvariantCulture), null, count, reason));
        }
    }
}
