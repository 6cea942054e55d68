using ConnMgr.Engine.Internal;
using ConnMgr.Engine.Limits;
using ConnMgr.Engine.Tags;

namespace ConnMgr.Engine;

public sealed partial class ConnectionManager<TPeer>
{
    /// <summary>
    /// Sets a static tag's value (replacing any previous value). Tagging an unconnected peer creates an entry per
    /// <see cref="ConnectionManagerOptions.UnconnectedTags"/>. Allocation-free once the tag name is known.
    /// </summary>
    public void TagPeer(TPeer peer, string tag, int value)
    {
        if (_keepAliveTags)
        {
            TagPeerMarkingKeepAlive(peer, tag, value);
            return;
        }

        var id = TagRegistry.GetOrAdd(tag);
        using var call = Lock();
        var s = FindOrCreateEntry(peer);
        ref var node = ref FindOrAddTag(s, id);
        node.Value = value;
    }

    /// <summary><see cref="TagPeer"/> when a tag may mark a keep-alive peer (js): may request a redial, so it raises events.</summary>
    private void TagPeerMarkingKeepAlive(TPeer peer, string tag, int value)
    {
        var id = TagRegistry.GetOrAdd(tag);
        using var call = LockRaising();
        var s = FindOrCreateEntry(peer);
        FindOrAddTag(s, id).Value = value;
        KeepAliveTagChanged(s, tag, added: true);
    }

    /// <summary>Removes a static tag; no-op when absent.</summary>
    public void UntagPeer(TPeer peer, string tag)
    {
        var id = TagRegistry.Find(tag);
        if (id < 0)
        {
            return;
        }

        using var call = LockForTags();
        var s = Find(peer);
        if (s >= 0)
        {
            RemoveTag(ref _slots[s], id);
            if (_keepAliveTags)
            {
                KeepAliveTagChanged(s, tag, added: false);
            }
        }
    }

    /// <summary>Sets a static tag to <paramref name="upsert"/>(current value, or 0 when absent), as go-libp2p's <c>UpsertTag</c>.</summary>
    public void UpsertTag(TPeer peer, string tag, Func<int, int> upsert)
    {
        ArgumentNullException.ThrowIfNull(upsert);
        var id = TagRegistry.GetOrAdd(tag);
        using var call = LockForTags();
        var s = FindOrCreateEntry(peer);
        ref var node = ref FindOrAddTag(s, id);
        node.Value = upsert(node.Value);
        if (_keepAliveTags)
        {
            KeepAliveTagChanged(s, tag, added: true);
        }
    }

    /// <summary>Static-tag calls raise events only when a tag can mark a keep-alive peer (js); otherwise they skip the event drain.</summary>
    private CallScope LockForTags() => new(_lock, raise: _keepAliveTags);

    /// <summary>Sets the weight that multiplies a static tag's value in scores (default 1; may be 0 or negative).</summary>
    public void SetTagWeight(string tag, int weight)
    {
        var id = TagRegistry.GetOrAdd(tag);
        using var call = Lock();
        if (_rare.TagWeights is null || _rare.TagWeights.Length <= id)
        {
            var old = _rare.TagWeights ?? [];
            var grown = new int[Math.Max(id + 1, TagRegistry.Count)];
            Array.Fill(grown, 1);
            old.CopyTo(grown, 0);
            _rare.TagWeights = grown;
        }

        _rare.TagWeights[id] = weight;
    }

    /// <summary>
    /// The peer's score now: Σ static value × weight + Σ current decaying values + the outbound bonus if it holds an
    /// outbound connection. 0 for unknown peers. Allocation-free.
    /// </summary>
    public int PeerScore(TPeer peer)
    {
        using var call = Lock();
        var s = _index.Find(peer, _slots); // a backoff record scores 0
        if (s < 0)
        {
            return 0;
        }

        var now = NowTicks();
        if (_slots[s].Connections == 0)
        {
            ExpireRetainedTags(s, now);
        }

        return ScoreOf(s, now);
    }

    /// <summary>A snapshot of the peer's tags, protection and connections; null for unknown peers.</summary>
    public TagInfo? GetTagInfo(TPeer peer)
    {
        using var call = Lock();
        var s = Find(peer);
        if (s < 0)
        {
            return null;
        }

        var now = NowTicks();
        ExpireRetainedTags(s, now);
        var score = ScoreOf(s, now);
        ref var p = ref _slots[s];
        var tags = new SortedDictionary<string, int>(StringComparer.Ordinal);
        for (var t = p.TagHead; t >= 0; t = _tags.Items[t].Next)
        {
            tags[TagRegistry.NameOf(_tags.Items[t].TagId)] = _tags.Items[t].Value;
        }

        var decaying = new SortedDictionary<string, int>(StringComparer.Ordinal);
        for (var d = DecayHead(s); d >= 0; d = _decays.Items[d].Next)
        {
            decaying[TagRegistry.NameOf(_decay.Definitions[_decays.Items[d].Def].TagId)] = _decays.Items[d].Value;
        }

        var prot = new List<string>();
        for (var i = ProtHead(s); i >= 0; i = _prots.Items[i].Next)
        {
            prot.Add(TagRegistry.NameOf(_prots.Items[i].TagId));
        }

        prot.Sort(StringComparer.Ordinal);
        return new TagInfo(new DateTimeOffset(p.SessionStart, TimeSpan.Zero), score, tags, decaying, prot, p.Connections, p.Connections > 0);
    }

    /// <summary>Protects the peer under <paramref name="tag"/>: no trim, limit or quota will close it while any protection tag remains.</summary>
    public void Protect(TPeer peer, string tag)
    {
        var id = TagRegistry.GetOrAdd(tag);
        using var call = Lock();
        var s = FindOrCreateEntry(peer);
        AddProtection(s, id);
    }

