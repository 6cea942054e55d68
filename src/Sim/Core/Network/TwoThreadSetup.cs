namespace ConnMgr.Sim.Network;

/// <summary>
/// Set-up work that is per node and needs no random draws (building engines): a large network on a machine with two
/// cores or more builds its two halves of the nodes on two threads at once, because much of that time is the collector
/// and the kernel handing out fresh memory (network-1m-ci's set-up: 8.1 s of wall on one thread, 7.2–7.5 s on two:
/// benchmarks/README.md, issue 13 "twenty-fifth step"). Halves, not the partitions' even and odd nodes: two threads
/// writing neighbouring elements of the same arrays share every cache line, and were slower than one. Work that draws
/// from per-node streams (address books) stays on one thread for the same reason: each draw advances a counter beside
/// the other partition's.
/// </summary>
internal static class TwoThreadSetup
{
    /// <summary>
    /// Runs <paramref name="range"/> over nodes [0, n/2) and [n/2, n): on two threads from
    /// <see cref="NetworkRunner.TwoThreadsPayFrom"/> nodes on a multi-core machine, else one after the other. Returns
    /// when both halves are done; rethrows what either threw (the first half's when both did).
    /// </summary>
    public static void InHalves(int nodes, Action<int, int> range)
    {
        var half = nodes / 2;
        if (nodes < NetworkRunner.TwoThreadsPayFrom || Environment.ProcessorCount < 2)
        {
            range(0, half);
            range(half, nodes);
            return;
        }

        var second = Task.Factory.StartNew(() => range(half, nodes), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            range(0, half);
        }
        catch
        {
            Task.WaitAny(second); // never leave the second half writing after a failed set-up (its own error, if any, is dropped)
            throw;
        }

        second.GetAwaiter().GetResult();
    }
}
