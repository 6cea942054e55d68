using System.Runtime.CompilerServices;
using ConnMgr.Engine.Internal;

namespace ConnMgr.Engine;

/// <summary>
/// Shared chunks that managers carve their one reservation of tables from (<see cref="ConnectionManagerOptions.ExpectedPeers"/>),
/// for a host that runs many managers: a million managers then allocate a few thousand large chunks instead of three
/// million small arrays, the tables of managers created together lie side by side, and the host can prepare each chunk's
/// memory in one call (<see cref="ChunkAllocated"/>) instead of taking a page fault per fresh page. Tables that outgrow
/// their reservation grow into arrays of their own, as without an arena; a manager's run of a chunk is never reused,
/// so a manager carves once (tables reserved again after <see cref="ConnectionManager{TPeer}.TrimExcess"/> are its own).
/// Not thread-safe: give each thread that creates tables (a simulator's partition) its own arena.
/// </summary>
public sealed class TableArena
{
    /// <summary>The default chunk size: 4 MiB.</summary>
    public const int DefaultChunkBytes = 4 << 20;

    private readonly Dictionary<Type, object> _chunks = [];

    /// <param name="chunkBytes">Bytes per chunk (at least 4 KiB); a table larger than a quarter of it gets an array of its own.</param>
    public TableArena(int chunkBytes = DefaultChunkBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkBytes, 4096);
        ChunkBytes = chunkBytes;
    }

    /// <summary>Bytes per chunk.</summary>
    public int ChunkBytes { get; }

    /// <summary>Called with each new chunk and its length in bytes before any table is carved from it, for example to populate its pages.</summary>
    public Action<Array, long>? ChunkAllocated { get; init; }

    /// <summary>Chunks allocated so far.</summary>
    public int Chunks { get; private set; }

    /// <summary>Bytes of the tables carved so far (chunk space not yet handed out is not counted).</summary>
    public long BytesCarved { get; private set; }

    /// <summary>A zeroed table of <paramref name="length"/> elements.</summary>
    internal Table<T> Carve<T>(int length)
    {
        var size = Unsafe.SizeOf<T>();
        var perChunk = ChunkBytes / size;
        BytesCarved += (long)length * size;
        if (length > perChunk / 4)
        {
            return Table<T>.Reserve(length, arena: null);
        }

        if (!_chunks.TryGetValue(typeof(T), out var found) || found is not Chunk<T> chunk || chunk.Used + length > chunk.Array.Length)
        {
            chunk = new Chunk<T>(LongLivedArrays.AllocateUninitialized<T>(perChunk));
            _chunks[typeof(T)] = chunk;
            Chunks++;
            ChunkAllocated?.Invoke(chunk.Array, (long)perChunk * size);
        }

        var table = new Table<T>(chunk.Array, chunk.Used, length);
        chunk.Used += length;
        table.AsSpan().Clear(); // a chunk's memory may be reused from the collector: no garbage in a fresh table
        return table;
    }

    private sealed class Chunk<T>(T[] array)
    {
        public readonly T[] Array = array;
        public int Used;
    }
}
