namespace ConnMgr.Sim.Kernel;

/// <summary>
/// Which of the two partitions a node's events run in (docs/design/two-partition-kernel.md): node parity. The one
/// place the rule lives. Blocks of 64 consecutive nodes were tried, so that per-node arrays (flags, pending dials,
/// random-stream counters) put one partition's nodes on most cache lines: at 200,000 nodes on two threads they
/// were no faster (benchmarks/README.md, twenty-first step), and they reorder a partitioned run's events.
/// </summary>
public static class NodePartition
{
    /// <summary>The partition (0 or 1) of <paramref name="node"/>.</summary>
    public static int Of(int node) => node & 1;

    /// <summary>A node of <paramref name="partition"/>, where an owner must be a node (a partition timer's or a bucket delivery's events).</summary>
    public static int NodeOf(int partition) => partition;

    /// <summary>The length of an array of tallies kept per group and partition, for <paramref name="groups"/> groups.</summary>
    public static int TallyCount(int groups) => 2 * groups;

    /// <summary>
    /// Where <paramref name="node"/> of <paramref name="group"/> counts in an array of tallies kept per group and
    /// partition (two a group), so that each partition's thread writes only its own.
    /// </summary>
    public static int TallyOf(int group, int node) => (2 * group) + Of(node);

    /// <summary>The two tallies of <paramref name="group"/>, one a partition (read at samples and at the end, never per event).</summary>
    public static int[] TalliesOf(int group) => [2 * group, (2 * group) + 1];

    /// <summary>Group <paramref name="group"/>'s total of <paramref name="tallies"/> kept per group and partition (<see cref="TallyOf"/>).</summary>
    public static long GroupTotal(long[] tallies, int group) => tallies[2 * group] + tallies[(2 * group) + 1];
}
