using System.Runtime.CompilerServices;

namespace ConnMgr.Engine.Internal;

/// <summary>
/// Arrays sized once for the manager's lifetime (<see cref="ConnectionManagerOptions.ExpectedPeers"/>). Without
/// references they go to the pinned object heap: the collector never copies them from generation to generation, and
/// a host with a million managers does not pay for promoting its tables twice (benchmarks/README.md, issue 13 "sixth step").
/// </summary>
internal static class LongLivedArrays
{
    public static T[] Allocate<T>(int length) =>
        RuntimeHelpers.IsReferenceOrContainsReferences<T>() ? new T[length] : GC.AllocateArray<T>(length, pinned: true);

    /// <summary>As <see cref="Allocate{T}"/>, but the collector need not clear it: the caller clears what it hands out.</summary>
    public static T[] AllocateUninitialized<T>(int length) =>
        RuntimeHelpers.IsReferenceOrContainsReferences<T>() ? new T[length] : GC.AllocateUninitializedArray<T>(length, pinned: true);
}
