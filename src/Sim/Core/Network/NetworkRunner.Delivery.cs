using System.Diagnostics;
using ConnMgr.Sim.Kernel;

namespace ConnMgr.Sim.Network;

/// <summary>
/// Delivery of the messages that travel between nodes with delayed closes (a close, and with split dials a SYN and
/// its answer): each waits in a 5-ms bucket (<see cref="MessageBuckets"/>) and one event delivers the bucket at its
/// end, so a message costs an append and a sequential read instead of a queue operation. The profile still counts
/// and times every message under its own kind and charges it to its node's partition.
/// </summary>
public sealed partial class NetworkRunner
{
    /// <summary>One event per non-empty bucket; <c>A</c> is the bucket's slot, <c>B</c> its ring's partition (0 without partitions).</summary>
    private const int KDeliver = 8;

    /// <summary>How many messages ahead a bucket hints its receivers' records (<see cref="HintRecords"/>).</summary>
    private const int RecordsAhead = 4;

    private readonly MessageBuckets? _buckets;

    /// <summary>1 when the clock runs partitions (a message goes to its receiver's ring), else 0.</summary>
    private int _partitionMask;

    /// <summary>Sends a message that reaches <paramref name="node"/> at <paramref name="dueTicks"/>: into its bucket, or as its own event beyond the ring; returns when it is delivered.</summary>
    private long Post(long dueTicks, int kind, int node, int edge)
    {
        var partition = NodePartition.Of(node) & _partitionMask;
        var source = Math.Max(0, Clock.RunningPartition); // a global event's messages go with partition 0's
        if (_buckets is { } b && b.TryPost(Clock.NowTicks, dueTicks, new MessageBuckets.Message(kind, node, edge), out var opened, out var slot, partition, source))
        {
            if (opened >= 0)
            {
                Clock.Schedule(opened, _handler, KDeliver, slot, partition);
            }

            return MessageBuckets.DeliveryTicks(dueTicks);
        }

        Clock.Schedule(dueTicks, _handler, kind, node, edge);
        return dueTicks;
    }

    /// <summary>Delivers a bucket chain by chain (sending partition 0's first), each in posting order, chunk by chunk, hinting each message's engine and edge two messages ahead.</summary>
    private void Deliver(int slot)
    {
        var b = _buckets!;
        var delivered = 0;
        for (var chain = slot * b.Chains; chain < (slot + 1) * b.Chains; chain++)
        {
            var left = b.ChainCount(chain);
            delivered += left;
            for (var c = b.Head(chain); left > 0; c = b.Next(c))
            {
                var messages = b.Messages(c, Math.Min(left, MessageBuckets.ChunkSize));
                Deliver(messages);
                left -= messages.Length;
            }
        }

        b.Clear(slot);
        if (delivered > 1)
        {
            Clock.CountBatched(delivered - 1); // a message is an event's work: events then grow with the network, not with its buckets
        }
    }

    private void Deliver(ReadOnlySpan<MessageBuckets.Message> messages)
    {
        var profile = Clock.Profile;
        for (var i = 0; i < messages.Length; i++)
        {
            if (Prefetcher.Enabled)
            {
                HintMessages(messages, i);
            }

            var m = messages[i];
            var e = new SimEvent(Clock.NowTicks, 0, _handler, m.Kind, m.Node, m.Edge);
            if (profile is null)
            {
                HandleMessage(in e);
                continue;
            }

            var b0 = GC.GetAllocatedBytesForCurrentThread();
            var t0 = Stopwatch.GetTimestamp();
            HandleMessage(in e);
            profile.AddPart(_handler, e.Kind, e.Due, e.A, Stopwatch.GetTimestamp() - t0, GC.GetAllocatedBytesForCurrentThread() - b0);
        }
    }

    /// <summary>A message delivered: a close, a SYN or an answer.</summary>
    private void HandleMessage(in SimEvent e)
    {
        if (e.Kind >= KRemoteClose)
        {
            RemoteClose(e.A, e.B, (RemoteCause)(e.Kind - KRemoteClose));
        }
        else if (e.Kind >= KAnswer)
        {
            AnswerArrived(e.A, e.B, PurposeOfAnswer(e.Kind), OutcomeOfAnswer(e.Kind));
        }
        else
        {
            SynArrived(e.A, e.B, (ConnectPurpose)(e.Kind - KSyn));
        }
    }

    /// <summary>
    /// Three stages over a bucket: the node's and the edge's records <see cref="RecordsAhead"/> messages ahead (so the
    /// engine reference is in cache when the object is hinted), then <see cref="HintEdgeEvent"/>'s two: the objects two
    /// messages ahead, the tables one ahead.
    /// </summary>
    private void HintMessages(ReadOnlySpan<MessageBuckets.Message> messages, int i)
    {
        if (i == 0)
        {
            for (var j = 0; j < RecordsAhead; j++)
            {
                HintRecords(messages, j);
            }

            HintMessage(messages, 0, 2);
            HintMessage(messages, 1, 2);
            HintMessage(messages, 0, 1);
        }

        HintRecords(messages, i + RecordsAhead);
        HintMessage(messages, i + 2, 2);
        HintMessage(messages, i + 1, 1);
    }

    /// <summary>
    /// The receiver's engine reference and flags, the edge's record, and what the message's handler reads next: a SYN's
    /// stream counters (its failure draw), an answer's dials pending and, when unreachable, the dialer's address book.
    /// </summary>
    private void HintRecords(ReadOnlySpan<MessageBuckets.Message> messages, int i)
    {
        if (i < messages.Length)
        {
            var m = messages[i];
            Prefetcher.Item(ref _engines[m.Node]);
            Prefetcher.Item(ref _flags[m.Node]);
            _edges.Prefetch(m.Edge);
            if (m.Kind < KAnswer)
            {
                _draws.Prefetch(m.Node);
            }
            else if (m.Kind < KRemoteClose)
            {
                Prefetcher.Item(ref _pending[m.Node]); // the dial returns
                if (OutcomeOfAnswer(m.Kind) == SynOutcome.Unreachable)
                {
                    _targets.Prefetch(m.Node); // the address book forgets the peer
                }
            }
        }
    }

    private void HintMessage(ReadOnlySpan<MessageBuckets.Message> messages, int i, int ahead)
    {
        if (i < messages.Length)
        {
            var m = messages[i];
            HintEdgeEvent(new SimEvent(0, 0, _handler, m.Kind, m.Node, m.Edge), ahead);
        }
    }
}
