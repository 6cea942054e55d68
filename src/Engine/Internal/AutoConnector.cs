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

    /// <summary>Up to <paramref name="max"/> candidates, in round-robin order, that <paramref name="dialable"/> accepts and that are out of cooldown.</summary>
    public void Pick(int max, long now, long cooldownTicks, Func<TPeer, bool> dialable, List<TPeer> into)
    {
        for (var seen = 0; seen < _candidates.Count && into.Count < max; seen++)
        {
            _cursor %= _candidates.Count;
            var peer = _candidates[_cursor++];
            if (_failedAt.TryGetValue(peer, out var at) && now - at < cooldownTicks)
            {
                continue;
            }

            if (dialable(peer))
            {
                into.Add(peer);
            }
        }
    }
}
