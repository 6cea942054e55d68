using System.Runtime.CompilerServices;

namespace ConnMgr.Engine.Tests;

/// <summary>
/// A simulator builds a million managers: one that allocates throw-away objects while it validates its options and
/// builds its quota book (name sets, boxed values, enumerators, queries) made half a gigabyte of garbage before the
/// first event (benchmarks/README.md, issue 13 "twenty-fifth step").
/// </summary>
public class ConstructionTests
{
    private static readonly TimeProvider Time = new SimClock();

    [Test]
    public void Constructing_AManagerWithoutSubsystems_AllocatesOnlyTheManagerAndItsTwoQuotaArrays()
    {
        var options = Harness.Watermarks(low: 32, high: 64) with { ThreadSafe = false, ExpectedPeers = 80 }; // as the simulator builds them
        Build(options); // JIT and statics first
        var before = GC.GetAllocatedBytesForCurrentThread();
        var manager = Build(options);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(manager);

        // The manager object itself, plus the quota book's Reserved and Max (one int each: 32 bytes apiece).
        var expected = ManagerObjectBytes() + (2 * 32);
        Assert.That(allocated, Is.EqualTo(expected), $"a manager without subsystems allocated {allocated} bytes; its object and two one-int arrays are {expected}");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ConnectionManager<int> Build(ConnectionManagerOptions options) => new(options, Time);

    /// <summary>The manager object's own size: measured as an allocation of an uninitialized instance.</summary>
    private static long ManagerObjectBytes()
    {
        GC.KeepAlive(RuntimeHelpers.GetUninitializedObject(typeof(ConnectionManager<int>))); // its first call caches the type's allocator
        var before = GC.GetAllocatedBytesForCurrentThread();
        var o = RuntimeHelpers.GetUninitializedObject(typeof(ConnectionManager<int>));
        var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(o);
        return bytes;
    }
}
