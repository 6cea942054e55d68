namespace ConnMgr.Sim.Results;

/// <summary>
/// Rows of one output file (timeseries.csv or summary.csv): key fields then one double per declared column, in the
/// column order. NaN means "does not apply to this row" and is written as an empty field.
/// </summary>
public sealed class ResultTable
{
    private readonly List<ResultRow> _rows = [];

    /// <summary>A table with these value columns.</summary>
    public ResultTable(IReadOnlyList<Column> columns)
    {
        Columns = columns;
    }

    /// <summary>The value columns, in file order.</summary>
    public IReadOnlyList<Column> Columns { get; }

    /// <summary>The rows, in file order.</summary>
    public IReadOnlyList<ResultRow> Rows => _rows;

    /// <summary>Appends a row; its values have one entry per column.</summary>
    public void Add(ResultRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.Values.Length != Columns.Count)
        {
            throw new ArgumentException($"row has {row.Values.Length} values for {Columns.Count} columns", nameof(row));
        }

        _rows.Add(row);
    }

    /// <summary>Index of the column named <paramref name="name"/>, or -1.</summary>
    public int IndexOf(string name)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The value of <paramref name="column"/> in the row of <paramref name="group"/> (NaN when either is absent).</summary>
    public double Value(string group, string column)
    {
        var c = IndexOf(column);
        if (c < 0)
        {
            return double.NaN;
        }

        foreach (var r in _rows)
        {
            if (r.Group == group)
            {
                return r.Values[c];
            }
        }

        return double.NaN;
    }
}

/// <summary>One row: the time (timeseries; NaN in a summary), the group (or <see cref="ResultRow.All"/>) and the values.</summary>
public sealed record ResultRow(double TimeSeconds, string Group, double[] Values)
{
    /// <summary>The group name of a summary's row over every group.</summary>
    public const string All = "all";
}
