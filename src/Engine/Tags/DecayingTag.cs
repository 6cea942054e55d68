namespace ConnMgr.Engine.Tags;

/// <summary>
/// A decaying tag registered with one manager (go-libp2p's <c>connmgr.DecayingTag</c>): bump it on peers, remove it
/// from one peer, or close it, which removes it from every peer. A second <see cref="Close"/> is a no-op; bumping a
/// closed tag throws (go: "no further bumps are accepted").
/// </summary>
/// <typeparam name="TPeer">The manager's peer key.</typeparam>
public sealed class DecayingTag<TPeer> : IDisposable
    where TPeer : notnull, IEquatable<TPeer>, IComparable<TPeer>
{
    private readonly ConnectionManager<TPeer> _manager;
    private int _closed;

    internal DecayingTag(ConnectionManager<TPeer> manager, string name, TimeSpan interval)
    {
        _manager = manager;
        Name = name;
        Interval = interval;
    }

    /// <summary>The tag's name.</summary>
    public string Name { get; }

    /// <summary>The decay interval it was registered with.</summary>
    public TimeSpan Interval { get; }

    /// <summary>Bumps the tag on a peer (creating it when the manager's <see cref="DecayOptions.BumpCreatesTag"/> is set).</summary>
    /// <returns>True when the peer holds the tag after the bump.</returns>
    /// <exception cref="InvalidOperationException">The tag was closed.</exception>
    public bool Bump(TPeer peer, int delta) => Volatile.Read(ref _closed) == 0
        ? _manager.BumpDecayingTag(peer, Name, delta)
        : throw new InvalidOperationException($"Decaying tag '{Name}' had been closed; no further bumps are accepted.");

    /// <summary>Removes the tag from one peer.</summary>
    /// <returns>True when the peer held it.</returns>
    public bool Remove(TPeer peer) => _manager.RemoveDecayingTag(peer, Name);

    /// <summary>Removes the tag from every peer and ends its registration; the name may then be registered again.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _manager.CloseDecayingTag(Name);
        }
    }

    /// <summary>Same as <see cref="Close"/>.</summary>
    public void Dispose() => Close();
}
