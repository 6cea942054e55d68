namespace ConnMgr.Sim.Network;

/// <summary>
/// The distribution of a small non-negative count over a group's nodes at one sample (dials in flight, NAT entries):
/// a histogram indexed by the count, so a quantile over a million nodes costs one pass and no sort. Reused across
/// samples; it grows to the largest count seen.
/// </summary>
internal sealed class CountDistribution
{
    private long[] _nodes = new long[64];
    private int _max;
    private long _n, _sum;

    /// <summary>Nodes added since <see cref="Clear"/>.</summary>
    public long Count => _n;

    /// <summary>Largest count added (0 when empty).</summary>
    public int Max => _max;

    /// <summary>Mean count (0 when empty).</summary>
    public double Mean => _n == 0 ? 0 : _sum / (double)_n;

    public void Clear()
    {
        Array.Clear(_nodes, 0, Math.Min(_nodes.Length, _max + 1));
        _max = 0;
        _n = _sum = 0;
    }

    public void Add(int count)
    {
        if (count >= _nodes.Length)
        {
            Array.Resize(ref _nodes, Math.Max(count + 1, _nodes.Length * 2));
        }

        _nodes[count]++;
        _max = Math.Max(_max, count);
        _n++;
        _sum += count;
    }

    /// <summary>The count at quantile <paramref name="q"/>: the value of the node ranked round(q·(n−1)) in ascending order, as the connection percentiles are taken.</summary>
    public int Quantile(double q)
    {
        if (_n == 0)
        {
            return 0;
        }

        var rank = Math.Min(_n - 1, (long)((q * (_n - 1)) + 0.5));
        long seen = 0;
        for (var v = 0; v <= _max; v++)
        {
            seen += _nodes[v];
            if (seen > rank)
            {
                return v;
            }
        }

        return _max;
    }
}
