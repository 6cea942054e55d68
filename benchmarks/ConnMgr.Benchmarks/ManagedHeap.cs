namespace ConnMgr.Benchmarks;

/// <summary>The live managed heap, for the macro memory measurements (engine and event queue).</summary>
internal static class ManagedHeap
{
    /// <summary>Bytes live after two full compacting collections with finalizers run in between.</summary>
    public static long Live()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
