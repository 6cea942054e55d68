using System.Diagnostics;
using ConnMgr.Engine;
using ConnMgr.Engine.Limits;
using ConnMgr.Sim.Kernel;

namespace ConnMgr.Benchmarks;

/// <summary>
/// Memory of the engine as the simulator uses it: N managers (int keys, single-threaded), each with P connected
/// peers carrying two static tags. Measured as the managed heap after a full compacting GC, relative to the
/// empty heap; the managers' cost is reported per manager and per peer.
/// </summary>
internal static class EngineMemory
{
    public static int Run(string[] args)
    {
        var managers = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
        var peers = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 50;
        var clock = new SimClock();
        var options = Profile.Default with { ThreadSafe = false, Limits = new WatermarkPolicy(peers * 2, peers * 4, TimeSpan.Zero, TimeSpan.Zero) };

        var baseline = ManagedHeap.Live();
        var all = new ConnectionManager<int>[managers];
        var sw = Stopwatch.StartNew();
        for (var m = 0; m < managers; m++)
        {
            all[m] = new ConnectionManager<int>(options, clock);
        }

        var idle = ManagedHeap.Live() - baseline;
        Console.WriteLine($"{managers:N0} idle managers: {idle / (double)managers:F0} bytes per manager (array of references included)");

        for (var m = 0; m < managers; m++)
        {
            var mgr = all[m];
            for (var p = 0; p < peers; p++)
            {
                var peer = (m * 7919) + p;
                mgr.Connected(peer, (p & 1) == 0 ? Direction.Inbound : Direction.Outbound);
                mgr.TagPeer(peer, "a", p);
                mgr.TagPeer(peer, "b", m);
            }
        }

        var full = ManagedHeap.Live() - baseline;
        var perPeer = (full - idle) / ((double)managers * peers);
        Console.WriteLine($"{managers:N0} managers x {peers} peers (two tags each): {full / (double)managers:F0} bytes per manager, {perPeer:F1} bytes per connected peer");
        Console.WriteLine($"total managed heap {full / (1024.0 * 1024 * 1024):F2} GiB, built in {sw.Elapsed.TotalSeconds:F1} s, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024 * 1024):F2} GiB");
        GC.KeepAlive(all);
        return 0;
    }
}
