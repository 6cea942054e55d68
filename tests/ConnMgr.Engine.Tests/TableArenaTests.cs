using System.Runtime.CompilerServices;
using ConnMgr.Engine.Internal;

namespace ConnMgr.Engine.Tests;

/// <summary>
/// Managers whose tables are carved from one shared <see cref="TableArena"/> (issue 13 item 3): they behave exactly
/// as managers with tables of their own, their tables never overlap, and the host sees every chunk once.
/// </summary>
public class TableArenaTests
{
    [Test]
    public void ManagersCarvedFromOneArena_BehaveExactlyLikeManagersWithTablesOfTheirOwn()
    {
        // Small chunks, so the managers' tables share chunks, fill them, and move on to new ones; 60 peers against a
        // reservation of 12, so the tables also outgrow their run of a chunk and grow into arrays of their own.
        var options = Harness.Watermarks(low: 10, high: 20, graceMs: 50, silenceMs: 10) with { ExpectedPeers = 12 };
        var arena = new TableArena(chunkBytes: 4096);
        var own = Enumerable.Range(0, 16).Select(_ => new Harness(options)).ToArray();
        var carved = Enumerable.Range(0, 16).Select(_ => new Harness(options, arena)).ToArray();
        var rng = new Random(23);
        for (var step = 0; step < 6_000; step++)
        {
            var m = rng.Next(own.Length);
            var peer = rng.Next(60);
            var op = rng.Next(4);
            own[m].RandomStep(op, peer, step);
            carved[m].RandomStep(op, peer, step);
        }

        for (var m = 0; m < own.Length; m++)
        {
            Assert.That(carved[m].Events.Log, Is.EqualTo(own[m].Events.Log), $"manager {m}");
            Assert.That(carved[m].Manager.Count, Is.EqualTo(own[m].Manager.Count), $"manager {m}");
        }

        Assert.That(own.Sum(h => h.Events.Pruned.Count), Is.GreaterThan(0), "the sequence must make the managers trim");
        Assert.That(arena.Chunks, Is.GreaterThan(3), "the managers' reservations must span several chunks");
    }

    [Test]
    public void NeighboursInAChunk_KeepTheirOwnPeers_WhenEachFillsItsReservation()
    {
        var options = Harness.Watermarks(low: 100, high: 200) with { ExpectedPeers = 16 };
        var arena = new TableArena();
        var managers = Enumerable.Range(0, 50).Select(_ => new Harness(options, arena)).ToArray();
        for (var m = 0; m < managers.Length; m++)
        {
            // Each fills exactly its reservation with peers no other manager has.
            managers[m].ConnectMany(m * 1_000, 16);
        }

        for (var m = 0; m < managers.Length; m++)
        {
            var peers = Enumerable.Range(0, 60_000).Where(managers[m].Manager.IsConnected);
            Assert.That(peers, Is.EqualTo(Enumerable.Range(m * 1_000, 16)), $"manager {m}");
        }

        Assert.That(arena.Chunks, Is.EqualTo(3), "one chunk each for slots, index buckets and connection nodes");
    }

    [Test]
    public void Arena_HandsEachNewChunkToTheHost_WithItsLength_AndCountsTheBytesCarved()
    {
        var chunks = new List<(Array Chunk, long Bytes)>();
        var arena = new TableArena(chunkBytes: 16 << 10) { ChunkAllocated = (chunk, bytes) => chunks.Add((chunk, bytes)) };
        var options = Harness.Watermarks(low: 100, high: 200) with { ExpectedPeers = 20 };
        for (var m = 0; m < 40; m++)
        {
            new Harness(options, arena).Connect(1);
        }

        // 20 slots, 32 index buckets (20 at ≤ 3/4 load, rounded up to a power of two) and 20 connection nodes a manager.
        var perManager = (20 * Unsafe.SizeOf<PeerSlot<int>>()) + (32 * sizeof(int)) + (20 * Unsafe.SizeOf<ConnNode>());
        Assert.That(arena.BytesCarved, Is.EqualTo(40L * perManager));
        Assert.That(chunks, Has.Count.EqualTo(arena.Chunks));
        Assert.That(chunks.Select(c => c.Chunk).Distinct().Count(), Is.EqualTo(chunks.Count), "each chunk is handed over once");
        Assert.That(chunks.Select(c => c.Bytes), Has.All.InRange((16 << 10) - 64, 16 << 10), "a chunk is the chunk size, to within one element");
        Assert.That(arena.Chunks, Is.EqualTo(5), "16-KiB chunks: 20 managers' slots a chunk, 34 managers' connection nodes, 128 managers' index buckets");
    }

    [Test]
    public void AManagerThatReleasesItsTables_ReservesAgainOutsideTheArena_SoChurnNeverGrowsIt()
    {
        var arena = new TableArena();
        var h = new Harness(Harness.Watermarks(low: 100, high: 200) with { ExpectedPeers = 16, TagRetention = TimeSpan.Zero }, arena);
        h.ConnectMany(0, 4);
        var carved = arena.BytesCarved;
        for (var cycle = 0; cycle < 5; cycle++)
        {
            // A node going offline: every connection closes and the tables are given back (TrimExcess).
            for (var p = 0; p < 4; p++)
            {
                h.Manager.Disconnected(p);
            }

            h.Manager.TrimExcess();
            Assert.That(h.Manager.Capacity, Is.Zero, "a manager that tracks nobody releases its tables");
            h.ConnectMany(0, 4);
            Assert.That(h.Manager.Capacity, Is.EqualTo(16), "the next connection reserves ExpectedPeers again");
        }

        Assert.That(arena.BytesCarved, Is.EqualTo(carved), "each run of a chunk is carved once; a second reservation would be memory never reused");
        Assert.That(h.ConnectedOf(Enumerable.Range(0, 4)), Is.EqualTo(new[] { 0, 1, 2, 3 }));
    }

    [Test]
    public void ChunkBytes_BelowAPage_IsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new TableArena(chunkBytes: 1024));
}
