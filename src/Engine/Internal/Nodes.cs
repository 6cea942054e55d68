using System.Runtime.InteropServices;

namespace ConnMgr.Engine.Internal;

/// <summary>A pooled node of a singly linked list threaded through an array.</summary>
internal interface ILinkedNode
{
    int Next { get; set; }
}

/// <summary>
/// Per-peer state, 40 bytes with an int key. Lists are heads into the manager's node pools, -1 = empty; the rarely used
/// decaying-tag and protection heads live beside the slots in <see cref="PeerLists"/>.
/// </summary>
[StructLayout(LayoutKind.Auto)]
internal struct PeerSlot<TPeer>
{
    public TPeer Key;

    /// <summary>Start of the current session (first connection), or creation of a tag-only entry; UTC ticks.</summary>
    public long SessionStart;

    /// <summary>Prune backoff: the host should not dial before this; UTC ticks.</summary>
    public long DialAllowedAt;

    public int ConnHead;
    public int TagHead;

    /// <summary>Changes whenever the peer (re)connects or the slot is reused: stale reap-queue entries are skipped.</summary>
    public int Generation;

    public ushort Inbound;
    public ushort Outbound;
    public PeerFlags Flags;
    public byte Subsystem;
    public byte PruneCount;

    public readonly int Connections => Inbound + Outbound;
}

/// <summary>A peer's decaying-tag and protection list heads, -1 = empty, in an array parallel to the slots.</summary>
internal struct PeerLists
{
    public static readonly PeerLists Empty = new() { DecayHead = -1, ProtHead = -1 };

    public int DecayHead;
    public int ProtHead;
}

[Flags]
internal enum PeerFlags : byte
{
    None = 0,
    InUse = 1,
    Temporary = 2,
    Transient = 4,
    KeepAlive = 8,
    AllowListed = 16,
}

/// <summary>One open connection, 24 bytes.</summary>
internal struct ConnNode : ILinkedNode
{
    public long Id;
    public long OpenedAt;
    public int Next { get; set; }
    public ushort Streams;
    public Direction Direction;
    public bool Transient;
}

/// <summary>A static tag, 12 bytes.</summary>
internal struct TagNode : ILinkedNode
{
    public int TagId;
    public int Value;
    public int Next { get; set; }
}

/// <summary>A decaying tag, 32 bytes. Its value is exact as of the boundaries already applied.</summary>
internal struct DecayNode : ILinkedNode
{
    public int Def;
    public int Value;
    public int Next { get; set; }

    /// <summary>Index of the next boundary (anchored and global schedules).</summary>
    public int K;

    /// <summary>Anchor time: creation (anchored), registration (global), or last boundary (drifting); UTC ticks.</summary>
    public long Anchor;
    public long LastBump;
}

/// <summary>A protection tag, 8 bytes.</summary>
internal struct ProtNode : ILinkedNode
{
    public int TagId;
    public int Next { get; set; }
}

/// <summary>Optional per-peer facts for the diversity policy, allocated only once a host supplies them.</summary>
internal struct PeerExtra
{
    public int NetworkGroup;
    public long LatencyTicks;
    public long LastUseful;

    /// <summary>The peer's address (mapped, see <see cref="Gating.CidrRange.ToUInt128"/>) when <see cref="HasAddress"/>.</summary>
    public UInt128 Address;

    public bool HasAddress;
}
