using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace ConnMgr.Sim.Kernel;

/// <summary>
/// The second thread of a two-thread run (<see cref="SimClock.Threads"/>): it runs partition 1's share of each window
/// while the calling thread runs partition 0's, and waits, spinning, for the next. One per <c>RunUntil</c> call, stopped when it returns.
/// Windows are short (5 ms of virtual time, tens to thousands of events), so a side that waits spins for a few
/// milliseconds. While it waits it first gives its hints for its next window (<see cref="IWaitHints"/>), a step per
/// turn, until they run out. A wait longer than the spin parks the thread until the other side hands over: its core
/// goes idle, so the scheduler runs the machine's other tasks there, or moves the busy side there, instead of
/// preempting the busy side while this one spins or yields (benchmarks/README.md, issue 13 thirty-eighth step).
/// <c>CONNMGR_SIM_PARK=0</c> yields instead of parking, to measure it.
/// </summary>
internal sealed class WindowWorker
{
    /// <summary>
    /// Pause steps (about 8 pause instructions each, 0.1–1 µs) before a wait parks: a few milliseconds, or
    /// none on one core, where spinning would only keep the other thread from running.
    /// </summary>
    private static readonly int SpinsBeforeParking = Environment.ProcessorCount > 1 ? 1 << 13 : 0;

    /// <summary>False when the environment sets <c>CONNMGR_SIM_PARK=0</c>: a long wait yields in a loop instead of parking.</summary>
    private static readonly bool Parks = Environment.GetEnvironmentVariable("CONNMGR_SIM_PARK") != "0";

    /// <summary>Longest a parked side sleeps before it looks again, so that no missed hand-over can stall a run.</summary>
    private const int ParkMilliseconds = 10;

    private const int Main = 0, Worker = 1;

    private readonly Func<long, bool> _run;
    private readonly IWaitHints? _hints;
    private readonly WaitHintTrial? _trial;
    private readonly Thread _thread;
    private long _last;
    private int _window;
    private bool _reached;
    private Exception? _error;
    private volatile int _started;
    private volatile int _finished;
    private volatile bool _stop;
    private readonly object _gate = new();
    private readonly int[] _parked = new int[2]; // per side, 1 while it may be asleep in Park
    private readonly long[] _parks;

    /// <param name="run">Runs partition 1's events up to a tick; false when cancelled.</param>
    /// <param name="hints">Hints each side gives for its next window while it waits for the other; null for none.</param>
    /// <param name="trial">A trial that turns the hints on after half the windows and times each (null: always on).</param>
    /// <param name="parks">Added to, per side (0: the calling thread, 1: the worker): waits that parked, then parked waits that timed out to find the hand-over done (missed wake-ups); each side writes only its own.</param>
    public WindowWorker(Func<long, bool> run, IWaitHints? hints = null, WaitHintTrial? trial = null, long[]? parks = null)
    {
        _parks = parks ?? new long[4];
        _run = run;
        _hints = hints;
        _trial = trial;
        _thread = new Thread(Loop) { IsBackground = true, Name = "connmgr-sim partition 1" };
        _thread.Start();
        ThreadId = _thread.ManagedThreadId;
    }

    /// <summary>The worker's managed thread id.</summary>
    public int ThreadId { get; }

    /// <summary>True on the worker's own thread.</summary>
    public bool IsCurrentThread => Environment.CurrentManagedThreadId == ThreadId;

    /// <summary>Starts partition 1's share of a window, up to <paramref name="last"/> (inclusive); <paramref name="window"/> numbers it for a trial.</summary>
    public void Start(long last, int window = 0)
    {
        _last = last;
        _window = window;
        _started++; // volatile write: publishes _last and everything the barrier did
        Wake(Worker);
    }

