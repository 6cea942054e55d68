using ConnMgr.Sim.Kernel;

namespace ConnMgr.Sim.Tests;

/// <summary>
/// Kernel tests name their nodes 0, 1, 2, ... and reason by parity. The kernel's rule lives in
/// <see cref="NodePartition"/> (parity today; blocks of nodes were tried): a test node's events name the owner this
/// maps it to, in partition n % 2 whatever the rule.
/// </summary>
internal static class PartitionOwners
{
    /// <summary>The owner that puts test node <paramref name="node"/> in partition <paramref name="node"/> % 2 (-1 stays -1: no owner).</summary>
    public static int Of(int node) => node < 0 ? node : (128 * (node >> 1)) + NodePartition.NodeOf(node & 1);
}
