using ConnMgr.Sim.Network;
using ConnMgr.Sim.Network.Models;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Running;
using ConnMgr.Sim.Scenarios;
using ConnMgr.Sim.Traces;

namespace ConnMgr.Sim.Experiments;

/// <summary>Makes and runs the runner a scenario needs, and writes a run's files.</summary>
public static class Runs
{
    /// <summary>
    /// A <see cref="NetworkRunner"/> when the scenario has a network section, else a <see cref="ScenarioRunner"/>;
    /// a partitioned network run uses <paramref name="threads"/> threads, or chooses with
    /// <see cref="NetworkRunner.AutoThreads"/> (<see cref="NetworkRunner.UseThreads"/>), as run, compare and check do (one
    /// run at a time). A sweep's runs keep one thread each: <c>--jobs</c> runs them side by side.
    /// </summary>
    public static IScenarioRun Create(Scenario scenario, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (scenario.Network is null)
        {
            if (threads > 1)
            {
                Console.Error.WriteLine($"--threads {threads}: a single-node run is one stream of events, so it runs on one thread");
            }

            return new ScenarioRunner(scenario);
        }

        var network = new NetworkRunner(scenario, NetworkModels.All);
        network.UseThreads(threads);
        return network;
    }

    /// <summary>Writes the run's CSV files and manifest.json (with the plan that reproduces it) into the plan's folder.</summary>
    public static IReadOnlyList<string> Write(RunPlan plan, RunResult result, IScenarioRun runner)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(runner);
        var info = new ManifestInfo(plan.ScenarioPath, OutputWriter.Sha256(plan.ScenarioPath), plan.Overrides)
        {
            Label = plan.Label,
            ScenarioContent = File.ReadAllText(plan.ScenarioPath),
        };
        return OutputWriter.WriteAll(plan.OutputDir, result, runner.EventRows, info);
    }
}
