using ConnMgr.Sim.Results;

namespace ConnMgr.Sim.Tests;

/// <summary>A run's outputs as flat value lists, for tests that want two runs equal value for value (so byte for byte once written).</summary>
internal static class ResultValues
{
    /// <summary>Every value of every row, in row order.</summary>
    public static double[] Of(ResultTable table) => [.. table.Rows.SelectMany(r => r.Values)];

    /// <summary>Every row's key then its values, over every distribution file.</summary>
    public static double[] Of(IEnumerable<DistributionTable> tables) => [.. tables.SelectMany(t => t.Rows).SelectMany(r => r.Values.Prepend(r.Key))];
}
