using System.Buffers;
using ConnMgr.Engine.Internal;

namespace ConnMgr.Engine;

public sealed partial class ConnectionManager<TPeer>
{
    /// <summary>A table is never shrunk below this many slots (an idle manager's tables are released outright).</summary>
    private const int SmallestShrunkTable = 8;

    /// <summary>Entries the peer table has room for, in use or not (<see cref="TrackedPeers"/> are in use), as <see cref="List{T}.Capacity"/>.</summary>
    public int Capacity => _slots.Length;

    /// <summary>Connection nodes the pool holds, in use or not (tests and memory accounting).</summary>
    internal int ConnectionNodeCapacity => _conns.Items.Length;

    /// <summary>
    /// Gives table memory back: removes entries whose retention ended and, when at most half of the peer table is in
    /// use, packs the entries that remain into tables sized for them; a manager that tracks nobody releases its tables
    /// altogether (the next connection reserves <see cref="ConnectionManagerOptions.ExpectedPeers"/> again). Counts,
    /// scores, backoffs and trims are unchanged; entries keep their order, though a peer added later may enumerate in
    /// another place (see <see cref="ConnectionManagerOptions.ShrinkTables"/>). Costs O(table size) when it packs. For a
    /// host whose node went offline or idle for long: its tables then hold only what it still remembers. (With
    /// <see cref="ConnectionManagerOptions.ShrinkTables"/> the manager packs a sparse table itself, but never below
    /// its reservation.)
    /// </summary>
    public void TrimExcess()
    {
        using var call = LockRaising();
        ReapDue(NowTicks());
        if (_slots.Length > 0 && _counts.Tracked * 2 <= _slots.Length)
        {
            PackSlots(_counts.Tracked);
        }
    }

    /// <summary>
    /// <see cref="ConnectionManagerOptions.ShrinkTables"/>, checked where a call has just freed entries and holds no
    /// slot index: a table grown past its reservation packs into twice its entries (never below the reservation)
    /// once at most a quarter of it is in use, so it has room to grow again before it doubles. It never goes below
    /// <see cref="ConnectionManagerOptions.ExpectedPeers"/>: a DHT client whose lookups open and close connections
    /// would otherwise release and reserve its tables on every lookup (a 100k-node DHT hour ran 1.9× slower so).
    /// </summary>
    private void ShrinkIfSparse()
    {
        var length = _slots.Length;
        var room = Math.Max(Math.Max(Options.ExpectedPeers, SmallestShrunkTable), _counts.Tracked * 2);
        if (_counts.Tracked * 4 <= length && room < length)
        {
            PackSlots(room);
        }
    }

    /// <summary>
    /// Moves the entries in use to the front of new tables of <paramref name="room"/> slots (at least
    /// <see cref="SmallestShrunkTable"/>; none when nobody is tracked), in slot order, and renumbers everything that
    /// names a slot: the index, the reap queue (voiding stale entries in place), the keep-alive list. Node pools with no node
    /// in use are released too; pools still in use keep their nodes, since slots name them.
    /// </summary>
    private void PackSlots(int room)
    {
        var live = _counts.Tracked;
        var length = live == 0 ? 0 : Math.Max(SmallestShrunkTable, room);
        var newSlot = ArrayPool<int>.Shared.Rent(Math.Max(1, _slotCount));
        var slots = length == 0 ? Table<PeerSlot<TPeer>>.Empty : Table<PeerSlot<TPeer>>.Reserve(length, arena: null);
        var extra = _extra is null || live == 0 ? null : new PeerExtra[length];
        var lists = _lists is null || live == 0 ? null : new PeerLists[length];
        var n = 0;
        for (var s = 0; s < _slotCount; s++)
        {
            if ((_slots[s].Flags & PeerFlags.InUse) == 0)
            {
                newSlot[s] = -1;
                continue;
            }

            slots[n] = _slots[s];
            if (extra is not null)
            {
                extra[n] = _extra![s];
            }

            if (lists is not null)
            {
                lists[n] = _lists![s];
            }

            newSlot[s] = n++;
        }

        FillFresh(extra, lists, n);
        _slots = slots;
        _extra = extra;
        _lists = lists;
        _slotCount = n;
        _freeSlot = -1;
        _index = new PeerIndex<TPeer>();
        _index.Rebuild(_slots, n);
        RenumberReapQueue(newSlot);
        RenumberKeepAlive(newSlot);
        ArrayPool<int>.Shared.Return(newSlot);
        ReleaseUnusedPools();
    }

    /// <summary>Slots past the packed entries start as <see cref="CreateSlot"/> and <see cref="GrowLists"/> expect.</summary>
    private static void FillFresh(PeerExtra[]? extra, PeerLists[]? lists, int from)
    {
        if (extra is not null)
        {
            extra.AsSpan(from).Fill(new PeerExtra { NetworkGroup = -1, LatencyTicks = long.MaxValue });
        }

        lists?.AsSpan(from).Fill(PeerLists.Empty);
    }

    /// <summary>
    /// Rewrites pending reaps to the new slot numbers, in due order. An entry voided by its peer's return or removal
    /// stays in line as <see cref="ReapEntry.Voided"/>: dropping it could let entries behind it go earlier than the
    /// same manager unpacked would let them.
    /// </summary>
    private void RenumberReapQueue(int[] newSlot)
    {
        if (_reap.Ring is not { } ring)
        {
            return;
        }

        for (var i = 0; i < _reap.Count; i++)
        {
            ref var e = ref ring[(_reap.Head + i) % ring.Length];
            if (e.IsRecord)
            {
                continue; // a record names its peer, not a slot
            }

            var s = e.Slot < 0 ? -1 : newSlot[e.Slot];
            e = ReapEntry.ForSlot(s >= 0 && _slots[s].Generation == e.Generation ? s : ReapEntry.Voided, e.Generation, e.Due);
        }
    }

    private void RenumberKeepAlive(int[] newSlot)
    {
        if (_keepAlive is null)
        {
            return;
        }

        for (var i = 0; i < _keepAlive.Count; i++)
        {
            _keepAlive[i] = _keepAlive[i] with { Slot = newSlot[_keepAlive[i].Slot] }; // a keep-alive peer is never freed
        }
    }

    /// <summary>Pools with no node in use hold only free nodes: start them again empty.</summary>
    private void ReleaseUnusedPools()
    {
        if (_conns.Live == 0)
        {
            _conns = new();
        }

        if (_tags.Live == 0)
        {
            _tags = new();
        }

        if (_decays.Live == 0)
        {
            _decays = new();
        }

        if (_prots.Live == 0)
        {
            _prots = new();
        }
    }
}
