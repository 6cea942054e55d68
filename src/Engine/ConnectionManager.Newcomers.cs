using ConnMgr.Engine.Internal;

namespace ConnMgr.Engine;

/// <summary>
/// Room for newcomers (connection manager v2; lighthouse's peer excess, sigp/lighthouse PR #1383, and why: "a network
/// that has a hard-limit of peers becomes difficult to join for new peers", sigp/anchor #135): inbound connections from
/// peers this manager has never connected with may exceed the hard inbound limits by <see cref="ConnectionManagerOptions.NewcomerSlots"/>.
/// </summary>
public sealed partial class ConnectionManager<TPeer>
{
    /// <summary>True when the manager has connected with <paramref name="peer"/> before (it is then no newcomer).</summary>
    public bool HasSeen(TPeer peer)
    {
        using var call = Lock();
        return _rare.Seen?.Contains(peer.GetHashCode()) ?? false;
    }

    /// <summary>
    /// The cap that rejects an inbound connection from <paramref name="peer"/>, given newcomer slots: a hard inbound
    /// limit (max mode's rejection, the inbound and total caps) lets a peer not seen before through while the count
    /// is within the slots above it.
    /// </summary>
    private RejectReason AdmitNewcomer(TPeer peer, RejectReason reason, int slot)
    {
        if (Options.NewcomerSlots == 0 || reason is not (RejectReason.MaxConnections or RejectReason.InboundCap or RejectReason.TotalCap) || HasSeenLocked(peer) || PrefixHoldsEnough(slot))
        {
            return reason;
        }

        var within = CapReason(Direction.Inbound, slot, Options.NewcomerSlots);
        if (within == RejectReason.None)
        {
            _metrics.NewcomersAdmitted++;
        }

        return within;
    }

    /// <summary>Remembers a connected peer, so it is no newcomer from now on.</summary>
    private void RememberPeer(TPeer peer)
    {
        if (Options.NewcomerSlots > 0)
        {
            (_rare.Seen ??= new SeenPeers()).Add(peer.GetHashCode());
        }
    }

    /// <summary>
    /// True when <see cref="ConnectionManagerOptions.NewcomersPerPrefix16"/> is set and the peer's /16 already holds that
    /// many inbound connections: a flood from few networks gets no slot. A peer whose address is unknown is not held back.
    /// </summary>
    private bool PrefixHoldsEnough(int slot) =>
        Options.NewcomersPerPrefix16 is { } cap && slot >= 0 && _extra is not null && _extra[slot].HasAddress && _prefixes!.WideCount(_extra[slot].Address) >= cap;

    private bool HasSeenLocked(TPeer peer) => _rare.Seen?.Contains(peer.GetHashCode()) ?? false;
}
