using System.Globalization;
using System.Text;
using ConnMgr.Sim.Traces;

namespace ConnMgr.Sim.Experiments.Replications;

/// <summary>One point of a study: its factor values (in column order) and the summary cells of its replications.</summary>
/// <param name="Index">The point's number.</param>
/// <param name="Factors">Factor values, one per factor column.</param>
/// <param name="Runs">Each replication's cells (column → value as written).</param>
public sealed record StudyPoint(int Index, IReadOnlyList<string> Factors, IReadOnlyList<IReadOnlyDictionary<string, string>> Runs);

/// <summary>
/// points.csv, shared by <c>sweep gather</c> and <c>compare --replications</c>: a row per point with its factors, n,
/// and per metric the mean, sample sd and 95 % Student-t interval over the replications.
/// </summary>
public static class PointTable
{
    /// <summary>The CSV text; metrics in first-seen order, a metric a run lacks is left out of that point's values.</summary>
    public static string Csv(IReadOnlyList<string> factorNames, IReadOnlyList<StudyPoint> points)
    {
        ArgumentNullException.ThrowIfNull(factorNames);
        ArgumentNullException.ThrowIfNull(points);
        var metrics = Metrics(points.SelectMany(p => p.Runs));
        var b = new StringBuilder("point");
        foreach (var f in factorNames)
        {
            b.Append(',').Append(CsvTables.Quote(f));
        }

        b.Append(",n");
        foreach (var m in metrics)
        {
            b.Append(CultureInfo.InvariantCulture, $",{m}_mean,{m}_sd,{m}_ci95_low,{m}_ci95_high");
        }

        b.Append('\n');
        foreach (var p in points)
        {
            b.Append(p.Index.ToString(CultureInfo.InvariantCulture));
            foreach (var v in p.Factors)
            {
                b.Append(',').Append(CsvTables.Quote(v));
            }

            b.Append(',').Append(p.Runs.Count.ToString(CultureInfo.InvariantCulture));
            foreach (var m in metrics)
            {
                var i = Interval95.Of([.. p.Runs.Select(r => SummaryCells.Number(r, m)).Where(v => !double.IsNaN(v))]);
                b.Append(',').Append(F(i.Mean)).Append(',').Append(F(i.Sd)).Append(',').Append(F(i.Low)).Append(',').Append(F(i.High));
            }

            b.Append('\n');
        }

        return b.ToString();
    }

    /// <summary>Every metric name of <paramref name="runs"/>, in first-seen order.</summary>
    public static string[] Metrics(IEnumerable<IReadOnlyDictionary<string, string>> runs) => [.. runs.SelectMany(r => r.Keys).Distinct()];

    /// <summary>A statistic as written: empty when unknown, else ten significant digits.</summary>
    public static string F(double v) => double.IsNaN(v) ? "" : v.ToString("G10", CultureInfo.InvariantCulture);
}
