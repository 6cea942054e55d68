using ConnMgr.Sim.Network;
using ConnMgr.Sim.Scenarios;
using ConnMgr.Sim.Traces;

namespace ConnMgr.Sim.Running;

/// <summary>A prepared run of a scenario, focal or network.</summary>
public interface IScenarioRun
{
    /// <summary>Runs to the scenario's duration (or until <paramref name="cancel"/>).</summary>
    RunResult Run(Action<double, long>? progress = null, CancellationToken cancel = default);

    /// <summary>events.csv rows, when the scenario logs events.</summary>
    IReadOnlyList<EventRow>? EventRows { get; }
}

/// <summary>Creates the runner a scenario needs.</summary>
public static class ScenarioRuns
{
    /// <summary>A <see cref="NetworkRunner"/> when the scenario has a network section, else a <see cref="ScenarioRunner"/>.</summary>
    public static IScenarioRun Create(Scenario scenario) =>
        scenario?.Network is not null ? new NetworkRunner(scenario) : new ScenarioRunner(scenario!);
}
