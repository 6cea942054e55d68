using System.Globalization;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Experiments.Cost;

/// <summary>
/// What a run may cost on this machine: at most <see cref="EventCeiling"/> events (~7 h at the 1M-node network's
/// 0.4 M events/s) and the memory the runtime says is available. A scenario over either is refused before any work,
/// naming the field that drives it; <c>--allow-large</c> lifts the budget for users on bigger machines.
/// </summary>
/// <param name="Events">Most events a run may process.</param>
/// <param name="Bytes">Most memory a run may need.</param>
public sealed record CostBudget(double Events, double Bytes)
{
    /// <summary>The stated event ceiling.</summary>
    public const double EventCeiling = 1e10;

    /// <summary>No limit (<c>--allow-large</c>).</summary>
    public static CostBudget Unlimited { get; } = new(double.PositiveInfinity, double.PositiveInfinity);

    /// <summary>The ceiling and 90 % of the memory available to this process.</summary>
    public static CostBudget ForThisMachine() => new(EventCeiling, 0.9 * GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);

    /// <summary>The problems of <paramref name="scenario"/> against this budget (empty when it fits).</summary>
    public IReadOnlyList<ScenarioError> Check(Scenario scenario) => Check(CostEstimate.Of(scenario));

    /// <summary>The problems of an estimate against this budget (empty when it fits).</summary>
    public IReadOnlyList<ScenarioError> Check(CostEstimate cost)
    {
        ArgumentNullException.ThrowIfNull(cost);
        var errors = new List<ScenarioError>();
        var total = CostEstimate.Describe(cost.Events, cost.Bytes);
        if (cost.Bytes > Bytes)
        {
            var driver = cost.Largest(ofBytes: true);
            errors.Add(new ScenarioError(driver.Path, string.Create(CultureInfo.InvariantCulture,
                $"the run would need {total}; this machine has {Bytes / (1024.0 * 1024 * 1024):0.#} GiB for it. This field holds ~{driver.Bytes / (1024.0 * 1024 * 1024):0.##} GiB: lower it, or pass --allow-large on a bigger machine.")));
        }
        else if (cost.Events > Events)
        {
            var driver = cost.Largest(ofBytes: false);
            errors.Add(new ScenarioError(driver.Path, string.Create(CultureInfo.InvariantCulture,
                $"the run would need {total}, over the ceiling of {Events:0.#e+0} events. This field brings ~{driver.Events:0.##e+0}: lower it (or the duration), or pass --allow-large.")));
        }

        return errors;
    }
}
