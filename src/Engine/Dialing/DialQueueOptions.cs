namespace ConnMgr.Engine.Dialing;

/// <summary>Limits of a <see cref="DialQueue{TPeer}"/>; defaults are js-libp2p's.</summary>
public sealed record DialQueueOptions
{
    /// <summary>Dials in flight at once; ≥ 1. Default 100.</summary>
    public int MaxParallelDials { get; init; } = 100;

    /// <summary>Dials waiting; ≥ 0. Default 500.</summary>
    public int MaxQueued { get; init; } = 500;

    /// <summary>A dial not completed within this is failed as timed out; &gt; 0. Default 30 s (js-libp2p DIAL_TIMEOUT).</summary>
    public TimeSpan DialTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Priority when none is given (higher dials first). Default 50.</summary>
    public int DefaultPriority { get; init; } = 50;

    internal void Validate()
    {
        if (MaxParallelDials < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxParallelDials), MaxParallelDials, "MaxParallelDials must be >= 1.");
        }

        Guard.NonNegative(MaxQueued, nameof(MaxQueued));
        Guard.Positive(DialTimeout, nameof(DialTimeout));
    }
}

/// <summary>What <see cref="DialQueue{TPeer}.Enqueue"/> did with a request.</summary>
public enum DialEnqueueResult
{
    /// <summary>The dial started at once.</summary>
    Started,

    /// <summary>The dial waits for a free slot.</summary>
    Queued,

    /// <summary>A dial to the same peer was already queued or in flight; the request joined it (raising its priority if higher).</summary>
    Joined,

    /// <summary>The queue is full; nothing was queued.</summary>
    QueueFull,
}

/// <summary>The host side of a <see cref="DialQueue{TPeer}"/>: starts dials and hears about timeouts.</summary>
/// <typeparam name="TPeer">The peer key type.</typeparam>
public interface IDialer<in TPeer>
{
    /// <summary>Start dialing <paramref name="peer"/>; report the result with <see cref="DialQueue{TPeer}.Complete"/>.</summary>
    void StartDial(TPeer peer);

    /// <summary>The dial to <paramref name="peer"/> exceeded the timeout and was failed; the host should abort it.</summary>
    void DialTimedOut(TPeer peer);
}
