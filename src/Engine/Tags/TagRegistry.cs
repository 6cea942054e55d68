using System.Collections.Concurrent;

namespace ConnMgr.Engine.Tags;

/// <summary>
/// Process-wide interning of tag names to small ints, so that per-peer tag storage holds 4-byte ids, not strings.
/// Tag vocabularies are small (tens of names); ids are never reused. Thread-safe.
/// </summary>
internal static class TagRegistry
{
    private static readonly ConcurrentDictionary<string, int> Ids = new(StringComparer.Ordinal);
    private static readonly List<string> Names = [];
    private static readonly Lock Gate = new();

    public static int Count
    {
        get
        {
            lock (Gate)
            {
                return Names.Count;
            }
        }
    }

    public static int GetOrAdd(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Ids.TryGetValue(name, out var id))
        {
            return id;
        }

        lock (Gate)
        {
            if (Ids.TryGetValue(name, out id))
            {
                return id;
            }

            id = Names.Count;
            Names.Add(name);
            Ids[name] = id;
            return id;
        }
    }

    /// <summary>The id of a known name, or -1 (never adds: lookups of unknown tags must not grow the table).</summary>
    public static int Find(string name) => name is not null && Ids.TryGetValue(name, out var id) ? id : -1;

    public static string NameOf(int id)
    {
        lock (Gate)
        {
            return Names[id];
        }
    }
}
