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
/// <para>
/// A second bound asks what a kernel without a barrier per window would gain (<see cref="RunAheadBound"/>). A message
/// takes at least one window and is delivered on a window's edge, so one sent after a window's first instant arrives
/// two windows on: a partition may start a window once the other has run its events up to the previous window's first
/// instant, not the whole previous window. Most events are deliveries on that first instant, so this is measured, not
/// assumed.
/// </para>
/// <para>
/// A third bound asks what finer partitions would gain (<see cref="SharedBound"/>): the nodes in
/// <see cref="ShareCounts"/> shares by their low bits (node mod 8, node mod 32), each share a queue of its own, and
/// the two threads taking a window's shares in turn, each the next one when it is free. A window then costs the later
/// thread's finish. Two shares are today's kernel, so its bound equals <see cref="Bound"/>; it leaves out the cost of
/// taking a share.
/// </para>
/// </summary>
internal sealed class PartitionBalance
{
    /// <summary>Window lengths tried: each is the lookahead a latency floor of twice its length gives.</summary>
    internal static readonly TimeSpan[] WindowLengths = [TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(20)];

    /// <summary>Shares of the nodes tried by <see cref="SharedBound"/>: 2 (today's partitions), 8 and 32.</summary>
    internal static readonly int[] ShareCounts = [2, 8, 32];

    private const int MostShares = 32;

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

    /// <summary>
    /// The speed-up bound for window <paramref name="i"/> of <see cref="WindowLengths"/> by handler time when a partition
    /// may run one window ahead of the other's previous first instant (see the class remarks), events run alone still
    /// ending both partitions' runs.
    /// </summary>
    public double RunAheadBound(int i)
    {
        var w = _windows[i];
        w.Close();
        var critical = w.RunAheadFinish;
        return critical == 0 ? 1 : (_ownedTicks + _aloneTicks) / (double)critical;
    }

    /// <summary>
    /// The speed-up bound for window <paramref name="i"/> of <see cref="WindowLengths"/> by handler time when the nodes
    /// are in <paramref name="shares"/> shares (one of <see cref="ShareCounts"/>) that two threads take in turn (see the
    /// class remarks), events run alone still running alone.
    /// </summary>
    public double SharedBound(int i, int shares)
    {
        var k = Array.IndexOf(ShareCounts, shares);
        ArgumentOutOfRangeException.ThrowIfNegative(k, nameof(shares)); // not one of ShareCounts: no sums kept for it
        var w = _windows[i];
        w.Close();
        var critical = w.SumOfSharedFinish[k] + _aloneTicks;
        return critical == 0 ? 1 : (_ownedTicks + _aloneTicks) / (double)critical;
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
            writer.WriteLine(string.Format(inv, "  window {0,4} ms: {1,12:N0} busy windows, {2,8:N1} events per partition per window, speed-up bound {3:N2}x by handler time, {4:N2}x by events, {5:N2}x by handler time running a window ahead; nodes in {6} shares taken in turn by two threads: {7}", WindowLengths[i].TotalMilliseconds, w.Busy, _ownedEvents / 2.0 / Math.Max(1, w.Busy), Bound(i), Bound(i, byEvents: true), RunAheadBound(i), string.Join(" / ", ShareCounts), string.Join(" / ", ShareCounts.Select(k => SharedBound(i, k).ToString("N2", inv) + "x"))));
        }
    }

    /// <summary>One window length's running sums, and the run-ahead schedule's clock per partition.</summary>
    private sealed class Windowed(long length)
    {
        private readonly long[] _ticks = new long[2];
        private readonly long[] _events = new long[2];
        private readonly long[] _firstInstant = new long[2];
        private readonly long[] _finished = new long[2];
        private readonly long[] _firstInstantDone = new long[2];
        private readonly long[] _lastWindow = [long.MinValue, long.MinValue];
        private readonly long[] _shares = new long[MostShares];
        private long _current = long.MinValue;

        /// <summary>When the later partition finishes on the run-ahead schedule (handler ticks from the start).</summary>
        public long RunAheadFinish => Math.Max(_finished[0], _finished[1]);

        public long SumOfBusierTicks { get; private set; }

        public long SumOfBusierEvents { get; private set; }

        public long Busy { get; private set; }

        /// <summary>Per entry of <see cref="ShareCounts"/>: the sum over windows of the later thread's finish.</summary>
        public long[] SumOfSharedFinish { get; } = new long[ShareCounts.Length];

        public void Add(long due, int owner, long ticks)
        {
            var window = due / length;
            if (window != _current || owner < 0)
            {
                Close(); // an event run alone ends the window: both partitions wait for it
                _current = window;
            }

            if (owner < 0)
            {
                _finished[0] = _finished[1] = _firstInstantDone[0] = _firstInstantDone[1] = RunAheadFinish + ticks;
                return;
            }

            var p = NodePartition.Of(owner);
            _ticks[p] += ticks;
            _shares[owner & (MostShares - 1)] += ticks;
            _events[p]++;
            if (due == window * length)
            {
                _firstInstant[p] += ticks;
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
            RunAhead();
            for (var k = 0; k < ShareCounts.Length; k++)
            {
                SumOfSharedFinish[k] += SharedFinish(ShareCounts[k]);
            }

            Array.Clear(_shares);
            Array.Clear(_ticks);
            Array.Clear(_events);
            Array.Clear(_firstInstant);
        }

        /// <summary>
        /// The window's cost with the nodes in <paramref name="shares"/> shares (node mod <paramref name="shares"/>, a
        /// divisor of <see cref="MostShares"/>) that two threads take in turn, each the next share when it is free.
        /// </summary>
        private long SharedFinish(int shares)
        {
            long first = 0, second = 0;
            for (var share = 0; share < shares; share++)
            {
                long cost = 0;
                for (var s = share; s < MostShares; s += shares)
                {
                    cost += _shares[s];
                }

                if (first <= second)
                {
                    first += cost;
                }
                else
                {
                    second += cost;
                }
            }

            return Math.Max(first, second);
        }

        /// <summary>
        /// Each partition starts this window when it has finished its own previous one and the other has run up to the
        /// previous window's first instant (all of its last window, when that was earlier).
        /// </summary>
        private void RunAhead()
        {
            Span<long> start = stackalloc long[2];
            for (var p = 0; p < 2; p++)
            {
                var other = 1 - p;
                var otherReady = _lastWindow[other] == _current - 1 ? _firstInstantDone[other] : _finished[other];
                start[p] = Math.Max(_finished[p], otherReady);
            }

            for (var p = 0; p < 2; p++)
            {
                if (_events[p] > 0)
                {
                    _firstInstantDone[p] = start[p] + _firstInstant[p];
                    _finished[p] = start[p] + _ticks[p];
                    _lastWindow[p] = _current;
                }
            }
        }
    }
}
