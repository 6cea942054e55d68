using System.Diagnostics;
using System.Globalization;

namespace ConnMgr.Sim.Kernel;

/// <summary>
/// How evenly two partitions of the nodes (even and odd node numbers) would share the event loop in windows of
/// virtual time: the speed-up a conservative two-partition kernel could reach at most
/// (docs/design/two-partition-kernel.md). Part of the profile (<c>CONNMGR_SIM_PROFILE=1</c>).
/// <para>
/// Within a window, the two partitions run side by side. So a window costs its busier partition's handler time.
/// An event with no owning node (<see cref="IEventHandler.Owner"/> = -1), such as a trace sample or a storm, runs
/// alone between windows. The bound is (all handler time) / (the sum over windows of the busier partition + the
/// events run alone). It leaves out the event queue, the messages between partitions and the barriers. Handler time
/// includes any GC pause that falls in a handler, and a real split would pause both partitions.
/// </para>
/// </summary>
internal sealed class PartitionBalance
{
    /// <summary>Window lengths tried: each is the lookahead a latency floor of twice its length gives.</summary>
    internal static readonly TimeSpan[] WindowLengths = [TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(20)];

    private readonly Windowed[] _windows = [.. WindowLengths.Select(l => new Windowed(l.Ticks))];
    private long _ownedTicks, _aloneTicks, _ownedEvents, _aloneEvents;

    /// <summary>
    /// The window the run itself runs in, when it is partitioned (<see cref="SimClock.UsePartitions"/>), else 0. Its
    /// events then come partition by partition within each such window, so a shorter window never sees both
    /// partitions and its bound would read 1.00x: it is not written.
    /// </summary>
    public long RunWindowTicks { get; set; }

    /// <summary>Records one handled event, due at <paramref name="due"/> (ticks), that took <paramref name="ticks"/> (<see cref="Stopwatch"/> ticks).</summary>
    public void Add(long due, int owner, long ticks)
    {
        foreach (var w in _windows)
        {
            w.Add(due, owner, ticks);
        }

        if (owner < 0)
        {
            _aloneTicks += ticks;
            _aloneEvents++;
        }
        else
        {
            _ownedTicks += ticks;
            _ownedEvents++;
        }
    }

    /// <summary>
    /// The speed-up bound for window <paramref name="i"/> of <see cref="WindowLengths"/>: by handler time, or with
    /// <paramref name="byEvents"/> by event counts (every event costing the same).
    /// </summary>
    public double Bound(int i, bool byEvents = false)
    {
        var w = _windows[i];
        w.Close();
        var all = byEvents ? _ownedEvents + _aloneEvents : _ownedTicks + _aloneTicks;
        var critical = byEvents ? w.SumOfBusierEvents + _aloneEvents : w.SumOfBusierTicks + _aloneTicks;
        return critical == 0 ? 1 : all / (double)critical;
    }

    /// <summary>Writes one line per window length under the profile table; nothing when no event named an owner (a single-node run).</summary>
    public void Write(TextWriter writer)
    {
        if (_ownedEvents == 0)
        {
            return;
        }

        var inv = CultureInfo.InvariantCulture;
        var seconds = 1.0 / Stopwatch.Frequency;
        writer.WriteLine(string.Format(inv, "two-partition balance (even/odd nodes; design: docs/design/two-partition-kernel.md): {0:N1} s in {1:N0} events with an owner, {2:N1} s in {3:N0} run alone", _ownedTicks * seconds, _ownedEvents, _aloneTicks * seconds, _aloneEvents));
        for (var i = 0; i < _windows.Length; i++)
        {
            if (WindowLengths[i].Ticks < RunWindowTicks)
            {
                writer.WriteLine(string.Format(inv, "  window {0,4} ms: not measured in a partitioned run, whose events come partition by partition in {1} ms windows", WindowLengths[i].TotalMilliseconds, TimeSpan.FromTicks(RunWindowTicks).TotalMilliseconds));
                continue;
            }

            var w = _windows[i];
            w.Close();
            writer.WriteLine(string.Format(inv, "  window {0,4} ms: {1,12:N0} busy windows, {2,8:N1} events per partition per window, speed-up bound {3:N2}x by handler time, {4:N2}x by events", WindowLengths[i].TotalMilliseconds, w.Busy, _ownedEvents / 2.0 / Math.Max(1, w.Busy), Bound(i), Bound(i, byEvents: true)));
        }
    }

    /// <summary>One window length's running sums.</summary>
    private sealed class Windowed(long length)
    {
        private readonly long[] _ticks = new long[2];
        private readonly long[] _events = new long[2];
        private long _current = long.MinValue;

        public long SumOfBusierTicks { get; private set; }

        public long SumOfBusierEvents { get; private set; }

        public long Busy { get; private set; }

        public void Add(long due, int owner, long ticks)
        {
            var window = due / length;
            if (window != _current || owner < 0)
            {
                Close(); // an event run alone ends the window: both partitions wait for it
                _current = window;
            }

            if (owner >= 0)
            {
                _ticks[NodePartition.Of(owner)] += ticks;
                _events[NodePartition.Of(owner)]++;
            }
        }

        public void Close()
        {
            if (_events[0] + _events[1] == 0)
            {
                return;
            }

            SumOfBusierTicks += Math.Max(_ticks[0], _ticks[1]);
            SumOfBusierEvents += Math.Max(_events[0], _events[1]);
            Busy++;
            Array.Clear(_ticks);
            Array.Clear(_events);
        }
    }
}
