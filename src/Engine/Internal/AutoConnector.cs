namespace ConnMgr.Engine.Internal;

/// <summary>
/// The auto-connector's state: the host's dial candidates in insertion order, a round-robin cursor so every
/// candidate gets its turn, when each last failed, and when the next round is due. Only a manager with
/// <see cref="Dialing.AutoConnectOptions.Enabled"/> and candidates holds one.
/// </summary>
internal sealed class AutoConnector<TPeer>
    where TPeer : notnull
{
    private readonly List<TPeer> _candidates = [];
    private readonly Dictionary<TPeer, long> _failedAt = [];
    private readonly List<TPeer> _picked = [];
    private int _cursor;

    /// <summary>When the next round runs (long.MaxValue = none scheduled).</summary>
    public long DueAt { get; set; } = long.MaxValue;

    public int Count => _candidates.Count;

    public void Add(TPeer peer)
    {
        if (!_candidates.Contains(peer))
        {
            _candidates.Add(peer);
        }
    }

    public bool Remove(TPeer peer)
    {
        _failedAt.Remove(peer);
        return _candidates.Remove(peer);
    }

    public void Failed(TPeer peer, long now)
    {
        if (_candidates.Contains(peer))
        {
            _failedAt[peer] = now;
        }
    }

    /// <summary>
    /// Up to <paramref name="max"/> candidates, in round-robin order, that <paramref name="filter"/> accepts and that
    /// are out of cooldown; the returned list is reused by the next round. A struct filter: no allocation per round.
    /// </summary>
    public List<TPeer> Pick<TFilter>(int max, long now, long cooldownTicks, TFilter filter)
        where TFilter : struct, IDialFilter<TPeer>
    {
        _picked.Clear();
        for (var seen = 0; seen < _candidates.Count && _picked.Count < max; seen++)
        {
            _cursor %= _candidates.Count;
            var peer = _candidates[_cursor++];
            if (_failedAt.TryGetValue(peer, out var at) && now - at < cooldownTicks)
            {
                continue;
            }

            if (filter.Dialable(peer))
            {
                _picked.Add(peer);
            }
        }

        return _picked;
    }
}

/// <summary>Whether the manager may dial a candidate now (not connected, not in prune backoff).</summary>
internal interface IDialFilter<in TPeer>
{
    bool Dialable(TPeer peer);
}
