namespace ConnMgr.Sim.Results;

/// <summary>
/// Every output column and <c>expect</c> key the simulator knows, by file: the runners and each network model
/// register their declarations once (a model: one registration line in <c>NetworkModels</c>). The columns reference,
/// the validator of <c>expect</c> blocks and the plots read it.
/// </summary>
public static class MetricCatalog
{
    private static readonly List<ColumnGroup> Groups = [];
    private static readonly List<Expectation> ExpectationList = [];
    private static readonly Lock Gate = new();

    /// <summary>Registered column groups, in registration order.</summary>
    public static IReadOnlyList<ColumnGroup> ColumnGroups
    {
        get
        {
            lock (Gate)
            {
                return [.. Groups];
            }
        }
    }

    /// <summary>Registered expect keys.</summary>
    public static IReadOnlyList<Expectation> Expectations
    {
        get
        {
            lock (Gate)
            {
                return [.. ExpectationList];
            }
        }
    }

    /// <summary>Registers a producer's columns and expect keys (idempotent per <see cref="ColumnGroup.Owner"/>).</summary>
    public static void Register(ColumnGroup group, IEnumerable<Expectation> expectations)
    {
        ArgumentNullException.ThrowIfNull(group);
        lock (Gate)
        {
            if (Groups.Any(g => g.Owner == group.Owner))
            {
                return;
            }

            Groups.Add(group);
            ExpectationList.AddRange(expectations);
        }
    }

    /// <summary>Removes what <paramref name="owner"/> registered (tests register a model for one test only).</summary>
    public static void Unregister(string owner)
    {
        lock (Gate)
        {
            var g = Groups.FindIndex(x => x.Owner == owner);
            if (g < 0)
            {
                return;
            }

            var columns = Groups[g].Summary.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
            Groups.RemoveAt(g);
            ExpectationList.RemoveAll(e => columns.Contains(e.Column));
        }
    }

    /// <summary>The expect key <paramref name="key"/> (case-insensitive, as the configuration binder reads keys), or null.</summary>
    public static Expectation? FindExpectation(string key) =>
        Expectations.FirstOrDefault(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase));

    /// <summary>The declaration of a column of <paramref name="file"/> matching a CSV header, or null.</summary>
    public static Column? Find(OutputFile file, string header)
    {
        foreach (var g in ColumnGroups)
        {
            foreach (var c in g.ColumnsOf(file))
            {
                if (c.Matches(header))
                {
                    return c;
                }
            }
        }

        return null;
    }
}

/// <summary>The output files whose columns the catalog declares.</summary>
public enum OutputFile
{
    /// <summary>timeseries.csv: one row per trace interval and group.</summary>
    Timeseries,

    /// <summary>summary.csv: one row per group and one for all groups.</summary>
    Summary,
}

/// <summary>The columns one producer (a runner or a model) contributes, with the modes it runs in.</summary>
/// <param name="Owner">Producer name ("network", "nat", "pubsub", ...), shown in the columns reference.</param>
/// <param name="Mode">Focal, network or both.</param>
/// <param name="Timeseries">Its timeseries.csv columns.</param>
/// <param name="Summary">Its summary.csv columns.</param>
public sealed record ColumnGroup(string Owner, RunMode Mode, IReadOnlyList<Column> Timeseries, IReadOnlyList<Column> Summary)
{
    /// <summary>Other files the producer writes (a distribution per group, events.csv): file name → its columns after <c>group</c>.</summary>
    public IReadOnlyList<(string File, IReadOnlyList<Column> Columns)> Files { get; init; } = [];

    /// <summary>The columns of <paramref name="file"/>.</summary>
    public IReadOnlyList<Column> ColumnsOf(OutputFile file) => file == OutputFile.Timeseries ? Timeseries : Summary;
}
