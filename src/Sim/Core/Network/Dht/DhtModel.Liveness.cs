namespace ConnMgr.Sim.Network.Dht;

/// <summary>
/// Routing tables that follow churn: a departed server leaves other nodes' tables <see cref="Scenarios.DhtSpec.EvictAfter"/>
/// after it went down, and the members of the protected buckets can stay protected while disconnected
/// (<see cref="Scenarios.DhtSpec.ProtectDisconnected"/>), as go-libp2p-kad-dht keeps them.
/// </summary>
internal sealed partial class DhtModel
{
    /// <summary>"Went down" of a node that has not been up this run: long before any eviction delay.</summary>
    private const long NeverUp = long.MinValue / 4;

    /// <summary>Ticks a departed server stays in tables; unused when <see cref="_downSince"/> is null.</summary>
    private readonly long _evictAfter;

    /// <summary>When each node last went down; null when tables never evict.</summary>
    private readonly long[]? _downSince;

    /// <summary>Per node, the protected-bucket members its engine holds protected (-1 = empty); null unless protectDisconnected.</summary>
    private readonly int[]? _held;

    private readonly int[] _bucket = new int[64];

    private int HeldPerNode => _spec.ProtectedBuckets * _spec.K;

    /// <summary>A server is in routing tables while up, and for <see cref="_evictAfter"/> after it went down.</summary>
    private bool InTables(int node) => _net.IsUp(node) || _clock.NowTicks - _downSince![node] < _evictAfter;

    /// <inheritdoc/>
    public override void NodeDown(int node, DownCause cause)
    {
        if (_downSince is not null)
        {
            _downSince[node] = _clock.NowTicks;
        }
    }

    /// <inheritdoc/>
    public override void NodeUp(int node, DownCause cause) => HoldProtection(node);

    private void HoldProtectionOfUpNodes()
    {
        foreach (var node in _members)
        {
            if (_net.IsUp(node))
            {
                HoldProtection(node);
            }
        }
    }

    /// <summary>
    /// With protectDisconnected: makes the node's engine protect exactly the current members of its protected buckets
    /// (protects the new ones, unprotects the ones that left, as kad-dht's PeerAdded and PeerRemoved do).
    /// </summary>
    private void HoldProtection(int node)
    {
        if (_held is null || !_inGroup[_net.GroupOf(node)])
        {
            return;
        }

        var engine = _net.Engine(node);
        var held = _held.AsSpan(node * HeldPerNode, HeldPerNode);
        for (var b = 0; b < _spec.ProtectedBuckets; b++)
        {
            var slots = held.Slice(b * _spec.K, _spec.K);
            var n = Space.TableBucket(node, b, _bucket.AsSpan(0, Math.Min(_bucket.Length, _spec.K)));
            var now = _bucket.AsSpan(0, n);
            for (var i = 0; i < slots.Length; i++)
            {
                if (slots[i] >= 0 && !now.Contains(slots[i]))
                {
                    engine.Unprotect(slots[i], KbucketTag);
                }
            }

            foreach (var peer in now)
            {
                engine.Protect(peer, KbucketTag);
            }

            slots.Fill(-1);
            now.CopyTo(slots);
        }
    }

    /// <summary>With protectDisconnected, a protected-bucket member that connects and is not held yet (it joined the table since the last refresh) makes the node re-read its protected buckets.</summary>
    private void HoldIfNew(int node, int peer)
    {
        var held = _held.AsSpan(node * HeldPerNode, HeldPerNode).Slice(Space.BucketOf(node, peer) * _spec.K, _spec.K);
        if (!held.Contains(peer))
        {
            HoldProtection(node);
        }
    }

    /// <summary>Members of the node's protected buckets its engine protects with the kbucket tag.</summary>
    private int ProtectedTablePeers(int node)
    {
        var engine = _net.Engine(node);
        var count = 0;
        for (var b = 0; b < _spec.ProtectedBuckets && b < 64; b++)
        {
            var n = Space.TableBucket(node, b, _bucket);
            for (var i = 0; i < n; i++)
            {
                count += engine.IsProtected(_bucket[i], KbucketTag) ? 1 : 0;
            }
        }

        return count;
    }
}
