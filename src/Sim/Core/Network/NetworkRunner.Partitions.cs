namespace ConnMgr.Sim.Network;

/// <summary>
/// Split dials run on the windowed kernel (<see cref="Kernel.SimClock.UsePartitions"/>): two partitions of the nodes
/// (<see cref="Kernel.NodePartition"/>), steps 3 and 4 of docs/design/two-partition-kernel.md, on one thread or two
/// (<see cref="UseThreads"/>). A message is the only way one node's event reaches another's, so each partition can
/// run a window of 5 ms without the other. A model that is not ready (<see cref="NetworkModel.RunsInPartitions"/>)
/// keeps the run on one queue, and the run says so.
/// </summary>
public sealed partial class NetworkRunner
{
    /// <summary>True when this run's events run in two partitions.</summary>
    public bool Partitioned => Clock.Partitioned;

    private void ChoosePartitions()
    {
        if (!SplitDials)
        {
            return;
        }

        var unready = _hooks.All.Where(m => !m.RunsInPartitions).Select(m => m.GetType().Name).ToList();
        if (unready.Count > 0)
        {
            Console.Error.WriteLine($"split dials run on one queue, not two partitions: {string.Join(", ", unready)} not partition-ready");
            return;
        }

        Clock.UsePartitions();
        _edges.UsePartitions();
        _log?.UsePartitions();
        foreach (var g in _groups)
        {
            g.UsePartitions();
        }

        _partitionMask = 1;
        if (_buckets is not null)
        {
            Clock.WaitHints = new BucketWaitHints(this);
        }
    }

    /// <summary>Asks <see cref="UseThreads"/> to choose: two threads where they pay (<see cref="TwoThreadsPayFrom"/>), else one.</summary>
    public const int AutoThreads = 0;

    /// <summary>
    /// The network size from which a partitioned run is faster on two threads than on one, on this project's 2-core
    /// machine (benchmarks/README.md, twenty-first and twenty-second steps: network-1m-ci's shape 0.97 of one thread's
    /// wall time at 10,000 nodes, 0.81 at 50,000, 0.70 at 100,000; network-1m's hour about even at 50,000, 0.84 at
    /// 100,000). Below it the windows hold too little work to pay for the hand-offs.
    /// </summary>
    public const int TwoThreadsPayFrom = 100_000;

    /// <summary>
    /// Runs the partitions on <paramref name="threads"/> threads (1 or 2; before <see cref="Run"/>): with 2, odd nodes'
    /// events run on a second thread beside even nodes', and the outputs are those of one thread, byte for byte. A run
    /// without partitions (instant dials, a model not partition-ready), or with the event profile on, stays on one thread
    /// and says so on standard error. <see cref="AutoThreads"/> takes two threads, silently, for a partitioned run of at
    /// least <see cref="TwoThreadsPayFrom"/> nodes without the profile on a machine with two cores or more, else one.
    /// </summary>
    public void UseThreads(int threads)
    {
        if (threads == AutoThreads)
        {
            Clock.Threads = Partitioned && Nodes >= TwoThreadsPayFrom && Clock.Profile is null && Environment.ProcessorCount >= 2 ? 2 : 1;
            return;
        }

        if (threads > 1 && !Partitioned)
        {
            Console.Error.WriteLine($"--threads {threads}: this run has no partitions (network.dials: split and partition-ready models are needed), so it runs on one thread");
            return;
        }

        if (threads > 1 && Clock.Profile is not null)
        {
            Console.Error.WriteLine($"--threads {threads}: the event profile (CONNMGR_SIM_PROFILE=1) is kept on one thread, so this run runs on one");
            return;
        }

        Clock.Threads = threads;
    }

    /// <summary>The counters of <paramref name="node"/>'s group that the running partition adds to (partition 0's between windows, which run alone).</summary>
    private GroupCounters Counters(int node) => _groups[_group[node]].Parts[Math.Max(0, Clock.RunningPartition)];
}
