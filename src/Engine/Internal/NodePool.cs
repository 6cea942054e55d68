namespace ConnMgr.Engine.Internal;

/// <summary>
/// An array of nodes with a free list threaded through <see cref="ILinkedNode.Next"/>. A mutable struct: keep it in
/// a field and call it in place (never copy it). Grows by doubling, starting small because most managers are small;
/// a <see cref="Reserve"/> made once up front goes where the collector never moves it (<see cref="LongLivedArrays"/>).
/// </summary>
internal struct NodePool<T>
    where T : struct, ILinkedNode
{
    private int _count;
    private int _free;

    public Table<T> Items;

    public NodePool()
    {
        Items = Table<T>.Empty;
        _free = -1;
    }

    /// <summary>Makes room for <paramref name="capacity"/> nodes without regrowing, carved from <paramref name="arena"/> when given (used before the first node).</summary>
    public void Reserve(int capacity, TableArena? arena)
    {
        if (Items.Length < capacity)
        {
            var items = Table<T>.Reserve(capacity, arena);
            Items.AsSpan().CopyTo(items.AsSpan());
            Items = items;
        }
    }

    /// <summary>Nodes in use.</summary>
    public int Live { get; private set; }

    /// <summary>Starts loading the node the next <see cref="Alloc"/> returns.</summary>
    public readonly void PrefetchNext() => Items.Prefetch(_free >= 0 ? _free : _count); // _count ≤ Items.Length

    public int Alloc()
    {
        Live++;
        if (_free >= 0)
        {
            var i = _free;
            _free = Items[i].Next;
            Items[i] = default;
            return i;
        }

        if (_count == Items.Length)
        {
            Items = Items.Regrown(Math.Max(4, Items.Length * 2));
        }

        return _count++;
    }

    /// <summary>Unlinks <paramref name="node"/> from the list starting at <paramref name="head"/> and frees it.</summary>
    public void Unlink(ref int head, int node)
    {
        if (head == node)
        {
            head = Items[node].Next;
        }
        else
        {
            for (var i = head; i >= 0; i = Items[i].Next)
            {
                if (Items[i].Next == node)
                {
                    Items[i].Next = Items[node].Next;
                    break;
                }
            }
        }

        Free(node);
    }

    /// <summary>Frees every node of the list starting at <paramref name="head"/> and empties it.</summary>
    public void FreeList(ref int head)
    {
        while (head >= 0)
        {
            var next = Items[head].Next;
            Free(head);
            head = next;
        }
    }

    public void Free(int i)
    {
        Live--;
        Items[i] = default;
        Items[i].Next = _free;
        _free = i;
    }
}
