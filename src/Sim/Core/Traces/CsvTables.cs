using System.Globalization;
using ConnMgr.Sim.Results;
using CsvHelper;

namespace ConnMgr.Sim.Traces;

/// <summary>
/// Writes and reads the results contract's tables as CSV (CsvHelper, invariant culture, LF line ends, each column's
/// declared format, NaN as an empty field), so the same run gives the same bytes under any culture and plots can be
/// redrawn from the files alone.
/// </summary>
public static class CsvTables
{
    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with { NewLine = "\n" };

    /// <summary>"0" … "1023", so the commonest fields allocate nothing.</summary>
    private static readonly string[] SmallWholes = [.. Enumerable.Range(0, 1024).Select(i => i.ToString(CultureInfo.InvariantCulture))];

    /// <summary>A CSV field as written by hand-built tables (quoted when it holds a comma, quote or line break).</summary>
    public static string Quote(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.AsSpan().IndexOfAny(",\"\n\r") < 0 ? field : $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }

    /// <summary>timeseries.csv (<paramref name="withTime"/>) or summary.csv: key fields, then one field per column.</summary>
    public static void Write(string path, ResultTable table, bool withTime) => AtomicFile.Write(path, tmp =>
    {
        ArgumentNullException.ThrowIfNull(table);
        using var csv = CsvWriter.ToFile(tmp, Options);
        IEnumerable<string> keys = withTime ? [SharedColumns.Time.Name, SharedColumns.Group.Name] : [SharedColumns.Group.Name];
        csv.WriteRecord([.. keys, .. table.Columns.Select(c => c.Name)]);
        foreach (var r in table.Rows)
        {
            if (withTime)
            {
                csv.WriteField(Field(r.TimeSeconds, SharedColumns.Time.Format));
            }

            csv.WriteField(r.Group);
            for (var i = 0; i < r.Values.Length; i++)
            {
                csv.WriteField(Field(r.Values[i], table.Columns[i].Format));
            }

            csv.EndRecord();
        }
    });

    /// <summary>A distribution file: group, key, values.</summary>
    public static void Write(string path, DistributionTable table) => AtomicFile.Write(path, tmp =>
    {
        ArgumentNullException.ThrowIfNull(table);
        using var csv = CsvWriter.ToFile(tmp, Options);
        csv.WriteRecord([SharedColumns.Group.Name, table.Key.Name, .. table.Values.Select(c => c.Name)]);
        foreach (var (group, key, values) in table.Rows)
        {
            csv.WriteField(group);
            csv.WriteField(Field(key, table.Key.Format));
            for (var i = 0; i < values.Length; i++)
            {
                csv.WriteField(Field(values[i], table.Values[i].Format));
            }

            csv.EndRecord();
        }
    });

    /// <summary>events.csv.</summary>
    public static void WriteEvents(string path, IReadOnlyList<EventRow> events) => AtomicFile.Write(path, tmp =>
    {
        using var csv = CsvWriter.ToFile(tmp, Options);
        csv.WriteRecord([EventColumns.All[0].Name, SharedColumns.Group.Name, .. EventColumns.All.Skip(1).Select(c => c.Name)]);
        foreach (var e in events)
        {
            csv.WriteField(e.TimeSeconds, "0.#######");
            csv.WriteField(e.Group);
            csv.WriteField(e.Node, "0");
            csv.WriteField(e.Event);
            csv.WriteField(e.Peer);
            csv.WriteField(e.Score is { } score ? score.ToString(CultureInfo.InvariantCulture) : "");
            csv.WriteField(e.Count, "0");
            csv.WriteField(e.Reason);
            csv.EndRecord();
        }
    });

    /// <summary>Reads a CSV written here: the header and the rows as strings (RFC 4180 quoting; empty fields stay empty).</summary>
    public static (string[] Header, List<string[]> Rows) Read(string path)
    {
        var text = File.ReadAllText(path);
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (ch == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
            }
            else if (ch != '\r')
            {
                field.Append(ch);
            }
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add([.. fields]);
        }

        return records.Count == 0 ? ([], []) : (records[0], records.Skip(1).ToList());
    }

    /// <summary>Parses a field written here (empty → NaN).</summary>
    public static double Number(string field) =>
        field.Length == 0 ? double.NaN : double.Parse(field, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>
    /// A field as <c>v.ToString(format, InvariantCulture)</c> would write it (NaN as empty). Whole numbers under the
    /// columns' plain formats ("0", "0.##", ...) print as their digits, so they skip the BCL's custom-format path: that
    /// path was ~9 % of a focal sweep's CPU (a 4-day run writes 36,000 trace rows, most fields whole counts).
    /// </summary>
    internal static string Field(double v, string format)
    {
        if (double.IsNaN(v))
        {
            return "";
        }

        // |v| < 1e15: every such whole double has at most 15 digits, all of which the custom format prints exactly.
        // Negative values go to the BCL (counts are not negative, and it writes negative zero as "-0").
        if (Math.Abs(v) < 1e15 && v == Math.Floor(v) && !double.IsNegative(v) && IsPlain(format))
        {
            var n = (long)v;
            return n < SmallWholes.Length ? SmallWholes[n] : n.ToString(CultureInfo.InvariantCulture);
        }

        return v.ToString(format, CultureInfo.InvariantCulture);
    }

    /// <summary>"0" optionally followed by "." and '#'s: a whole number prints as its digits and nothing else.</summary>
    private static bool IsPlain(string format) =>
        format.Length > 0 && format[0] == '0' && (format.Length == 1 || (format[1] == '.' && format.AsSpan(2).TrimStart('#').IsEmpty));
}
