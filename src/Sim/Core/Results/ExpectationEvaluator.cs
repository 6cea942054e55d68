using System.Globalization;

namespace ConnMgr.Sim.Results;

/// <summary>Evaluates a scenario's expectations against the <c>all</c> row of a run's summary (or a group's row, for <c>key@group</c>).</summary>
public static class ExpectationEvaluator
{
    /// <summary>One result per expectation; a column without a value fails with the reason, it never passes.</summary>
    public static IReadOnlyList<ExpectationResult> Evaluate(IEnumerable<ExpectedRange> expected, ResultTable summary)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(summary);
        var results = new List<ExpectationResult>();
        foreach (var x in expected)
        {
            var d = x.Declaration;
            var name = x.Group == ResultRow.All ? d.Description : $"{d.Description} ({x.Group})";
            var range = Describe(x.Min, x.Max);
            var measured = summary.Value(x.Group, d.Column);
            if (summary.IndexOf(d.Column) < 0 || double.IsNaN(measured))
            {
                results.Add(new ExpectationResult(name, range, $"cannot be evaluated: {d.WhenMissing}", false));
                continue;
            }

            var pass = (x.Min is null || measured >= x.Min) && (x.Max is null || measured <= x.Max);
            results.Add(new ExpectationResult(name, range, F(measured), pass));
        }

        return results;
    }

    private static string Describe(double? min, double? max) =>
        min is null ? $"<= {F(max!.Value)}" : max is null ? $">= {F(min.Value)}" : min == max ? $"== {F(min.Value)}" : $"in [{F(min.Value)}, {F(max.Value)}]";

    private static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
