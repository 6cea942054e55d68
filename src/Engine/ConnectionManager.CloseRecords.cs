using ConnMgr.Engine.Events;
using ConnMgr.Engine.Internal;
using ConnMgr.Engine.Tags;
using ConnMgr.Engine.Trimming;

namespace ConnMgr.Engine;

/// <summary>
/// Close records (go-libp2p #1928: "why was this connection closed?"): with <see cref="ConnectionManagerOptions.CloseRecords"/>
/// every connection a trim closes leaves a record of the decision's inputs, the last N kept and each one raised.
/// Off, nothing here runs or allocates.
/// </summary>
public sealed partial class ConnectionManager<TPeer>
{
    /// <summary>The last <see cref="ConnectionManagerOptions.CloseRecords"/> close records, oldest first (empty when off).</summary>
    public IReadOnlyList<CloseRecord<TPeer>> RecentCloses()
    {
        using var call = Lock();
        var list = new List<CloseRecord<TPeer>>(_rare.CloseCount);
        for (var i = 0; i < _rare.CloseCount; i++)
        {
            list.Add(_rare.CloseRing![(_rare.CloseNext - _rare.CloseCount + i + _rare.CloseRing.Length) % _rare.CloseRing.Length]);
        }

        return list;
    }

    /// <summary>The newest kept close record of <paramref name="peer"/>, or null.</summary>
    public CloseRecord<TPeer>? LastCloseOf(TPeer peer)
    {
        using var call = Lock();
        for (var i = 1; i <= _rare.CloseCount; i++)
        {
            var r = _rare.CloseRing![(_rare.CloseNext - i + _rare.CloseRing.Length) % _rare.CloseRing.Length];
            if (r.Peer.Equals(peer))
            {
                return r;
            }
        }

        return null;
    }

    /// <summary>Opens the records of a trim about to close: what every one of its records shares.</summary>
    private void BeginCloseRecords(TrimCause cause, int before, int target, int ranked, int graceSpared, long now)
    {
        if (Options.CloseRecords == 0)
        {
            return;
        }

        var protectedBy = new SortedDictionary<string, int>(StringComparer.Ordinal);
        for (var s = 0; s < _slotCount; s++)
        {
            ref var p = ref _slots[s];
            if ((p.Flags & PeerFlags.InUse) == 0 || p.Connections == 0 || !IsProtectedSlot(s, in p))
            {
                continue;
            }

            if ((p.Flags & PeerFlags.AllowListed) != 0)
            {
                protectedBy["allow-list"] = protectedBy.GetValueOrDefault("allow-list") + 1;
            }

            for (var i = ProtHead(s); i >= 0; i = _prots.Items[i].Next)
            {
                var tag = TagRegistry.NameOf(_prots.Items[i].TagId);
                protectedBy[tag] = protectedBy.GetValueOrDefault(tag) + 1;
            }
        }

        _rare.TrimInputs = new TrimInputs(cause, before, target, ranked, graceSpared, protectedBy, new DateTimeOffset(now, TimeSpan.Zero));
    }

    /// <summary>Records one closed connection of candidate <paramref name="c"/>, ranked <paramref name="rank"/> (0-based); before it leaves the books.</summary>
    private void RecordClose(in TrimCandidate c, long connectionId, int rank, PruneReason reason)
    {
        if (_rare.TrimInputs is not { } t)
        {
            return;
        }

        var s = c.Slot;
        var tags = new SortedDictionary<string, int>(StringComparer.Ordinal);
        for (var n = _slots[s].TagHead; n >= 0; n = _tags.Items[n].Next)
        {
            tags[TagRegistry.NameOf(_tags.Items[n].TagId)] = _tags.Items[n].Value;
        }

        for (var d = DecayHead(s); d >= 0; d = _decays.Items[d].Next)
        {
            tags[TagRegistry.NameOf(_decay.Definitions[_decays.Items[d].Def].TagId)] = _decays.Items[d].Value;
        }

        var k = c.Subsystem;
        var record = new CloseRecord<TPeer>(
            _slots[s].Key, connectionId, t.At, reason, t.Cause, c.Score, rank + 1, t.Ranked, t.Before, t.Target,
            _quotas.Names[k], SubsystemCount(k), _quotas.Reserved[k], _quotas.Max[k], t.GraceSpared, t.ProtectedBy, tags);
        _rare.CloseRing ??= new CloseRecord<TPeer>[Options.CloseRecords];
        _rare.CloseRing[_rare.CloseNext] = record;
        _rare.CloseNext = (_rare.CloseNext + 1) % _rare.CloseRing.Length;
        _rare.CloseCount = Math.Min(_rare.CloseCount + 1, _rare.CloseRing.Length);
        if (_observer is not null)
        {
            EventQueue<TPeer>.Add(new EngineEvent<TPeer> { Source = this, Kind = EventKind.Closed, Payload = record });
        }
    }

    private sealed record TrimInputs(TrimCause Cause, int Before, int Target, int Ranked, int GraceSpared, IReadOnlyDictionary<string, int> ProtectedBy, DateTimeOffset At);
}
