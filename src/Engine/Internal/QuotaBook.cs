using ConnMgr.Engine.Quotas;

namespace ConnMgr.Engine.Internal;

/// <summary>
/// Subsystem quotas: names (index 0 is <see cref="SubsystemQuota.Other"/>), reserved minimum and maximum per index,
/// and the count attributed to each (allocated on first attribution). Three small arrays per manager; the negotiated
/// part (requests, loans) is allocated by the first <see cref="ConnectionManager{TPeer}.Enrol"/> only.
/// </summary>
internal struct QuotaBook
{
    /// <summary>Subsystem indexes are bytes in the peer slot.</summary>
    public const int MaxSubsystems = byte.MaxValue + 1;

    /// <summary>
    /// The names of every manager without subsystems, shared: <see cref="Names"/> is replaced, never written, and every
    /// connect and close reads its length, so one shared line stays in cache where a million own arrays would each miss.
    /// </summary>
    private static readonly string[] OtherOnly = [SubsystemQuota.Other];

    /// <summary>
    /// Index 0 is "other" (bounded by a quota of that name, if any), then each other quota in its order (names are
    /// unique: the options' validation checks). Plain loops: every manager builds its book, a million at 1M nodes.
    /// </summary>
    public QuotaBook(IReadOnlyList<SubsystemQuota> quotas)
    {
        var length = 1;
        for (var i = 0; i < quotas.Count; i++)
        {
            length += quotas[i].Name == SubsystemQuota.Other ? 0 : 1;
        }

        Names = length == 1 ? OtherOnly : new string[length]; // the shared array is never written
        if (length > 1)
        {
            Names[0] = SubsystemQuota.Other;
        }

        Reserved = new int[length];
        Max = new int[length];
        Max[0] = int.MaxValue;
        var other = false;
        for (int i = 0, next = 1; i < quotas.Count; i++)
        {
            var q = quotas[i];
            if (q.Name == SubsystemQuota.Other && other)
            {
                continue;
            }

            var at = q.Name == SubsystemQuota.Other ? 0 : next++;
            other |= at == 0;
            if (at > 0)
            {
                Names[at] = q.Name;
            }

            Reserved[at] = q.Reserved;
            Max[at] = q.Max;
        }

        Enabled = quotas.Count > 0;
    }

    /// <summary>Subsystem names; index 0 is "other".</summary>
    public string[] Names { get; private set; }

    /// <summary>Reserved minimum per subsystem index.</summary>
    public int[] Reserved { get; private set; }

    /// <summary>Maximum per subsystem index (int.MaxValue = none).</summary>
    public int[] Max { get; private set; }

    /// <summary>True when any quota is configured or negotiated (trims then respect reserves and maximums).</summary>
    public bool Enabled { get; private set; }

    /// <summary>Count attributed per subsystem index, in the counting unit; null until the first attribution.</summary>
    public int[]? Counts;

    /// <summary>The request each negotiated subsystem enrolled with (null entries: static quota); null until the first enrolment.</summary>
    public QuotaRequest?[]? Requests;

    /// <summary>Units each subsystem held on loan after the last regulation round; null until the first enrolment.</summary>
    public int[]? Lent;

    /// <summary>True when subsystem <paramref name="i"/> holds a negotiated grant (its maximum is a hard share).</summary>
    public readonly bool IsNegotiated(int i) => Requests is not null && i < Requests.Length && Requests[i] is not null;

    /// <summary>The index of <paramref name="name"/>, adding it (with no bounds) when new; -1 when the byte index is exhausted.</summary>
    public int IndexOrAdd(string name)
    {
        var i = Array.IndexOf(Names, name);
        if (i >= 0 || Names.Length >= MaxSubsystems)
        {
            return i;
        }

        i = Names.Length;
        Names = [.. Names, name];
        Reserved = [.. Reserved, 0];
        Max = [.. Max, int.MaxValue];
        if (Counts is not null)
        {
            Counts = [.. Counts, 0];
        }

        return i;
    }

    /// <summary>Records a negotiated grant for subsystem <paramref name="i"/>.</summary>
    public void SetGrant(int i, QuotaRequest request, int reserved, int max)
    {
        if (Requests is null || Requests.Length < Names.Length)
        {
            var requests = new QuotaRequest?[Names.Length];
            Requests?.CopyTo(requests, 0);
            Requests = requests;
            var lent = new int[Names.Length];
            Lent?.CopyTo(lent, 0);
            Lent = lent;
        }

        Requests[i] = request;
        Reserved[i] = reserved;
        Max[i] = max;
        Enabled = true;
    }
}
