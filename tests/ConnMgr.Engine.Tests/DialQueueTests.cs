using ConnMgr.Engine.Dialing;

namespace ConnMgr.Engine.Tests;

public class DialQueueTests
{
    private sealed class Dialer : IDialer<int>
    {
        public List<int> Started { get; } = [];

        public List<int> TimedOut { get; } = [];

        public void StartDial(int peer) => Started.Add(peer);

        public void DialTimedOut(int peer) => TimedOut.Add(peer);
    }

    private static (DialQueue<int> Queue, Dialer Dialer, SimClock Clock) Make(int parallel = 2, int queued = 10, double timeoutSeconds = 5)
    {
        var clock = new SimClock();
        var dialer = new Dialer();
        var q = new DialQueue<int>(new DialQueueOptions { MaxParallelDials = parallel, MaxQueued = queued, DialTimeout = TimeSpan.FromSeconds(timeoutSeconds) }, clock, dialer);
        return (q, dialer, clock);
    }

    [Test]
    public void MaxParallel_LimitsDialsInFlight()
    {
        var (q, d, _) = Make(parallel: 2);
        Assert.That(q.Enqueue(1), Is.EqualTo(DialEnqueueResult.Started));
        Assert.That(q.Enqueue(2), Is.EqualTo(DialEnqueueResult.Started));
        Assert.That(q.Enqueue(3), Is.EqualTo(DialEnqueueResult.Queued));
        Assert.That(d.Started, Is.EqualTo(new[] { 1, 2 }));
        q.Complete(1, success: true);
        Assert.That(d.Started, Is.EqualTo(new[] { 1, 2, 3 }));
    }

    [Test]
    public void Priority_HigherFirst_FifoAmongEquals()
    {
        var (q, d, _) = Make(parallel: 1);
        q.Enqueue(1);
        q.Enqueue(2, priority: 10);
        q.Enqueue(3, priority: 90);
        q.Enqueue(4, priority: 10);
        for (var i = 0; i < 4; i++)
        {
            q.Complete(d.Started[^1], true);
        }

        Assert.That(d.Started, Is.EqualTo(new[] { 1, 3, 2, 4 }));
    }

    [Test]
    public void DuplicateDials_AreMerged_AndRaisePriority()
    {
        var (q, d, _) = Make(parallel: 1);
        q.Enqueue(1);
        Assert.That(q.Enqueue(1), Is.EqualTo(DialEnqueueResult.Joined), "in flight");
        q.Enqueue(2, priority: 10);
        q.Enqueue(3, priority: 20);
        Assert.That(q.Enqueue(2, priority: 99), Is.EqualTo(DialEnqueueResult.Joined), "queued");
        Assert.That(q.Queued, Is.EqualTo(2));
        q.Complete(1, true);
        Assert.That(d.Started, Is.EqualTo(new[] { 1, 2 }));
    }

    [Test]
    public void MaxQueued_RejectsWhenFull()
    {
        var (q, _, _) = Make(parallel: 1, queued: 1);
        q.Enqueue(1);
        q.Enqueue(2);
        Assert.That(q.Enqueue(3), Is.EqualTo(DialEnqueueResult.QueueFull));
    }

    [Test]
    public void DialTimeout_FailsTheDial_AndStartsTheNext()
    {
        var (q, d, clock) = Make(parallel: 1, timeoutSeconds: 5);
        q.Enqueue(1);
        q.Enqueue(2);
        clock.RunFor(TimeSpan.FromSeconds(4.9));
        Assert.That(d.TimedOut, Is.Empty);
        clock.RunFor(TimeSpan.FromSeconds(0.1));
        Assert.That(d.TimedOut, Is.EqualTo(new[] { 1 }));
        Assert.That(d.Started, Is.EqualTo(new[] { 1, 2 }));
        q.Complete(2, true);
        clock.RunFor(TimeSpan.FromSeconds(10));
        Assert.That(d.TimedOut, Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public void Complete_CountsSuccessAndFailure_AndIgnoresAPeerTheTimeoutAlreadyFailed()
    {
        var (q, _, clock) = Make(parallel: 3, timeoutSeconds: 5);
        q.Enqueue(1);
        q.Enqueue(2);
        q.Enqueue(3);
        q.Complete(1, success: true);
        q.Complete(2, success: false);
        clock.RunFor(TimeSpan.FromSeconds(6));
        q.Complete(3, success: true);
        Assert.That((q.Succeeded, q.Failed, q.TimedOut), Is.EqualTo((1L, 1L, 1L)), "a late success of a timed-out dial does not count");
    }

    [Test]
    public void InvalidOptions_Throw()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new DialQueue<int>(new DialQueueOptions { MaxParallelDials = 0 }, new SimClock(), new Dialer()));
        Assert.That(ex!.ParamName, Is.EqualTo("MaxParallelDials"));
    }
}
