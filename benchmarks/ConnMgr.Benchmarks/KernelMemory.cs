using System.Globalization;
using ConnMgr.Sim.Kernel;

namespace ConnMgr.Benchmarks;

/// <summary>
/// Retained memory of the event queue per pending event: N events pending after 2N hold operations (Exp(1 s), one
/// in 16 hours ahead), then after draining to N/100. Managed heap after a full compacting GC, relative to before the
/// queue existed. <c>PriorityQueue</c> (due, seq) is the reference: 32 B event + 16 B key per slot, and its array
/// never shrinks.
/// </summary>
internal static class KernelMemory
{
    public static int Run(string[] args)
    {
        var sizes = args.Length > 0
            ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray()
            : [10_000, 1_000_000, 10_000_000];
        Console.WriteLine("| Queue | Pending | B per pending event | After draining to 1 % | B per remaining event |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var n in sizes)
        {
            Measure("EventQueue (ladder)", n, new LadderAdapter(new EventQueue()));
            Measure("PriorityQueue (due, seq)", n, new PqAdapter());
        }

        return 0;
    }

    private static void Measure(string name, int pending, IQueue queue)
    {
        var baseline = ManagedHeap.Live();
        var rng = new Random(3);
        long seq = 0, now = 0;
        long Delay() => rng.Next(16) == 0
            ? rng.NextInt64(0, 4 * TimeSpan.TicksPerHour)
            : (long)(-Math.Log(1 - rng.NextDouble()) * TimeSpan.TicksPerSecond);
        for (var i = 0; i < pending; i++)
        {
            queue.Push(new SimEvent(Delay(), seq++, 0, 0, 0, 0));
        }

        for (var i = 0; i < 2 * pending; i++)
        {
            now = queue.Pop().Due;
            queue.Push(new SimEvent(now + Delay(), seq++, 0, 0, 0, 0));
        }

        var full = ManagedHeap.Live() - baseline;
        while (queue.Count > pending / 100)
        {
            queue.Pop();
        }

        var drained = ManagedHeap.Live() - baseline;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {name} | {pending:N0} | {full / (double)pending:F1} | {drained / 1048576.0:F1} MiB | {drained / (double)Math.Max(1, queue.Count):F1} |"));
        GC.KeepAlive(queue);
    }

    private interface IQueue
    {
        int Count { get; }

        void Push(SimEvent e);

        SimEvent Pop();
    }

    private sealed class LadderAdapter(EventQueue queue) : IQueue
    {
        public int Count => queue.Count;

        public void Push(SimEvent e) => queue.Push(e);

        public SimEvent Pop() => queue.Pop();
    }

    private sealed class PqAdapter : IQueue
    {
        private readonly PriorityQueue<SimEvent, HoldModelBenchmarks.Key> _pq = new();

        public int Count => _pq.Count;

        public void Push(SimEvent e) => _pq.Enqueue(e, new HoldModelBenchmarks.Key(e.Due, e.Seq));

        public SimEvent Pop() => _pq.Dequeue();
    }
}
