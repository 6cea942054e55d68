namespace ConnMgr.Engine.Dialing;

/// <summary>
/// A dial queue: higher priority first, FIFO among equals, at most <see cref="DialQueueOptions.MaxParallelDials"/> in
/// flight, at most <see cref="DialQueueOptions.MaxQueued"/> waiting, a per-dial timeout on the given
/// <see cref="TimeProvider"/> (one timer for the earliest deadline), and duplicate dials to one peer merged.
/// Thread-safe; the dialer is called outside the lock.
/// </summary>
/// <typeparam name="TPeer">The peer key type.</typeparam>
public sealed class DialQueue<TPeer> : IDisposable
    where TPeer : notnull, IEquatable<TPeer>
{
    private readonly DialQueueOptions _options;
    private readonly TimeProvider _time;
    private readonly IDialer<TPeer> _dialer;
    private readonly Lock _lock = new();
    private readonly PriorityQueue<TPeer, (int NegPriority, long Seq)> _queue = new();
    private readonly Dictionary<TPeer, (int Priority, long Seq)> _queued = [];
    private readonly Dictionary<TPeer, long> _inFlight = [];
    private ITimer? _timer;
    private long _seq;
    private long _succeeded, _failed, _timedOut;

    /// <summary>Creates a queue.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public DialQueue(DialQueueOptions options, TimeProvider timeProvider, IDialer<TPeer> dialer)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _dialer = dialer ?? throw new ArgumentNullException(nameof(dialer));
    }

    /// <summary>Dials in flight.</summary>
    public int InFlight
    {
        get
        {
            lock (_lock)
            {
                return _inFlight.Count;
            }
        }
    }

    /// <summary>Dials waiting.</summary>
    public int Queued
    {
        get
        {
            lock (_lock)
            {
                return _queued.Count;
            }
        }
    }

    /// <summary>Dials reported complete with success.</summary>
    public long Succeeded => Interlocked.Read(ref _succeeded);

    /// <summary>Dials reported complete without success.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Dials the queue failed itself at the timeout.</summary>
    public long TimedOut => Interlocked.Read(ref _timedOut);

    /// <summary>Requests a dial to <paramref name="peer"/>.</summary>
    /// <param name="peer">The peer.</param>
    /// <param name="priority">Higher dials first; null = <see cref="DialQueueOptions.DefaultPriority"/>.</param>
    public DialEnqueueResult Enqueue(TPeer peer, int? priority = null)
    {
        var p = priority ?? _options.DefaultPriority;
        DialEnqueueResult result;
        List<TPeer>? start;
        lock (_lock)
        {
            if (_inFlight.ContainsKey(peer))
            {
                return DialEnqueueResult.Joined;
            }

            if (_queued.TryGetValue(peer, out var q))
            {
                if (p > q.Priority)
                {
                    var seq = _seq++;
                    _queued[peer] = (p, seq);
                    _queue.Enqueue(peer, (-p, seq));
                }

                return DialEnqueueResult.Joined;
            }

            if (_queued.Count >= _options.MaxQueued && _inFlight.Count >= _options.MaxParallelDials)
            {
                return DialEnqueueResult.QueueFull;
            }

            var s = _seq++;
            _queued[peer] = (p, s);
            _queue.Enqueue(peer, (-p, s));
            start = StartReadyLocked();
            result = start is not null && start.Contains(peer) ? DialEnqueueResult.Started : DialEnqueueResult.Queued;
        }

        StartAll(start);
        return result;
    }

    /// <summary>
    /// Reports the end of a dial; frees its slot, starts the next and counts the outcome (<see cref="Succeeded"/>,
    /// <see cref="Failed"/>). Unknown peers (never started, or already failed by the timeout) are ignored.
    /// </summary>
    public void Complete(TPeer peer, bool success)
    {
        List<TPeer>? start;
        lock (_lock)
        {
            if (!_inFlight.Remove(peer))
            {
                return;
            }

            if (success)
            {
                _succeeded++;
            }
            else
            {
                _failed++;
            }

            start = StartReadyLocked();
        }

        StartAll(start);
    }

    /// <summary>Stops the timeout timer.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }

    private List<TPeer>? StartReadyLocked()
    {
        List<TPeer>? start = null;
        var now = _time.GetUtcNow().UtcTicks;
        while (_inFlight.Count < _options.MaxParallelDials && _queue.TryDequeue(out var peer, out var key))
        {
            if (!_queued.TryGetValue(peer, out var q) || q.Seq != key.Seq)
            {
                continue; // superseded by a priority raise
            }

            _queued.Remove(peer);
            _inFlight[peer] = now + _options.DialTimeout.Ticks;
            (start ??= []).Add(peer);
        }

        ArmLocked(now);
        return start;
    }

    private void ArmLocked(long now)
    {
        if (_inFlight.Count == 0)
        {
            _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var due = long.MaxValue;
        foreach (var d in _inFlight.Values)
        {
            due = Math.Min(due, d);
        }

        var delay = new TimeSpan(Math.Max(0, due - now));
        if (_timer is null)
        {
            _timer = _time.CreateTimer(static s => ((DialQueue<TPeer>)s!).OnTimer(), this, delay, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnTimer()
    {
        List<TPeer>? expired = null;
        List<TPeer>? start;
        lock (_lock)
        {
            var now = _time.GetUtcNow().UtcTicks;
            foreach (var kv in _inFlight)
            {
                if (kv.Value <= now)
                {
                    (expired ??= []).Add(kv.Key);
                }
            }

            if (expired is not null)
            {
                foreach (var peer in expired)
                {
                    _inFlight.Remove(peer);
                    _timedOut++;
                }
            }

            start = StartReadyLocked();
        }

        if (expired is not null)
        {
            foreach (var peer in expired)
            {
                _dialer.DialTimedOut(peer);
            }
        }

        StartAll(start);
    }

    private void StartAll(List<TPeer>? start)
    {
        if (start is null)
        {
            return;
        }

        foreach (var peer in start)
        {
            _dialer.StartDial(peer);
        }
    }
}
