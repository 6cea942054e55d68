using System.Globalization;
using System.Reflection;
using ConnMgr.Engine;

namespace ConnMgr.Benchmarks;

/// <summary>
/// The field offsets of the engine object as this runtime laid it out (<c>-- layout</c>): which cache lines of a
/// manager a call reads, and where the hot fields that <see cref="ConnectionManager{TPeer}.PrefetchFields"/> hints
/// end (benchmarks/README.md, twenty-seventh to twenty-ninth steps). Offsets and size come from internal runtime
/// structures (CoreCLR <c>FieldDesc</c>: the second 32-bit word after its method-table pointer holds the offset in its
/// low 27 bits; <c>MethodTable</c>: its second 32-bit word is the base size), so this is a diagnostic for this
/// runtime, not an API.
/// </summary>
internal static class EngineLayout
{
    public static unsafe int Run()
    {
        var type = typeof(ConnectionManager<int>);
        var fields = type.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            .Select(f => (Offset: (*(uint*)((byte*)f.FieldHandle.Value + 12) & 0x7FF_FFFF) + (uint)IntPtr.Size, f.Name, Type: f.FieldType.Name))
            .OrderBy(f => f.Offset)
            .ToList();
        var size = *(uint*)((byte*)type.TypeHandle.Value + 4); // CoreCLR MethodTable.m_BaseSize: header word included
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{type.Name}: {size} bytes with its header; offsets from the object reference (its method-table pointer at 0x000), in 64-byte blocks from it (objects are 8-byte aligned, so a block spans one or two cache lines)"));
        foreach (var (offset, name, fieldType) in fields)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"0x{offset:x3}  block {offset / 64,2}  {name} ({fieldType})"));
        }

        // The engine's own measure, by field addresses (no runtime internals): what PrefetchFields hints.
        var (hotEnd, coldStart) = ConnectionManager<int>.MeasureLayout();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"hot fields: the first {hotEnd} bytes of fields (to 0x{hotEnd + IntPtr.Size:x3}); cold fields from 0x{coldStart + IntPtr.Size:x3}"));
        return 0;
    }
}
