using System.Diagnostics;
using System.Globalization;

namespace ConnMgr.Sim.Kernel;

/// <summary>
/// Where the event loop's time and allocation go: events, handler time and bytes allocated per (handler, kind). Off by default; the environment
/// variable <c>CONNMGR_SIM_PROFILE=1</c> turns it on for every clock created afterwards, and runners print the table
/// to standard error when the run ends. Timing is wall time of the simulation thread around each handler call, so
/// its shares are shares of that thread's CPU while nothing preempts it; the rest of the loop (the event queue) is
/// reported as one line. Bytes are the simulation thread's allocation counter around each handler call.
/// </summary>
public sealed class EventProfile
{
    private readonly Dictionary<(int Handler, int Kind), (long Count, long Ticks, long Bytes)> _cells = [];
    private long _loopTicks;
    private long _loopEnteredAt;

    /// <summary>How two partitions of the nodes would share the loop, written after the table.</summary>
    internal PartitionBalance Partitions { get; } = new();

    /// <summary>True when <c>CONNMGR_SIM_PROFILE=1</c> was set when the process started.</summary>
    public static bool Enabled { get; } = Environment.GetEnvironmentVariable("CONNMGR_SIM_PROFILE") == "1";

    internal void LoopEntered() => _loopEnteredAt = Stopwatch.GetTimestamp();

    internal void LoopLeft() => _loopTicks += Stopwatch.GetTimestamp() - _loopEnteredAt;

    internal void Add(int handler, int kind, long ticks, long bytes)
    {
        var key = (handler, kind);
        _cells.TryGetValue(key, out var cell);
        _cells[key] = (cell.Count + 1, cell.Ticks + ticks, cell.Bytes + bytes);
    }

    /// <summary>
    /// One message of an event that runs many (<see cref="IEventHandler.ProfiledInParts"/>), counted as if it were its own
    /// event: its kind, its node's partition and its time.
    /// </summary>
    internal void AddPart(int handler, int kind, long due, int owner, long ticks, long bytes)
    {
        Add(handler, kind, ticks, bytes);
        Partitions.Add(due, owner, ticks);
    }

    /// <summary>Writes one line per (handler, kind), most expensive first, then the queue and loop overhead.</summary>
    public void Write(TextWriter writer, Func<int, string> handlerName)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(handlerName);
        var total = Math.Max(1, _loopTicks);
        var handled = _cells.Values.Sum(c => c.Ticks);
        var inv = CultureInfo.InvariantCulture;
        writer.WriteLine("event profile (CONNMGR_SIM_PROFILE=1): handler/kind, events, share of the event loop's time, ns per event, bytes allocated per event");
        foreach (var ((handler, kind), (count, ticks, bytes)) in _cells.OrderByDescending(c => c.Value.Ticks))
        {
            writer.WriteLine(string.Format(inv, "  {0,-28} {1,14:N0} {2,7:P1} {3,9:N0} {4,9:N0}", $"{handlerName(handler)}/{kind}", count, ticks / (double)total, ticks * 1e9 / Stopwatch.Frequency / count, bytes / (double)count));
        }

        writer.WriteLine(string.Format(inv, "  gc: gen0 {0:N0}, gen1 {1:N0}, gen2 {2:N0} collections; {3:N2} GB allocated; {4:N1} s paused ({5})", GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalAllocatedBytes() / 1e9, GC.GetTotalPauseDuration().TotalSeconds, System.Runtime.GCSettings.IsServerGC ? "server GC" : "workstation GC"));
        WriteHeap(writer, inv);
        var events = _cells.Values.Sum(c => c.Count);
        writer.WriteLine(string.Format(inv, "  {0,-28} {1,14:N0} {2,7:P1} {3,9:N0}", "event queue and loop", events, (total - handled) / (double)total, (total - handled) * 1e9 / Stopwatch.Frequency / Math.Max(1, events)));
        Partitions.Write(writer);
    }

    /// <summary>What the heap held at the last collection, by generation, against the committed memory: where peak RSS goes.</summary>
    private static void WriteHeap(TextWriter writer, CultureInfo inv)
    {
        const double GiB = 1 << 30;
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        var g = info.GenerationInfo;
        writer.WriteLine(string.Format(inv, "  heap at the last GC: {0:N2} GiB (gen0 {1:N2}, gen1 {2:N2}, gen2 {3:N2}, large {4:N2}, pinned {5:N2}), {6:N2} GiB fragmented, {7:N2} GiB committed; peak working set {8:N2} GiB", info.HeapSizeBytes / GiB, g[0].SizeAfterBytes / GiB, g[1].SizeAfterBytes / GiB, g[2].SizeAfterBytes / GiB, g[3].SizeAfterBytes / GiB, g[4].SizeAfterBytes / GiB, info.FragmentedBytes / GiB, info.TotalCommittedBytes / GiB, PeakWorkingSet() / GiB));
    }

    private static long PeakWorkingSet()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.PeakWorkingSet64;
    }
}
