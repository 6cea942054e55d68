using System.Runtime.ExceptionServices;

namespace ConnMgr.Sim.Kernel;

/// <summary>
/// The second thread of a two-thread run (<see cref="SimClock.Threads"/>): it runs partition 1's share of each window
/// while the calling thread runs partition 0's, and waits, spinning, for the next. One per <c>RunUntil</c> call, stopped when it returns.
/// Windows are short (5 ms of virtual time, tens to thousands of events), so the hand-offs spin and yield rather than
/// block; neither side ever sleeps a millisecond.
/// </summary>
internal sealed class WindowWorker
{
    private readonly Func<long, bool> _run;
    private readonly Thread _thread;
    private long _last;
    private bool _reached;
    private Exception? _error;
    private volatile int _started;
    private volatile int _finished;
    private volatile bool _stop;

    /// <param name="run">Runs partition 1's events up to a tick; false when cancelled.</param>
    public WindowWorker(Func<long, bool> run)
    {
        _run = run;
        _thread = new Thread(Loop) { IsBackground = true, Name = "connmgr-sim partition 1" };
        _thread.Start();
        ThreadId = _thread.ManagedThreadId;
    }

    /// <summary>The worker's managed thread id.</summary>
    public int ThreadId { get; }

    /// <summary>True on the worker's own thread.</summary>
    public bool IsCurrentThread => Environment.CurrentManagedThreadId == ThreadId;

    /// <summary>Starts partition 1's share of a window, up to <paramref name="last"/> (inclusive).</summary>
    public void Start(long last)
    {
        _last = last;
        _started++; // volatile write: publishes _last and everything the barrier did
    }

    /// <summary>Waits for the window started last; false when the worker was cancelled. Rethrows what it threw.</summary>
    public bool Finish()
    {
        var spin = default(SpinWait);
        while (_finished != _started)
        {
            spin.SpinOnce(sleep1Threshold: -1);
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

    private void Loop()
    {
        var done = 0;
        while (true)
        {
            var spin = default(SpinWait);
            while (_started == done && !_stop)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }

            if (_started == done)
            {
                return; // stopped with nothing to run
            }

            try
            {
                _reached = _run(_last);
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
