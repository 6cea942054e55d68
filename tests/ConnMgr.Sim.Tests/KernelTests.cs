using ConnMgr.Sim.Kernel;
using ConnMgr.Sim.Randomness;

namespace ConnMgr.Sim.Tests;

public class KernelTests
{
    private sealed class Recorder(SimClock clock) : IEventHandler
    {
        public List<(long Now, long Due, int A)> Seen { get; } = [];

        public void Handle(in SimEvent e) => Seen.Add((clock.NowTicks, e.Due, e.A));
    }

    [Test]
    public void Events_RunInTimeOrder_EqualTimesInInsertionOrder_NowIsEachEventsDueTime()
    {
        var clock = new SimClock();
        var r = new Recorder(clock);
        var h = clock.Register(r);
        var t0 = clock.NowTicks;
        clock.Schedule(t0 + 30, h, 0, a: 1);
        clock.Schedule(t0 + 10, h, 0, a: 2);
        clock.Schedule(t0 + 30, h, 0, a: 3);
        clock.Schedule(t0 + 10, h, 0, a: 4);
        clock.RunUntil(clock.GetUtcNow().AddTicks(100));
        Assert.That(r.Seen.Select(s => s.A), Is.EqualTo(new[] { 2, 4, 1, 3 }));
        Assert.That(r.Seen.All(s => s.Now == s.Due), Is.True);
        Assert.That(clock.NowTicks, Is.EqualTo(t0 + 100));
    }

