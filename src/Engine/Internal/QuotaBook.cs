using ConnMgr.Engine.Quotas;

namespace ConnMgr.Engine.Internal;

/// <summary>
/// Subsystem quotas: names (index 0 is <see cref="SubsystemQuota.Other"/>), reserved minimum and maximum per index,
/// and the count attributed to each (allocated on first attribution). Three small arrays per manager.
/// </summary>
internal struct QuotaBook
{
    public QuotaBook(IReadOnlyList<SubsystemQuota> quotas)
    {
        string[] names = [SubsystemQuota.Other, .. quotas.Where(s => s.Name != SubsystemQuota.Other).Select(s => s.Name)];
        Names = names;
        Reserved = new int[names.Length];
        Max = new int[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            var name = names[i];
            var q = quotas.FirstOrDefault(s => s.Name == name);
            Reserved[i] = q?.Reserved ?? 0;
            Max[i] = q?.Max ?? int.MaxValue;
        }

        Enabled = quotas.Count > 0;
    }

    /// <summary>Subsystem names; index 0 is "other".</summary>
    public string[] Names { get; }

    /// <summary>Reserved minimum per subsystem index.</summary>
    public int[] Reserved { get; }

    /// <summary>Maximum per subsystem index (int.MaxValue = none).</summary>
    public int[] Max { get; }

    /// <summary>True when any quota is configured (trims then respect reserves and maximums).</summary>
    public bool Enabled { get; }

    /// <summary>Count attributed per subsystem index, in the counting unit; null until the first attribution.</summary>
    public int[]? Counts;
}
