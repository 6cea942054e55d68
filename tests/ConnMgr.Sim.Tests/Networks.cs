using ConnMgr.Sim.Network;
using ConnMgr.Sim.Network.Churn;
using ConnMgr.Sim.Network.Models;
using ConnMgr.Sim.Network.Nat;
using ConnMgr.Sim.Network.Pubsub;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Tests;

/// <summary>Network runners with the built-in models, and the models' test-facing state.</summary>
internal static class Networks
{
    public static NetworkRunner Create(Scenario scenario) => new(scenario, NetworkModels.All);

    /// <summary>A runner with the built-in models and one test model last, made by <paramref name="create"/> for the network (no columns).</summary>
    public static NetworkRunner CreateWith(Scenario scenario, string name, Func<INetwork, NetworkModel> create) =>
        new(scenario, [.. NetworkModels.All, new ModelRegistration(new ColumnGroup(name, RunMode.Network, [], []), [], (net, _) => create(net))]);

    public static PubsubModel? Pubsub(this NetworkRunner runner) => runner.Models.OfType<PubsubModel>().FirstOrDefault();

    public static int NatUsed(this NetworkRunner runner, int node) => runner.Models.OfType<NatModel>().FirstOrDefault()?.Used(node) ?? 0;

    public static void TakeOffline(this NetworkRunner runner, int node) => runner.Models.OfType<ChurnModel>().Single().TakeOffline(node);

    public static void BringOnline(this NetworkRunner runner, int node) => runner.Models.OfType<ChurnModel>().Single().BringOnline(node);
}
