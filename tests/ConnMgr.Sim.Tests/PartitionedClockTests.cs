using ConnMgr.Sim.Kernel;

namespace ConnMgr.Sim.Tests;

/// <summary>The windowed kernel (<see cref="SimClock.UsePartitions"/>): two partitions of the nodes (test node n in partition n % 2, <see cref="PartitionOwners"/>), 5-ms windows, barriers.</summary>
public class PartitionedClockTests
{
    private static readonly long Ms = TimeSpan.TicksPerMillisecond;

    /// <summary>Records every event (owned by node <c>A</c>, -1: none; tag <c>B</c>) and runs what its tag schedules next.</summary>
    private sealed class Recorder : IEventHandler
    {
        private readonly SimClock _clock;

        public Recorder(SimClock clock)
        {
            _clock = clock;
            Id = clock.Register(this);
        }

        public int Id { get; }

        public List<(int Node, long AtMs, int Tag)> Seen { get; } = [];

        /// <summary>What each tag schedules when it runs: (node, delay in ms, tag).</summary>
        public Dictionary<int, (int Node, long DelayMs, int Tag)> FollowUps { get; } = [];

        /// <summary>What else a tag does when it runs.</summary>
        public Dictionary<int, Action> Actions { get; } = [];

        public void At(long ms, int node, int tag) => _clock.Schedule(_clock.Start.UtcTicks + (ms * Ms), Id, 0, node, tag);

        public void Handle(in SimEvent e)
        {
            Seen.Add((e.A, (_clock.NowTicks - _clock.Start.UtcTicks) / Ms, e.B));
            if (FollowUps.TryGetValue(e.B, out var next))
            {
                _clock.Schedule(_clock.NowTicks + (next.DelayMs * Ms), Id, 0, next.Node, next.Tag);
            }

            if (Actions.TryGetValue(e.B, out var action))
            {
                action();
            }
        }

        public int Owner(in SimEvent e) => PartitionOwners.Of(e.A);
    }

    private static (SimClock Clock, Recorder Recorder) Partitioned()
    {
        var clock = new SimClock();
        var recorder = new Recorder(clock);
        clock.UsePartitions();
        return (clock, recorder);
    }

    [Test]
    public void AWindow_RunsPartitionZeroThenPartitionOne_AndAGlobalEventAloneBeforeItsTick()
    {
        var (clock, r) = Partitioned();
        r.At(1, node: 1, tag: 1);
        r.At(2, node: 0, tag: 2);
        r.At(0, node: 3, tag: 3);
        r.At(10, node: 0, tag: 4);
        r.At(10, node: -1, tag: 5);
        clock.RunFor(TimeSpan.FromMilliseconds(20));
        Assert.That(r.Seen.Select(s => s.Tag), Is.EqualTo(new[] { 2, 3, 1, 5, 4 }),
            "window [0, 5 ms): partition 0 (node 0), then partition 1 (nodes 3 and 1 in time order); the global event at 10 ms before node 0's");
        Assert.That(clock.NowTicks - clock.Start.UtcTicks, Is.EqualTo(20 * Ms));
    }

    [Test]
    public void AnEventForTheOtherPartition_InsideTheWindow_IsRefused()
    {
        var (clock, r) = Partitioned();
        r.At(1, node: 0, tag: 1);
        r.FollowUps[1] = (Node: 1, DelayMs: 2, Tag: 2); // due at 3 ms: partition 1 may have run past it
        var e = Assert.Throws<InvalidOperationException>(() => clock.RunFor(TimeSpan.FromMilliseconds(20)));
        Assert.That(e!.Message, Does.Contain("partition 1").And.Contain("window"));
    }

    [Test]
    public void AnEventForTheOtherPartition_EntersItsQueueAtTheBarrier_AfterThatPartitionsOwnEvents()
    {
        var (clock, r) = Partitioned();
        r.At(0, node: 0, tag: 1);
        r.FollowUps[1] = (Node: 1, DelayMs: 10, Tag: 3); // sent first, from partition 0
        r.At(1, node: 1, tag: 2);
        r.FollowUps[2] = (Node: 1, DelayMs: 9, Tag: 4); // partition 1's own, for the same tick
        clock.RunFor(TimeSpan.FromMilliseconds(20));
        Assert.That(r.Seen.Select(s => s.Tag), Is.EqualTo(new[] { 1, 2, 4, 3 }),
            "at 10 ms partition 1's own event runs first: the crossing one entered at the barrier, so the order does not depend on which partition ran first");
    }

    [Test]
    public void ATimerOfAPartition_RunsInIt_EvenDueAtOnce_ButNotFromTheOtherPartitionsWindow()
    {
        var (clock, r) = Partitioned();
        var fired = new List<long>();
        void Arm(int partition) => clock.PartitionTime(partition).CreateTimer(_ => fired.Add((clock.NowTicks - clock.Start.UtcTicks) / Ms), null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        r.At(1, node: 1, tag: 1);
        r.Actions[1] = () => Arm(1);
        clock.RunFor(TimeSpan.FromMilliseconds(20));
        Assert.That(fired, Is.EqualTo(new[] { 1L }), "an engine's timer due at once, in its own partition");
        r.At(21, node: 0, tag: 2);
        r.Actions[2] = () => Arm(1);
        Assert.Throws<InvalidOperationException>(() => clock.RunFor(TimeSpan.FromMilliseconds(20)), "partition 1's timer armed by partition 0 inside the window");
    }

    [Test]
    public void ARunInSlices_RunsEachPartitionsEventsInTheSameOrder_AsOneRun()
    {
        static List<(int, long, int)>[] Trace(int sliceMs)
        {
            var (clock, r) = Partitioned();
            var rng = new Random(7);
            for (var tag = 0; tag < 400; tag++)
            {
                var node = rng.Next(6);
                r.At(rng.Next(200), node, tag);
                var target = rng.Next(6);
                var delay = (target & 1) == (node & 1) ? rng.Next(3) : 10 + rng.Next(3); // another partition: beyond the window
                r.FollowUps[tag] = (target, delay, tag + 1000);
            }

            for (var ms = 0; ms < 300; ms += sliceMs)
            {
                clock.RunFor(TimeSpan.FromMilliseconds(sliceMs));
            }

            return [.. r.Seen.GroupBy(s => s.Node & 1).OrderBy(g => g.Key).Select(g => g.ToList())];
        }

        var whole = Trace(300);
        Assert.That(whole.Sum(p => p.Count), Is.EqualTo(800));
        Assert.That(Trace(3), Is.EqualTo(whole), "3-ms slices end inside windows; within a window the partitions do not meet, so only each one's order counts");
        Assert.That(Trace(7), Is.EqualTo(whole));
    }

    [Test]
    public void Partitions_AreChosenBeforeTheFirstEvent()
    {
        var clock = new SimClock();
        var r = new Recorder(clock);
        r.At(1, node: 0, tag: 1);
        Assert.Throws<InvalidOperationException>(clock.UsePartitions);
    }
}
