using System.Globalization;
using System.Text;
using ConnMgr.Engine.Events;

namespace ConnMgr.Sim.Results;

/// <summary>
/// A close record as the reason of an events.csv <c>close-record</c> row: <c>key=value</c> fields separated by
/// <c>;</c> (no commas, so the CSV needs no quoting; a list is <c>name:value</c> pairs separated by spaces, the value after
/// the last colon since tag names may hold colons), e.g.
/// <c>cause=HighWater;rank=3/57;count=200;target=160;subsystem=dht;subsystem_count=40;reserved=0;max=none;grace_spared=4;protected_by=mesh:2 routing-table:10;tags=bitswap:5</c>.
/// </summary>
public static class CloseRecordText
{
    /// <summary>The record's decision inputs as one line.</summary>
    public static string Format<TPeer>(CloseRecord<TPeer> r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var b = new StringBuilder(160);
        b.Append(CultureInfo.InvariantCulture, $"cause={r.Cause};rank={r.Rank}/{r.Ranked};count={r.CountBefore};target={r.Target}");
        b.Append(CultureInfo.InvariantCulture, $";subsystem={r.Subsystem};subsystem_count={r.SubsystemCount};reserved={r.SubsystemReserved};max={(r.SubsystemMax == int.MaxValue ? "none" : r.SubsystemMax.ToString(CultureInfo.InvariantCulture))}");
        b.Append(CultureInfo.InvariantCulture, $";grace_spared={r.GraceSpared};protected_by=");
        Pairs(b, r.ProtectedBy);
        b.Append(";tags=");
        Pairs(b, r.Tags);
        return b.ToString();
    }

    private static void Pairs(StringBuilder b, IReadOnlyDictionary<string, int> pairs)
    {
        var first = true;
        foreach (var (key, value) in pairs.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            b.Append(first ? "" : " ").Append(key.Replace(',', '_').Replace(';', '_').Replace(' ', '_')).Append(':').Append(value.ToString(CultureInfo.InvariantCulture));
            first = false;
        }
    }
}
