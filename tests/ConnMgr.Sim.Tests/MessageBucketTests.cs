using ConnMgr.Sim.Network;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Tests;

/// <summary>Messages between nodes wait in 5-ms buckets and are delivered at the bucket's end, in posting order.</summary>
public class MessageBucketTests
{
    private static readonly long W = MessageBuckets.WidthTicks;

    [Test]
    public void Message_IsDeliveredAtTheFirstBucketEnd_AtOrAfterItsDueTime()
    {
        var buckets = new MessageBuckets(TimeSpan.FromSeconds(6).Ticks);
        var now = 1_000 * W + 7; // inside a bucket
        Assert.That(buckets.TryPost(now, now + W, new MessageBuckets.Message(1, 10, 100), out var opened, out _), Is.True);
        Assert.That(opened, Is.EqualTo(1_002 * W), "due 5 ms after a time inside bucket 1,000: delivered at the end of 1,002");
        Assert.That(buckets.TryPost(now, 1_002 * W, new MessageBuckets.Message(2, 20, 200), out var again, out var slot), Is.True);
        Assert.That(again, Is.EqualTo(-1), "due exactly at the end of an open bucket: the same bucket, no second event");
        Assert.That(buckets.Snapshot(slot).Select(m => m.Node), Is.EqualTo(new[] { 10, 20 }), "posting order");
    }

    [Test]
    public void ChainAt_NamesOneSendersMessages_InTheBucketDeliveredAtATime()
    {
        var buckets = new MessageBuckets(TimeSpan.FromSeconds(1).Ticks, partitions: 2);
        for (var i = 0; i < MessageBuckets.ChunkSize + 3; i++)
        {
            buckets.TryPost(0, 3 * W, new MessageBuckets.Message(1, 2 * i, i), out _, out _, partition: 0, source: 1);
        }

        buckets.TryPost(0, 3 * W, new MessageBuckets.Message(1, 5, 9), out _, out _, partition: 1, source: 1);
        Assert.That(buckets.TryChainAt(0, 3 * W, source: 1, out var head, out var count), Is.True);
        Assert.That(count, Is.EqualTo(MessageBuckets.ChunkSize + 3), "partition 0's bucket, partition 1's chain");
        Assert.That(buckets.Messages(head, 3).ToArray().Select(m => m.Node), Is.EqualTo(new[] { 0, 2, 4 }), "from its first message");
        Assert.That(buckets.Messages(buckets.Next(head), 3).ToArray().Select(m => m.Edge), Is.EqualTo(new[] { 256, 257, 258 }), "on to its second chunk");
        Assert.That(buckets.TryChainAt(0, 3 * W, source: 0, out _, out _), Is.False, "partition 0 sent nothing");
        Assert.That(buckets.TryChainAt(0, 4 * W, source: 1, out _, out _), Is.False, "nothing is delivered 5 ms later");
        Assert.That(buckets.TryChainAt(1, 3 * W, source: 1, out _, out var other) && other == 1, Is.True, "partition 1's ring");
    }

    [Test]
    public void DeliveredBucket_IsEmpty_AndItsSlotServesALaterBucket()
    {
        var buckets = new MessageBuckets(TimeSpan.FromSeconds(1).Ticks);
        buckets.TryPost(0, 3 * W, new MessageBuckets.Message(1, 1, 1), out _, out var slot);
        buckets.Clear(slot);
        Assert.That(buckets.Count(slot), Is.Zero);
        Assert.That(buckets.TryPost(4 * W, 259 * W, new MessageBuckets.Message(1, 2, 2), out var opened, out var later), Is.True);
        Assert.That((later, opened), Is.EqualTo((slot, 259 * W)), "the ring (256 buckets for 1 s) wraps onto the delivered slot");
    }

    [Test]
    public void BucketsShareOnePoolOfChunks_SoADeliveredBucketsChunksServeTheNext()
    {
        var buckets = new MessageBuckets(TimeSpan.FromSeconds(1).Ticks);
        var many = 16 * MessageBuckets.ChunkSize; // a whole block of the pool
        var slot = -1;
        for (var i = 0; i < many; i++)
        {
            buckets.TryPost(0, 2 * W, new MessageBuckets.Message(1, i, i), out _, out slot);
        }

        Assert.That(buckets.Snapshot(slot).Select(m => m.Node), Is.EqualTo(Enumerable.Range(0, many)), "posting order across chunks");
        var bytes = buckets.Bytes;
        buckets.Clear(slot);
        for (var b = 3; b < 3 + 4; b++)
        {
            for (var i = 0; i < 4 * MessageBuckets.ChunkSize; i++)
            {
                buckets.TryPost(2 * W, b * W, new MessageBuckets.Message(1, i, i), out _, out _);
            }
        }

        Assert.That(buckets.Bytes, Is.EqualTo(bytes), "four buckets of four chunks each reuse the sixteen chunks given back");
        Assert.That(buckets.Snapshot(6).Select(m => m.Node), Is.EqualTo(Enumerable.Range(0, 4 * MessageBuckets.ChunkSize)));
    }

    [Test]
    public void MessageBeyondTheRing_OrDueInTheCurrentBucket_IsRefused_ForItsOwnEvent()
    {
        var buckets = new MessageBuckets(TimeSpan.FromSeconds(1).Ticks);
        Assert.That(buckets.TryPost(0, TimeSpan.FromSeconds(10).Ticks, new MessageBuckets.Message(1, 1, 1), out _, out _), Is.False, "beyond the ring");
        Assert.That(buckets.TryPost(10 * W, 10 * W, new MessageBuckets.Message(1, 1, 1), out _, out _), Is.False, "a bucket due now may be delivering");
    }

    [Test]
    public void SplitDialsAndDelayedCloses_RunFewerKernelEventsThanMessages()
    {
        var runner = Networks.Create(ScenarioLoader.Load(Repo.Scenario("network-10k.json"), new Dictionary<string, string>
        {
            ["network.remoteCloses"] = "halfRoundTrip", ["network.dials"] = "split", ["duration"] = "00:05:00",
        }));
        var result = runner.Run();
        var dials = result.Metric("dials");
        Assert.That(dials, Is.GreaterThan(10_000), "the run dialed");
        Assert.That(runner.Clock.KernelEvents, Is.LessThan(dials * 2), "a SYN and an answer per dial, and the closes, ride in shared buckets");
        Assert.That(runner.Clock.EventsProcessed, Is.GreaterThan(dials * 2), "events processed count each message as the event's work it is");
    }
}