    /// <summary>
    /// Waits for the window started last, hinting partition 0's next window (the one after the window's last tick)
    /// meanwhile; false when the worker was cancelled. Rethrows what it threw.
    /// </summary>
    public bool Finish()
    {
        var spins = 0;
        var steps = 0;
        var hinting = HintsAfter(_window);
        var next = _last + 1; // the same window as partition 1's: Start gave both
        while (!Ready(Main, done: 0))
        {
            hinting = hinting ? _hints!.Step(0, next, first: steps++ == 0) : Wait(ref spins, Main, done: 0);
        }

        if (_error is { } error)
        {
            _error = null;
            ExceptionDispatchInfo.Throw(error);
        }

        return _reached;
    }

    /// <summary>Stops the thread (after the last window has finished).</summary>
    public void Stop()
    {
        _stop = true;
        Wake(Worker);
        _thread.Join();
    }

    /// <summary>
    /// One step of a wait for the other thread: spin in the core (pause instructions) for about the length of a busy
    /// window, then park (<see cref="Park"/>). Spinning beat yielding by 6 % on network-1m-ci over five alternated
    /// pairs (benchmarks/README.md, issue 13 "twenty-fifth step"): a wake-up costs microseconds on this project's VMs,
    /// and a 5-ms window's work is tens to hundreds of microseconds.
    /// </summary>
    /// <returns>False, so that a wait that has run out of hints can go on with <c>hinting = … : Wait(…)</c>.</returns>
    private bool Wait(ref int spins, int side, int done)
    {
        if (spins < SpinsBeforeParking)
        {
            spins++;
            Thread.SpinWait(8);
        }
        else if (Parks)
        {
            Park(side, done);
        }
        else
        {
            Thread.Yield();
        }

        return false;
    }

    /// <summary>True when <paramref name="side"/> may go on: the worker's window finished (main), or a new window or a stop (worker, which has run <paramref name="done"/> windows). The one statement of both waits' ends, for their loops and for <see cref="Park"/>.</summary>
    private bool Ready(int side, int done) => side == Main ? _finished == _started : _started != done || _stop;

    /// <summary>
    /// Sleeps until <see cref="Ready"/>. The flag is set, with a full fence, before the condition is read again;
    /// the other side publishes, fences, then reads the flag (<see cref="Wake"/>): so either this side sees the
    /// hand-over or the other side sees the flag and pulses, which it can only do once this side waits.
    /// </summary>
    private void Park(int side, int done)
    {
        _parks[side]++;
        lock (_gate)
        {
            Interlocked.Exchange(ref _parked[side], 1);
            while (!Ready(side, done))
            {
                if (!Monitor.Wait(_gate, ParkMilliseconds) && Ready(side, done))
                {
                    _parks[2 + side]++; // the hand-over came and no pulse did: a missed wake-up, which a test counts
                }
            }

            Volatile.Write(ref _parked[side], 0);
        }
    }

    /// <summary>Wakes <paramref name="side"/> if it may be parked; call after publishing what it waits for.</summary>
    private void Wake(int side)
    {
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _parked[side]) != 0)
        {
            lock (_gate)
            {
                Monitor.PulseAll(_gate);
            }
        }
    }

    private bool HintsAfter(int window) => _hints is not null && (_trial is null || WaitHintTrial.HintsAfter(window));

    private void Loop()
    {
        var done = 0;
        while (true)
        {
            var spins = 0;
            var steps = 0;
            var hinting = done > 0 && HintsAfter(_window); // before the first window there is no next one to hint
            while (!Ready(Worker, done))
            {
                hinting = hinting ? _hints!.Step(1, _last + 1, first: steps++ == 0) : Wait(ref spins, Worker, done);
            }

            if (_started == done)
            {
                return; // stopped with nothing to run
            }

            try
            {
                var t0 = _trial is null ? 0 : Stopwatch.GetTimestamp();
                _reached = _run(_last);
                _trial?.Record(lane: 1, _window, Stopwatch.GetTimestamp() - t0);
            }
            catch (Exception e)
            {
                _error = e;
                _reached = false;
            }

            _finished = ++done; // volatile write: publishes the window's work to the barrier
            Wake(Main);
        }
    }
}