    [Test]
    public void Timer_FiresAtDueTime_ChangeRearms_DisposeCancels()
    {
        var clock = new SimClock();
        var fired = new List<long>();
        using var timer = clock.CreateTimer(_ => fired.Add(clock.NowTicks), null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        timer.Change(TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
        clock.RunFor(TimeSpan.FromSeconds(10));
        Assert.That(fired, Is.EqualTo(new[] { clock.Start.UtcTicks + TimeSpan.FromSeconds(2).Ticks }), "the first arm is superseded");

        var periodic = clock.CreateTimer(_ => fired.Add(clock.NowTicks), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
        clock.RunFor(TimeSpan.FromSeconds(8));
        periodic.Dispose();
        clock.RunFor(TimeSpan.FromSeconds(20));
        Assert.That(fired, Has.Count.EqualTo(4), "at 11, 14, 17 s, then nothing after dispose");
        Assert.That(clock.ActiveTimers, Is.EqualTo(1));
    }

    [Test]
    public void Clock_IsATimeProvider_WithTimestampsInTicks()
    {
        var clock = new SimClock();
        var before = clock.GetTimestamp();
        clock.RunFor(TimeSpan.FromMilliseconds(1500));
        Assert.That(clock.GetElapsedTime(before), Is.EqualTo(TimeSpan.FromMilliseconds(1500)));
        Assert.That(clock.GetUtcNow(), Is.EqualTo(clock.Start.AddMilliseconds(1500)));
    }

    [Test]
    public void RandomStreams_AreStablePerComponent_AndIndependentOfOtherComponents()
    {
        var a1 = RandomStreams.For(42, "arrivals", 0);
        var firstDraws = Enumerable.Range(0, 5).Select(_ => a1.Next()).ToArray();
        _ = RandomStreams.For(42, "a-new-component", 0).Next();
        var a2 = RandomStreams.For(42, "arrivals", 0);
        Assert.That(Enumerable.Range(0, 5).Select(_ => a2.Next()), Is.EqualTo(firstDraws));
        Assert.That(RandomStreams.SeedFor(42, "arrivals", 0), Is.Not.EqualTo(RandomStreams.SeedFor(42, "arrivals", 1)));
        Assert.That(RandomStreams.SeedFor(42, "arrivals", 0), Is.Not.EqualTo(RandomStreams.SeedFor(42, "sessions", 0)));
    }
}

public class EventQueueTests
{
    [TestCase(10, 1)]
    [TestCase(1_000, 2)]
    [TestCase(200_000, 3)]
    public void HoldModel_PopsInExactlyTheOrderOfABinaryHeap(int pending, int seed)
    {
        var rng = new Random(seed);
        var queue = new EventQueue();
        var heap = new EventHeap();
        long seq = 0, now = 0;
        for (var i = 0; i < pending; i++)
        {
            // Coarse times make many exact ties, so the sequence tie-break is exercised.
            var e = new SimEvent(rng.Next(0, 1000) * 10_000L, seq++, 0, 0, i, 0);
            queue.Push(e);
            heap.Push(e);
        }

        for (var i = 0; i < pending * 3; i++)
        {
            var a = queue.Pop();
            var b = heap.Pop();
            Assert.That(a, Is.EqualTo(b));
            now = a.Due;
            var e = new SimEvent(now + (rng.Next(0, 50) * 10_000L), seq++, 0, 0, i, 0);
            queue.Push(e);
            heap.Push(e);
        }

        Assert.That(queue.Count, Is.EqualTo(heap.Count));
        while (heap.Count > 0)
        {
            Assert.That(queue.Pop(), Is.EqualTo(heap.Pop()));
        }
    }

    [Test]
    public void FarFutureEvents_AndBurstsOfTies_KeepExactHeapOrder()
    {
        // The simulator's shape: a dense near future, churn hours ahead, and bursts of equal due times.
        var rng = new Random(11);
        var queue = new EventQueue();
        var heap = new EventHeap();
        long seq = 0, now = 0;
        void Both(long due)
        {
            var e = new SimEvent(due, seq++, 0, 0, 0, 0);
            queue.Push(e);
            heap.Push(e);
        }

        for (var i = 0; i < 50_000; i++)
        {
            Both(rng.Next(0, 3) == 0 ? rng.NextInt64(0, 10 * TimeSpan.TicksPerHour) : rng.NextInt64(0, TimeSpan.TicksPerSecond));
        }

        for (var i = 0; i < 300_000; i++)
        {
            var a = queue.Pop();
            Assert.That(a, Is.EqualTo(heap.Pop()));
            now = a.Due;
            var burst = rng.Next(0, 1000) == 0 ? 500 : 1;
            var due = now + (rng.Next(0, 20) == 0 ? rng.NextInt64(0, TimeSpan.TicksPerHour) : rng.NextInt64(0, TimeSpan.TicksPerMillisecond));
            for (var k = 0; k < burst; k++)
            {
                Both(due);
            }
        }

        while (heap.Count > 0)
        {
            Assert.That(queue.Pop(), Is.EqualTo(heap.Pop()));
        }

        Assert.That(queue.Count, Is.Zero);
    }

    [Test]
    public void OneEventHoursAhead_DoesNotTurnTheNearFutureIntoOneBigHeap()
    {
        var rng = new Random(5);
        var queue = new EventQueue();
        long seq = 0;
        queue.Push(new SimEvent(10 * TimeSpan.TicksPerHour, seq++, 0, 0, 0, 0));
        for (var i = 0; i < 1_000_000; i++)
        {
            queue.Push(new SimEvent(rng.NextInt64(0, 60 * TimeSpan.TicksPerSecond), seq++, 0, 0, 0, 0));
        }

        var largest = 0;
        for (var i = 0; i < 200_000; i++)
        {
            var e = queue.Pop();
            largest = Math.Max(largest, queue.HeapCount);
            queue.Push(e with { Due = e.Due + rng.NextInt64(0, TimeSpan.TicksPerSecond), Seq = seq++ });
        }

        // The earlier two-level calendar sized its buckets by the whole span (10 h / 4,096 = 8.8 s), so each near heap
        // held ~150k events.
        Assert.That(largest, Is.LessThan(1_000), "largest bottom heap");
    }

    [Test]
    public void RetainedStorage_FollowsThePendingPopulationDown()
    {
        var queue = new EventQueue();
        long seq = 0;
        for (var i = 0; i < 1_000_000; i++)
        {
            queue.Push(new SimEvent(i * 997L % 1_000_003, seq++, 0, 0, 0, 0));
        }

        var peak = queue.ChunksHeld;
        while (queue.Count > 10_000)
        {
            queue.Pop();
        }

        // ~32 events per 1 KiB chunk at the peak; afterwards at most the live chunks, a quarter idle, and a floor.
        Assert.That(peak, Is.InRange(1_000_000 / 32, 2 * 1_000_000 / 32), "chunks at 1M pending");
        Assert.That(queue.ChunksHeld, Is.LessThan(2_000), "chunks at 10k pending");
    }

    [Test]
    public void SmallAndZeroTimes_AreOrderedToo()
    {
        var q = new EventQueue();
        foreach (var due in new long[] { 5, 0, 3, 0, 4096, 1 })
        {
            q.Push(new SimEvent(due, due, 0, 0, 0, 0));
        }

        var popped = new List<long>();
        while (q.Count > 0)
        {
            popped.Add(q.Pop().Due);
        }

        Assert.That(popped, Is.EqualTo(new long[] { 0, 0, 1, 3, 5, 4096 }));
    }
}
