using ConnMgr.Engine.Internal;
using ConnMgr.Engine.Tags;

namespace ConnMgr.Engine;

public sealed partial class ConnectionManager<TPeer>
{
    /// <summary>
    /// Registers a decaying tag (interval, decay and bump functions) with this manager, as go-libp2p's
    /// <c>RegisterDecayingTag</c>: the definition a bump uses to create an absent tag when
    /// <see cref="DecayOptions.BumpCreatesTag"/> is set, and the anchor of the go-style global schedule.
    /// </summary>
    /// <returns>The tag's handle: bump, remove, and close it (which removes it from every peer).</returns>
    /// <exception cref="ArgumentException">The interval is not positive, or the name is already registered and not closed (go: "decaying tag with name ... already exists").</exception>
    public DecayingTag<TPeer> RegisterDecayingTag(string tag, TimeSpan interval, DecayFunction decay, BumpFunction? bump = null)
    {
        Guard.Positive(interval, nameof(interval));
        ArgumentNullException.ThrowIfNull(decay);
        var id = TagRegistry.GetOrAdd(tag);
        using var call = Lock();
        if (!(_decay.Registered ??= []).Add(id))
        {
            throw new ArgumentException($"A decaying tag named '{tag}' is already registered; close its handle first.", nameof(tag));
        }

        _ = Define(id, interval, decay, bump ?? BumpFunction.SumUnbounded(), NowTicks());
        return new DecayingTag<TPeer>(this, tag, interval);
    }

    /// <summary>A handle's Close: forget the registration and remove the tag from every peer.</summary>
    internal void CloseDecayingTag(string tag)
    {
        var id = TagRegistry.Find(tag);
        using var call = Lock();
        if (_decay.Registered?.Remove(id) != true)
        {
            return;
        }

        for (var s = 0; s < _slotCount; s++)
        {
            if ((_slots[s].Flags & PeerFlags.InUse) != 0 && DecayHead(s) >= 0)
            {
                var d = FindDecay(s, id);
                if (d >= 0)
                {
                    RemoveDecay(s, d);
                }
            }
        }
    }

    /// <summary>
    /// Sets a decaying tag on a peer to <paramref name="value"/> (reviving or restarting it, possibly with a new
    /// interval or functions). Its value then changes at each interval boundary by <paramref name="decay"/>, lazily;
    /// a value that reaches 0 removes the tag. Definitions are shared per manager: distinct (tag, interval, decay,
    /// bump) combinations should be few.
    /// </summary>
    /// <exception cref="ArgumentException">The interval is not positive.</exception>
    public void TagPeerDecaying(TPeer peer, string tag, int value, TimeSpan interval, DecayFunction decay, BumpFunction? bump = null)
    {
        Guard.Positive(interval, nameof(interval));
        ArgumentNullException.ThrowIfNull(decay);
        var id = TagRegistry.GetOrAdd(tag);
        using var call = Lock();
        var now = NowTicks();
        var def = Define(id, interval, decay, bump ?? BumpFunction.SumUnbounded(), now);
        StartDecayLoopIfIdle(now);
        var s = FindOrCreateEntry(peer);
        var d = FindDecay(s, id);
        if (d < 0)
        {
            d = _decays.Alloc();
            _decays.Items[d].Next = DecayHead(s);
            Lists(s).DecayHead = d;
        }

        ref var node = ref _decays.Items[d];
        node.Def = def;
        node.Value = value;
        node.LastBump = now;
        StartSchedule(ref node, _decay.Definitions[def], now);
        if (value <= 0)
        {
            RemoveDecay(s, d);
        }
    }

    /// <summary>
    /// Bumps a decaying tag with its bump function after bringing it up to date. A tag the peer does not hold is not
    /// revived (re-tag instead) unless <see cref="DecayOptions.BumpCreatesTag"/> is set and the tag is registered.
    /// A result ≤ 0 removes the tag. Allocation-free.
    /// </summary>
    /// <returns>True when the peer holds the tag after the bump.</returns>
    public bool BumpDecayingTag(TPeer peer, string tag, int delta)
    {
        var id = TagRegistry.Find(tag);
        if (id < 0)
        {
            return false;
        }

        using var call = Lock();
        var now = NowTicks();
        var s = Find(peer);
        var d = s < 0 ? -1 : FindDecay(s, id);
        if (d >= 0 && !Materialize(s, d, now))
        {
            d = -1;
        }

        var def = d >= 0 ? _decays.Items[d].Def : DefinitionOf(id);
        int value;
        if (d < 0)
        {
            if (!Options.Decay.BumpCreatesTag || def < 0)
            {
                return false;
            }

            s = s >= 0 ? s : CreateEntry(peer, now);
            StartDecayLoopIfIdle(now);
            d = _decays.Alloc();
            _decays.Items[d].Def = def;
            _decays.Items[d].Next = DecayHead(s);
            Lists(s).DecayHead = d;
            StartSchedule(ref _decays.Items[d], _decay.Definitions[def], now);
            value = 0;
        }
        else
        {
            value = _decays.Items[d].Value;
        }

        ref var node = ref _decays.Items[d];
        node.Value = _decay.Definitions[def].Bump.Apply(value, delta);
        node.LastBump = now;
        if (_extra is not null)
        {
            _extra[s].LastUseful = now;
        }

        if (node.Value <= 0)
        {
            RemoveDecay(s, d);
            return false;
        }

        return true;
    }

