using ConnMgr.Sim.Network;

namespace ConnMgr.Sim.Tests;

/// <summary>
/// The engines' table chunks are populated in one call on Linux: if the kernel refused, every page of ~4 GiB of
/// tables at 1M nodes would fault in one by one again, with no other sign than a slower run.
/// </summary>
public class EngineArenasTests
{
    [Test]
    public void Populate_OnLinux_IsAcceptedForAPinnedChunk()
    {
        Assume.That(OperatingSystem.IsLinux(), "MADV_POPULATE_WRITE is Linux's");
        var chunk = GC.AllocateUninitializedArray<long>(1 << 19, pinned: true); // 4 MiB
        Assert.That(EngineArenas.Populate(chunk, 8L << 19), Is.True, "madvise(MADV_POPULATE_WRITE) failed: kernel older than 5.14?");
    }

    [Test]
    public void EachPartition_HasAnArenaOfItsOwn()
    {
        var arenas = EngineArenas.PerPartition();
        Assert.That(arenas, Has.Length.EqualTo(2));
        Assert.That(arenas[0], Is.Not.SameAs(arenas[1]), "two threads carving from one arena would race");
    }
}
