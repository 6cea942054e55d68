namespace ConnMgr.Sim.Results;

/// <summary>A prepared run of a scenario, focal or network.</summary>
public interface IScenarioRun
{
    /// <summary>Runs to the scenario's duration (or until <paramref name="cancel"/>).</summary>
    RunResult Run(Action<double, long>? progress = null, CancellationToken cancel = default);

    /// <summary>events.csv rows, when the scenario logs events.</summary>
    IReadOnlyList<EventRow>? EventRows { get; }
}
