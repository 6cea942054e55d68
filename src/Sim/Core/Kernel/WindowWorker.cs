using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace ConnMgr.Sim.Kernel;

/// <summary>
/// The second thread of a two-thread run (<see cref="SimClock.Threads"/>): it runs partition 1's share of each window
/// while the calling thread runs partition 0's, and waits, spinning, for the next. One per <c>RunUntil</c> call, stopped when it returns.
/// Windows are short (5 ms of virtual time, tens to thousands of events), so the hand-offs spin and yield rather than
/// block; neither side ever sleeps a millisecond. While a side waits it first gives its hints for its next window
/// (<see cref="IWaitHints"/>), a step per turn, until they run out.
/// </summary>
internal sealed class WindowWorker
{
    /// <summary>
    /// Pause steps (about 8 pause instructions each, 0.1–1 µs) before a wait starts yielding: a few milliseconds, or
    /// none on one core, where spinning would only keep the other thread from running.
    /// </summary>
    private static readonly int SpinsBeforeYielding = Environment.ProcessorCount > 1 ? 1 << 13 : 0;

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

    /// <param name="run">Runs partition 1's events up to a tick; false when cancelled.</param>
    /// <param name="hints">Hints each side gives for its next window while it waits for the other; null for none.</param>
    /// <param name="trial">A trial that turns the hints on after half the windows and times each (null: always on).</param>
    public WindowWorker(Func<long, bool> run, IWaitHints? hints = null, WaitHintTrial? trial = null)
    {
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
        while (_finished != _started)
        {
            hinting = hinting ? _hints!.Step(0, next, first: steps++ == 0) : Wait(ref spins);
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
        _thread.Join();
    }

    /// <summary>
    /// One step of a wait for the other thread: spin in the core (pause instructions) for about the length of a busy
    /// window, then yield to the scheduler. A yield is a system call, which on this project's VMs costs microseconds,
    /// and a 5-ms window's work is tens to hundreds of microseconds. network-1m-ci ran 6 % faster than with yielding
    /// alone over five alternated pairs (benchmarks/README.md, issue 13 "twenty-fifth step").
    /// </summary>
    /// <returns>False, so that a wait that has run out of hints can go on with <c>hinting = … : Wait(…)</c>.</returns>
    private static bool Wait(ref int spins)
    {
        if (spins < SpinsBeforeYielding)
        {
            spins++;
            Thread.SpinWait(8);
        }
        else
        {
            Thread.Yield();
        }

        return false;
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
            while (_started == done && !_stop)
            {
                hinting = hinting ? _hints!.Step(1, _last + 1, first: steps++ == 0) : Wait(ref spins);
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
        }
    }
}
