using System.Runtime.InteropServices;
using ConnMgr.Sim.Kernel;

namespace ConnMgr.Sim.Network;

/// <summary>
/// On two threads each waits at every barrier for the other: a fifth to a quarter of its time at 1M (benchmarks/README.md,
/// issue 13 thirty-seventh step). While it waits, it hints the messages its own partition sent itself that its next
/// delivery (the next window's first instant, or the one after when an event run alone cut the window short) will hand
/// it, in <c>Deliver</c>'s three stages a group at a time: the records, a group later the engine objects, a group after
/// that the engines' tables. That chain is finished (its sender has run its window); the other partition's chain of
/// the same bucket is still being written and is left to <c>Deliver</c>'s own hints. Hints change nothing: the outputs
/// are those without them.
/// </summary>
public sealed partial class NetworkRunner
{
    /// <summary>Messages partition <paramref name="partition"/>'s waits have hinted so far (diagnostics, for tests).</summary>
    internal long WaitHinted(int partition) => Clock.WaitHints is BucketWaitHints hints ? hints.Hinted(partition) : 0;

    /// <summary>The runner's <see cref="IWaitHints"/>, given to the clock when the run is partitioned.</summary>
    private sealed class BucketWaitHints(NetworkRunner runner) : IWaitHints
    {
        /// <summary>Messages per step: a step is a few microseconds, so a wait overruns the other thread by no more.</summary>
        private const int Group = 16;

        private readonly WaitCursor[] _cursors = new WaitCursor[2];

        public long Hinted(int partition) => _cursors[partition].Hinted;

        public bool Step(int partition, long nextWindowTicks, bool first)
        {
            var buckets = runner._buckets!;
            ref var c = ref _cursors[partition];
            if (first && !buckets.TryChainAt(partition, MessageBuckets.DeliveryTicks(nextWindowTicks), source: partition, out c.Chunk, out c.Left))
            {
                return false;
            }

            if (first)
            {
                c.Group = 0;
            }

            var messages = buckets.Messages(c.Chunk, Math.Min(c.Left, MessageBuckets.ChunkSize));
            var from = c.Group * Group;
            c.Hinted += Math.Clamp(messages.Length - from, 0, Group); // messages whose records this step hints
            for (var i = from; i < from + Group; i++)
            {
                runner.HintRecords(messages, i);
                if (i >= Group)
                {
                    runner.HintMessage(messages, i - Group, 2);
                }

                if (i >= 2 * Group)
                {
                    runner.HintMessage(messages, i - (2 * Group), 1);
                }
            }

            if (++c.Group * Group < messages.Length + (2 * Group))
            {
                return true;
            }

            c.Left -= MessageBuckets.ChunkSize; // the last stage has passed the chunk's end
            c.Chunk = c.Left > 0 ? buckets.Next(c.Chunk) : -1;
            c.Group = 0;
            return c.Left > 0;
        }
    }

    /// <summary>Where a partition's wait has got to in its chain; 128 bytes, so the two threads never share a line.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct WaitCursor
    {
        [FieldOffset(0)]
        public int Chunk;

        [FieldOffset(4)]
        public int Left;

        [FieldOffset(8)]
        public int Group;

        [FieldOffset(16)]
        public long Hinted;
    }
}
