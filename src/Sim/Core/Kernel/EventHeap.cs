namespace ConnMgr.Sim.Kernel;

/// <summary>
/// Array-backed quaternary min-heap of <see cref="SimEvent"/> keyed on (Due, Seq), the same shape as
/// <see cref="PriorityQueue{TElement, TPriority}"/> but with the key inside the struct and no comparer call.
/// </summary>
public sealed class EventHeap
{
    private SimEvent[] _items = new SimEvent[64];

    /// <summary>Pending events.</summary>
    public int Count { get; private set; }

    /// <summary>The earliest event; undefined when empty.</summary>
    public ref readonly SimEvent Peek() => ref _items[0];

    /// <summary>Adds an event. Amortised O(log₄ n), no allocation once grown.</summary>
    public void Push(in SimEvent e)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        var items = _items;
        var i = Count++;
        while (i > 0)
        {
            var parent = (i - 1) >> 2;
            ref var p = ref items[parent];
            if (!Less(e, p))
            {
                break;
            }

            items[i] = p;
            i = parent;
        }

        items[i] = e;
    }

    /// <summary>Removes and returns the earliest event.</summary>
    public SimEvent Pop()
    {
        var items = _items;
        var top = items[0];
        var n = --Count;
        if (n == 0)
        {
            return top;
        }

        var last = items[n];
        var i = 0;
        while (true)
        {
            var first = (i << 2) + 1;
            if (first >= n)
            {
                break;
            }

            var best = first;
            var end = Math.Min(first + 4, n);
            for (var c = first + 1; c < end; c++)
            {
                if (Less(items[c], items[best]))
                {
                    best = c;
                }
            }

            if (!Less(items[best], last))
            {
                break;
            }

            items[i] = items[best];
            i = best;
        }

        items[i] = last;
        return top;
    }

    private static bool Less(in SimEvent a, in SimEvent b) => a.Due < b.Due || (a.Due == b.Due && a.Seq < b.Seq);
}
