using ConnMgr.Sim.Experiments;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Tests;

/// <summary>
/// A small network that trims all the time, for the connection manager v2 features: go nodes dial 24 peers but keep
/// 8–16, so every node prunes and the pruned dial their pruners again. Callers add engine options, group fields
/// (each text starts with a comma) and network sections.
/// </summary>
internal static class CrowdedNetwork
{
    public static string Json(int seed, int nodes = 300, string engine = "", string group = "", string network = "") => $$"""
        { "name": "crowded", "seed": {{seed}}, "duration": "00:03:00", "traceInterval": "00:00:30",
          "network": { "addressBook": 64 {{network}}, "groups": [
              { "name": "n", "count": {{nodes}}, "profile": "go",
                "engine": { "lowWater": 8, "highWater": 16, "gracePeriod": "00:00:05", "silencePeriod": "00:00:05" {{engine}} },
                "dialTarget": 24, "dialInterval": "00:00:05" {{group}} } ] } }
        """;

    public static string Write(int seed, int nodes = 300, string engine = "", string group = "", string network = "") =>
        Repo.WriteScenario(Json(seed, nodes, engine, group, network));

    public static RunResult Run(int seed, int nodes = 300, string engine = "", string group = "", string network = "") =>
        Runs.Create(ScenarioLoader.Load(Write(seed, nodes, engine, group, network))).Run();
}