    /// <summary>Removes a decaying tag from a peer.</summary>
    /// <returns>True when the peer held it.</returns>
    public bool RemoveDecayingTag(TPeer peer, string tag)
    {
        var id = TagRegistry.Find(tag);
        using var call = Lock();
        var s = Find(peer);
        var d = s < 0 || id < 0 ? -1 : FindDecay(s, id);
        if (d < 0)
        {
            return false;
        }

        RemoveDecay(s, d);
        return true;
    }

    private int Define(int id, TimeSpan interval, DecayFunction decay, BumpFunction bump, long now)
    {
        for (var i = 0; i < _decay.Definitions.Length; i++)
        {
            var e = _decay.Definitions[i];
            if (e.TagId == id && e.Interval == interval && e.Decay.SameAs(decay) && e.Bump.SameAs(bump))
            {
                return i;
            }
        }

        var res = Options.Decay.Resolution.Ticks;
        var ticks = res > 0 && interval.Ticks < res ? res : interval.Ticks;
        Array.Resize(ref _decay.Definitions, _decay.Definitions.Length + 1);
        _decay.Definitions[^1] = new DecayDefinition(id, interval, ticks, decay, bump, now);
        return _decay.Definitions.Length - 1;
    }

    /// <summary>
    /// nim starts its decay loop when a decaying tag is added and none is held, and ticks every resolution from
    /// there (<c>connmanager.nim</c> tagPeerDecaying / runDecayLoop): the grid is anchored at that moment.
    /// </summary>
    private void StartDecayLoopIfIdle(long now)
    {
        if (Options.Decay.Schedule == DecaySchedule.DriftingPerPeer && _decays.Live == 0)
        {
            _decay.GridOrigin = now;
        }
    }

    private int DefinitionOf(int tagId)
    {
        for (var i = 0; i < _decay.Definitions.Length; i++)
        {
            if (_decay.Definitions[i].TagId == tagId)
            {
                return i;
            }
        }

        return -1;
    }

    private int FindDecay(int s, int tagId)
    {
        for (var d = DecayHead(s); d >= 0; d = _decays.Items[d].Next)
        {
            if (_decay.Definitions[_decays.Items[d].Def].TagId == tagId)
            {
                return d;
            }
        }

        return -1;
    }

    private void RemoveDecay(int s, int d) => _decays.Unlink(ref Lists(s).DecayHead, d);

    /// <summary>Sum of the peer's decaying values at <paramref name="now"/>, removing tags that reached 0.</summary>
    private long DecayedSum(int s, long now)
    {
        long sum = 0;
        var d = DecayHead(s);
        while (d >= 0)
        {
            var next = _decays.Items[d].Next;
            if (Materialize(s, d, now))
            {
                sum += _decays.Items[d].Value;
            }

            d = next;
        }

        return sum;
    }

    private void StartSchedule(ref DecayNode node, DecayDefinition def, long now)
    {
        var clock = new DecayClock(Options.Decay.Schedule, def.IntervalTicks, Options.Decay.Resolution.Ticks, _decay.GridOrigin);
        clock.Start(ref node, def.RegisteredAt, now);
    }

    /// <summary>
    /// Applies every boundary up to <paramref name="now"/> to one decaying tag: the same values a ticker would have
    /// produced, computed on read. Pure functions stop at a fixed point and jump; ExpireWhenInactive jumps to its
    /// expiry. Returns false when the tag was removed.
    /// </summary>
    private bool Materialize(int s, int d, long now)
    {
        var decay = Options.Decay;
        if (!decay.Enabled)
        {
            return true;
        }

        ref var node = ref _decays.Items[d];
        var def = _decay.Definitions[node.Def];
        if (decay.Schedule == DecaySchedule.TtlOnly)
        {
            if (now >= node.LastBump + def.IntervalTicks)
            {
                RemoveDecay(s, d);
                return false;
            }

            return true;
        }

        var clock = new DecayClock(decay.Schedule, def.IntervalTicks, decay.Resolution.Ticks, _decay.GridOrigin);
        var expires = def.Decay.ExpiresAfter;
        if (expires is { } after)
        {
            // The value is constant until the first boundary at least `after` past the last bump.
            var expiry = node.LastBump + after.Ticks;
            clock.SkipUpTo(ref node, Math.Min(now, expiry - 1));
            if (clock.Next(in node) <= now)
            {
                RemoveDecay(s, d);
                return false;
            }

            return true;
        }

        var interval = new TimeSpan(def.IntervalTicks);
        while (true)
        {
            var b = clock.Next(in node);
            if (b > now)
            {
                return true;
            }

            var before = node.Value;
            node.Value = def.Decay.Apply(before, new DecayContext(interval, new TimeSpan(b - node.LastBump)));
            clock.Advance(ref node, b);
            if (node.Value <= 0)
            {
                RemoveDecay(s, d);
                return false;
            }

            if (node.Value == before && def.Decay.IsValuePure)
            {
                clock.SkipUpTo(ref node, now);
                return true;
            }
        }
    }
}
