using ConnMgr.Sim.Kernel;
using ConnMgr.Sim.Randomness;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Network.AddressBooks;

/// <summary>
/// Address books: each node knows a fixed number of dialable peers (the ones that advertise addresses, as DHT
/// servers do), either a uniform sample or its neighbourhood on a hashed id ring. The runner's dial loop picks its
/// targets here; a peer found unreachable is replaced by a fresh random one, as a DHT walk would, drawn from the
/// node's own stream.
/// </summary>
internal sealed class AddressBookModel : NetworkModel, IDialTargets
{
    public static readonly ModelRegistration Registration = new(
        new ColumnGroup("address-books", RunMode.Network, [], []),
        [],
        (net, _) => new AddressBookModel(net));

    private readonly int[] _book;
    private readonly int _bookSize;
    private readonly int[] _dialable;
    private readonly PerNodeStream _peerRng;

    private AddressBookModel(INetwork net)
    {
        var n = net.Nodes;
        _bookSize = Math.Min(net.Spec.AddressBook, Math.Max(1, n - 1));
        _book = new int[(long)n * _bookSize];
        _peerRng = PerNodeStream.For(net.Seed, "net-address-book", n);
        var dialable = new List<int>();
        for (var i = 0; i < n; i++)
        {
            if (net.IsDialable(i))
            {
                dialable.Add(i);
            }
        }

        _dialable = dialable.Count > 0 ? [.. dialable] : [0];
        if (net.Spec.AddressBookKind == AddressBookKind.Neighbourhood)
        {
            FillNeighbourhoodBooks(n);
        }
        else
        {
            for (var i = 0; i < n; i++)
            {
                var row = (long)i * _bookSize;
                for (var k = 0; k < _bookSize; k++)
                {
                    _book[row + k] = RandomKnownPeer(i);
                }
            }
        }
    }

    /// <inheritdoc/>
    public override bool RunsInPartitions => true;

    /// <inheritdoc/>
    public int Pick(int node, Random rng) => _book[((long)node * _bookSize) + rng.Next(_bookSize)];

    /// <inheritdoc/>
    public void Prefetch(int node)
    {
        var row = (long)node * _bookSize;
        for (var k = 0; k < _bookSize; k += 16)
        {
            Prefetcher.Item(ref _book[row + k]); // a pick is anywhere in the row: its lines (16 peers each)
        }

        Prefetcher.Item(ref _book[row + _bookSize - 1]); // the row need not start on a line
    }

    /// <inheritdoc/>
    public void Unreachable(int node, int peer)
    {
        var row = (long)node * _bookSize;
        for (var k = 0; k < _bookSize; k++)
        {
            if (_book[row + k] == peer)
            {
                _book[row + k] = RandomKnownPeer(node);
                return;
            }
        }
    }

    /// <summary>
    /// Kademlia-like books: nodes sit on a ring at a hash of their id; each node knows the dialable nodes nearest to
    /// it on the ring (half before, half after), so neighbourhoods overlap as routing tables do.
    /// </summary>
    private void FillNeighbourhoodBooks(int n)
    {
        static uint RingPosition(int id)
        {
            var h = (uint)id * 2654435761u;
            h ^= h >> 15;
            h *= 2246822519u;
            return h ^ (h >> 13);
        }

        var ring = _dialable.OrderBy(RingPosition).ThenBy(x => x).ToArray();
        var positions = ring.Select(RingPosition).ToArray();
        for (var i = 0; i < n; i++)
        {
            var at = Array.BinarySearch(positions, RingPosition(i));
            at = at < 0 ? ~at : at;
            var row = (long)i * _bookSize;
            var filled = 0;
            for (var step = 0; filled < _bookSize && step < ring.Length + _bookSize; step++)
            {
                var offset = (step & 1) == 0 ? step / 2 : -((step + 1) / 2);
                var peer = ring[(((at + offset) % ring.Length) + ring.Length) % ring.Length];
                if (peer != i || ring.Length == 1)
                {
                    _book[row + filled++] = peer;
                }
            }
        }
    }

    /// <summary>A random dialable node other than <paramref name="node"/> (or any node if it is the only one).</summary>
    private int RandomKnownPeer(int node)
    {
        var peer = _dialable[_peerRng.At(node).Next(_dialable.Length)];
        return peer != node || _dialable.Length == 1 ? peer : _dialable[(Array.IndexOf(_dialable, peer) + 1) % _dialable.Length];
    }
}
