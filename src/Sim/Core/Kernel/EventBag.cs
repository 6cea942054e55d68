using System.Runtime.CompilerServices;

namespace ConnMgr.Sim.Kernel;

/// <summary>
/// A fixed block of <see cref="Capacity"/> events (1 KiB) that holds no references, so the collector never scans
/// inside it. Blocks are linked into <see cref="EventBag"/>s and recycled through a <see cref="EventChunkPool"/>.
/// </summary>
internal sealed class EventChunk
{
    /// <summary>Events per chunk: 32 × 32 B = one KiB, a few cache lines touched per append run.</summary>
    public const int Capacity = 32;

    public EventBlock Items;
    public EventChunk? Next;
    public int Count;
}

/// <summary>The inline storage of one <see cref="EventChunk"/>.</summary>
[InlineArray(EventChunk.Capacity)]
internal struct EventBlock
{
    private SimEvent _element0;
}

/// <summary>
/// An unordered bag of events as a singly linked list of chunks, appended at the tail. Memory is proportional to its
/// count (at most one partly filled chunk), and emptying it returns every chunk to the pool.
/// </summary>
internal struct EventBag
{
    public EventChunk? Head;
    public EventChunk? Tail;
    public int Count;

    public void Add(in SimEvent e, EventChunkPool pool)
    {
        var tail = Tail;
        if (tail is null || tail.Count == EventChunk.Capacity)
        {
            var chunk = pool.Rent();
            if (tail is null)
            {
                Head = chunk;
            }
            else
            {
                tail.Next = chunk;
            }

            Tail = tail = chunk;
        }

        tail.Items[tail.Count++] = e;
        Count++;
    }

    /// <summary>Smallest and largest due time in the bag; the bag must not be empty.</summary>
    public readonly (long Min, long Max) DueRange()
    {
        var min = long.MaxValue;
        var max = long.MinValue;
        for (var c = Head; c is not null; c = c.Next)
        {
            for (var i = 0; i < c.Count; i++)
            {
                var d = c.Items[i].Due;
                min = Math.Min(min, d);
                max = Math.Max(max, d);
            }
        }

        return (min, max);
    }

    /// <summary>Detaches the chunk list, leaving the bag empty; the caller returns the chunks to the pool.</summary>
    public EventChunk? Detach()
    {
        var head = Head;
        Head = Tail = null;
        Count = 0;
        return head;
    }
}

/// <summary>
/// Recycles <see cref="EventChunk"/>s so a queue in steady state allocates nothing, yet keeps at most a quarter of
/// the chunks in use (and at least <see cref="MinFree"/>) idle: when the population falls, the rest go to the
/// collector, so retained memory follows the number of pending events.
/// </summary>
internal sealed class EventChunkPool
{
    private const int MinFree = 256;
    private EventChunk? _free;
    private int _freeCount;

    /// <summary>Chunks rented and not yet returned.</summary>
    public int InUse { get; private set; }

    /// <summary>Idle chunks kept for reuse.</summary>
    public int Idle => _freeCount;

    public EventChunk Rent()
    {
        InUse++;
        var chunk = _free;
        if (chunk is null)
        {
            return new EventChunk();
        }

        _free = chunk.Next;
        _freeCount--;
        chunk.Next = null;
        chunk.Count = 0;
        return chunk;
    }

    /// <summary>Returns <paramref name="chunk"/> after its events were consumed; gives the chunk that followed it.</summary>
    public EventChunk? ReturnAndNext(EventChunk chunk)
    {
        var next = chunk.Next;
        Return(chunk);
        return next;
    }

    private void Return(EventChunk chunk)
    {
        InUse--;
        if (_freeCount >= Math.Max(MinFree, InUse >> 2))
        {
            return; // let the collector have it
        }

        chunk.Next = _free;
        _free = chunk;
        _freeCount++;
    }
}
