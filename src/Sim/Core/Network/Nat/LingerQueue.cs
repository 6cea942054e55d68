namespace ConnMgr.Sim.Network.Nat;

/// <summary>
/// The lingering NAT entries of one node group, in release order. A group's linger is one constant, so entries
/// expire in the order they were added: a FIFO replaces one kernel event per closed connection end (which at 1M nodes
/// were 94 % of all pending events). Struct-of-arrays ring, 16 bytes per lingering entry; it shrinks when it empties
/// below a quarter, so memory follows the lingering population.
/// </summary>
internal sealed class LingerQueue
{
    private const int MinCapacity = 16;
    private long[] _due = new long[MinCapacity];
    private int[] _node = new int[MinCapacity];
    private int[] _generation = new int[MinCapacity];
    private int _head;

    /// <summary>Entries lingering now.</summary>
    public int Count { get; private set; }

    public void Enqueue(long due, int node, int generation)
    {
        if (Count == _due.Length)
        {
            Resize(_due.Length * 2);
        }

        var i = (_head + Count) & (_due.Length - 1);
        _due[i] = due;
        _node[i] = node;
        _generation[i] = generation;
        Count++;
    }

    /// <summary>Removes the first entry if it is due at or before <paramref name="now"/>.</summary>
    public bool TryDequeueDue(long now, out int node, out int generation)
    {
        if (Count == 0 || _due[_head] > now)
        {
            node = generation = 0;
            return false;
        }

        node = _node[_head];
        generation = _generation[_head];
        _head = (_head + 1) & (_due.Length - 1);
        Count--;
        if (Count < _due.Length / 4 && _due.Length > MinCapacity)
        {
            Resize(_due.Length / 2);
        }

        return true;
    }

    private void Resize(int capacity)
    {
        var due = new long[capacity];
        var node = new int[capacity];
        var generation = new int[capacity];
        for (var k = 0; k < Count; k++)
        {
            var i = (_head + k) & (_due.Length - 1);
            due[k] = _due[i];
            node[k] = _node[i];
            generation[k] = _generation[i];
        }

        (_due, _node, _generation, _head) = (due, node, generation, 0);
    }
}
