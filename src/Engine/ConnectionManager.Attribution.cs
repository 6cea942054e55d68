using System.Net;
using ConnMgr.Engine.Events;
using ConnMgr.Engine.Gating;
using ConnMgr.Engine.Internal;
using ConnMgr.Engine.Limits;
using ConnMgr.Engine.Trimming;

namespace ConnMgr.Engine;

/// <summary>What the host tells the manager about a connected peer: streams, transience, subsystem, network group and latency, usefulness.</summary>
public sealed partial class ConnectionManager<TPeer>
{
    /// <summary>Sets the open-stream count of one connection (a tie-breaker input). No-op for unknown ones.</summary>
    public void SetStreamCount(TPeer peer, int streams, long connectionId = 0)
    {
        using var call = Lock();
        var s = Find(peer);
        var c = s < 0 ? -1 : FindConn(s, connectionId);
        if (c >= 0)
        {
            _conns.Items[c].Streams = (ushort)Math.Clamp(streams, 0, ushort.MaxValue);
        }
    }

    /// <summary>Marks or clears a peer as transient (short grace, trimmed first once idle). No-op for unconnected peers.</summary>
    public void MarkTransient(TPeer peer, bool transient)
    {
        using var call = Lock();
        var s = Find(peer);
        if (s >= 0 && _slots[s].Connections > 0)
        {
            SetTransient(ref _slots[s], transient);
        }
    }

    /// <summary>Attributes the peer to a subsystem by name (see <see cref="ConnectionManagerOptions.Subsystems"/>); unknown names mean <c>other</c>.</summary>
    public void SetSubsystem(TPeer peer, string subsystem)
    {
        var index = Array.IndexOf(_quotas.Names, subsystem);
        using var call = Lock();
        var s = Find(peer);
        if (s < 0)
        {
            s = CreateEntry(peer, NowTicks());
        }

        MoveSubsystem(s, (byte)Math.Max(0, index));
    }

    /// <summary>Attributes the peer by a protocol id via <see cref="ConnectionManagerOptions.ProtocolSubsystems"/> prefixes; unmatched ids are ignored.</summary>
    public void AttributeProtocol(TPeer peer, string protocolId)
    {
        foreach (var kv in Options.ProtocolSubsystems)
        {
            if (protocolId.StartsWith(kv.Key, StringComparison.Ordinal))
            {
                SetSubsystem(peer, kv.Value);
                return;
            }
        }
    }

    /// <summary>Sets diversity facts about a peer: its network group (e.g. IP /16) and measured latency.</summary>
    public void SetPeerInfo(TPeer peer, int networkGroup, TimeSpan latency)
    {
        using var call = Lock();
        var s = Find(peer);
        if (s >= 0)
        {
            ref var x = ref Extra(s);
            x.NetworkGroup = networkGroup;
            x.LatencyTicks = latency.Ticks;
        }
    }

    /// <summary>
    /// Sets the peer's address, creating its entry when needed so it can be set before <see cref="Connected"/>: the
    /// per-prefix inbound caps (<see cref="ConnectionCaps.MaxInboundPerPrefix16"/>, /24) count it, and its network
    /// group becomes its /16 (IPv6: /32), as Bitcoin Core's <c>GetGroup</c>; <see cref="SetPeerInfo"/> may override the group.
    /// </summary>
    public void SetPeerAddress(TPeer peer, IPAddress address) => SetPeerAddress(peer, CidrRange.ToUInt128(address));

    /// <summary>As <see cref="SetPeerAddress(TPeer, IPAddress)"/>, for an address mapped with <see cref="CidrRange.ToUInt128"/> (allocation-free).</summary>
    public void SetPeerAddress(TPeer peer, UInt128 address)
    {
        using var call = Lock();
        var s = Find(peer);
        if (s < 0)
        {
            s = CreateEntry(peer, NowTicks());
        }

        CountPrefix(s, -_slots[s].Inbound);
        ref var x = ref Extra(s);
        x.Address = address;
        x.HasAddress = true;
        x.NetworkGroup = PrefixCounts.GroupOf(address);
        CountPrefix(s, _slots[s].Inbound);
    }

    /// <summary>Records that the peer was just useful (the diversity policy keeps recently useful peers).</summary>
    public void MarkUseful(TPeer peer)
    {
        using var call = Lock();
        var s = Find(peer);
        if (s >= 0)
        {
            Extra(s).LastUseful = NowTicks();
        }
    }

    /// <summary>Counts <paramref name="delta"/> inbound connections of slot <paramref name="s"/> against its address prefixes.</summary>
    private void CountPrefix(int s, int delta)
    {
        if (_prefixes is not null && _extra is not null && _extra[s].HasAddress)
        {
            _prefixes.Add(_extra[s].Address, delta);
        }
    }

    private void SetTransient(ref PeerSlot<TPeer> p, bool transient)
    {
        var was = (p.Flags & PeerFlags.Transient) != 0;
        if (was == transient)
        {
            return;
        }

        p.Flags ^= PeerFlags.Transient;
        _counts.Transient += transient ? 1 : -1;
    }

    private void MoveSubsystem(int s, byte to)
    {
        ref var p = ref _slots[s];
        if (p.Subsystem == to)
        {
            return;
        }

        var units = Options.Count == CountUnit.Peers ? (p.Connections > 0 ? 1 : 0) : p.Connections;
        AddSubsystemCount(p.Subsystem, -units);
        p.Subsystem = to;
        AddSubsystemCount(to, units);
    }

    private void AddSubsystemCount(byte subsystem, int delta)
    {
        // With no subsystems configured everything is "other": SubsystemCount(0) answers Count without bookkeeping.
        if (delta == 0 || !_countsPerSubsystem)
        {
            return;
        }

        _quotas.Counts ??= new int[_quotas.Names.Length];
        _quotas.Counts[subsystem] += delta;
    }
}