    /// <summary>Removes one protection tag.</summary>
    /// <returns>True when the peer is still protected by another tag.</returns>
    public bool Unprotect(TPeer peer, string tag)
    {
        var id = TagRegistry.Find(tag);
        using var call = Lock();
        var s = Find(peer);
        if (s < 0)
        {
            return false;
        }

        ref var p = ref _slots[s];
        if (id >= 0)
        {
            RemoveProtection(s, id);
        }

        var stillProtected = ProtHead(s) >= 0;
        if (!stillProtected && p.Connections == 0)
        {
            ScheduleReap(s, NowTicks()); // may free the slot: p is stale after this
        }

        return stillProtected;
    }

    /// <summary>True when the peer is protected under <paramref name="tag"/>, or under any tag when it is null.</summary>
    public bool IsProtected(TPeer peer, string? tag = null)
    {
        using var call = Lock();
        var s = _index.Find(peer, _slots); // a backoff record is never protected
        if (s < 0)
        {
            return false;
        }

        if (tag is null)
        {
            return ProtHead(s) >= 0;
        }

        var id = TagRegistry.Find(tag);
        for (var i = ProtHead(s); i >= 0; i = _prots.Items[i].Next)
        {
            if (_prots.Items[i].TagId == id)
            {
                return true;
            }
        }

        return false;
    }

    private int FindOrCreateEntry(TPeer peer)
    {
        var s = Find(peer);
        return s >= 0 ? s : CreateEntry(peer, NowTicks());
    }

    /// <summary>A tag-only entry for an unconnected peer: temporary (reaped by the next trim) or retained.</summary>
    private int CreateEntry(TPeer peer, long now)
    {
        var s = CreateSlot(peer, now);
        if (Options.UnconnectedTags == UnconnectedTagging.TemporaryEntry)
        {
            _slots[s].Flags |= PeerFlags.Temporary;
        }
        else
        {
            ScheduleReap(s, now, justCreated: true);
        }

        return s;
    }

    private ref TagNode FindOrAddTag(int s, int id)
    {
        ref var p = ref _slots[s];
        for (var t = p.TagHead; t >= 0; t = _tags.Items[t].Next)
        {
            if (_tags.Items[t].TagId == id)
            {
                return ref _tags.Items[t];
            }
        }

        var n = _tags.Alloc();
        _tags.Items[n].TagId = id;
        _tags.Items[n].Next = p.TagHead;
        p.TagHead = n;
        return ref _tags.Items[n];
    }

    private void RemoveTag(ref PeerSlot<TPeer> p, int id)
    {
        for (var t = p.TagHead; t >= 0; t = _tags.Items[t].Next)
        {
            if (_tags.Items[t].TagId == id)
            {
                _tags.Unlink(ref p.TagHead, t);
                return;
            }
        }
    }

    private void AddProtection(int s, int id)
    {
        for (var i = ProtHead(s); i >= 0; i = _prots.Items[i].Next)
        {
            if (_prots.Items[i].TagId == id)
            {
                return;
            }
        }

        var n = _prots.Alloc();
        _prots.Items[n].TagId = id;
        _prots.Items[n].Next = ProtHead(s);
        Lists(s).ProtHead = n;
    }

    private void RemoveProtection(int s, int id)
    {
        for (var i = ProtHead(s); i >= 0; i = _prots.Items[i].Next)
        {
            if (_prots.Items[i].TagId == id)
            {
                _prots.Unlink(ref Lists(s).ProtHead, i);
                return;
            }
        }
    }

    private void ClearTags(int s)
    {
        _tags.FreeList(ref _slots[s].TagHead);
        if (_lists is not null)
        {
            _decays.FreeList(ref _lists[s].DecayHead);
        }
    }

    private void ClearProtection(int s, bool keepKeepAlive)
    {
        var keep = keepKeepAlive && (_slots[s].Flags & PeerFlags.KeepAlive) != 0;
        if (_lists is not null)
        {
            _prots.FreeList(ref _lists[s].ProtHead);
        }

        if (keep)
        {
            AddProtection(s, KeepAliveTagId);
        }
    }

    /// <summary>
    /// A read gives the value at now: tags of a disconnected peer whose retention has ended are dropped here, not only
    /// when the reaper next runs (at the next mutating call).
    /// </summary>
    private void ExpireRetainedTags(int s, long now)
    {
        ref var p = ref _slots[s];
        if (p.Connections == 0 && (p.Flags & PeerFlags.Temporary) == 0 && _limits.RetentionTicks != Never && now - p.SessionStart >= _limits.RetentionTicks)
        {
            ClearTags(s);
        }
    }

    private bool IsProtectedSlot(int s, in PeerSlot<TPeer> p) =>
        (p.Flags & PeerFlags.AllowListed) != 0 || (_lists is not null && _lists[s].ProtHead >= 0);

    /// <summary>Score with decaying tags brought up to <paramref name="now"/>; clamps to the int range.</summary>
    private int ScoreOf(int s, long now)
    {
        long score = 0;
        ref var p = ref _slots[s];
        var weights = _rare.TagWeights;
        for (var t = p.TagHead; t >= 0; t = _tags.Items[t].Next)
        {
            ref var n = ref _tags.Items[t];
            var w = weights is not null && n.TagId < weights.Length ? weights[n.TagId] : 1;
            score += (long)n.Value * w;
        }

        if (DecayHead(s) >= 0)
        {
            score += DecayedSum(s, now);
        }

        if (p.Outbound > 0)
        {
            score += Options.OutboundBonus;
        }

        return (int)Math.Clamp(score, int.MinValue, int.MaxValue);
    }
}
