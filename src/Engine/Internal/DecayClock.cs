using ConnMgr.Engine.Tags;

namespace ConnMgr.Engine.Internal;

/// <summary>
/// Interval-boundary arithmetic for one decaying tag under a <see cref="DecaySchedule"/>, with boundaries rounded up
/// onto a resolution grid anchored at the manager's creation. Closed forms let a read skip any number of boundaries
/// in O(1) where the value cannot change.
/// </summary>
internal readonly struct DecayClock(DecaySchedule schedule, long interval, long resolution, long origin)
{
    /// <summary>Initialises the node's schedule for a value created at <paramref name="now"/>.</summary>
    public void Start(ref DecayNode node, long registeredAt, long now)
    {
        switch (schedule)
        {
            case DecaySchedule.GlobalPerTag:
                // One schedule per tag: boundaries at grid(registeredAt + k·interval); this value sees those after now.
                node.Anchor = registeredAt;
                node.K = 1;
                SkipUpTo(ref node, now);
                break;
            case DecaySchedule.DriftingPerPeer:
                node.Anchor = now;
                node.K = 1;
                break;
            default:
                node.Anchor = now;
                node.K = 1;
                break;
        }
    }

    /// <summary>The node's next boundary (UTC ticks).</summary>
    public long Next(in DecayNode node) => schedule == DecaySchedule.DriftingPerPeer
        ? CeilGrid(node.Anchor + interval)
        : CeilGrid(node.Anchor + (node.K * interval));

    /// <summary>Marks boundary <paramref name="boundary"/> (the node's next) as applied.</summary>
    public void Advance(ref DecayNode node, long boundary)
    {
        if (schedule == DecaySchedule.DriftingPerPeer)
        {
            node.Anchor = boundary;
        }
        else
        {
            node.K++;
        }
    }

    /// <summary>Marks every boundary ≤ <paramref name="t"/> as applied without applying the function.</summary>
    public void SkipUpTo(ref DecayNode node, long t)
    {
        if (schedule == DecaySchedule.DriftingPerPeer)
        {
            var first = CeilGrid(node.Anchor + interval);
            if (first > t)
            {
                return;
            }

            // After the first boundary the anchor sits on the grid, so steps are a whole number of grid cells.
            var step = resolution > 0 ? ((interval + resolution - 1) / resolution) * resolution : interval;
            node.Anchor = first + ((t - first) / step * step);
            return;
        }

        // grid(A + k·I) ≤ t  ⟺  A + k·I ≤ floorGrid(t).
        var limit = FloorGrid(t) - node.Anchor;
        if (limit < 0)
        {
            return;
        }

        var last = limit / interval;
        if (last + 1 > node.K)
        {
            node.K = (int)Math.Min(int.MaxValue, last + 1);
        }
    }

    private long CeilGrid(long t)
    {
        if (resolution <= 0)
        {
            return t;
        }

        var off = t - origin;
        var q = off >= 0 ? (off + resolution - 1) / resolution : -((-off) / resolution);
        return origin + (q * resolution);
    }

    private long FloorGrid(long t)
    {
        if (resolution <= 0)
        {
            return t;
        }

        var off = t - origin;
        var q = off >= 0 ? off / resolution : -((-off + resolution - 1) / resolution);
        return origin + (q * resolution);
    }
}
