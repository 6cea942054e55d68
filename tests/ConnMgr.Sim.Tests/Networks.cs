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

    /// <summary>
    /// <paramref name="nodes"/> dialable DHT nodes with no dial target of their own, no dial failures and watermarks
    /// no lookup reaches, for 90 virtual seconds: the lookups alone open and close connections.
    /// </summary>
    public static Scenario Dht(int nodes, double lookupsPerNodePerHour, int seed = 9) => new()
    {
        Name = "dht-test",
        Seed = seed,
        Duration = TimeSpan.FromSeconds(90),
        TraceInterval = TimeSpan.FromSeconds(30),
        Network = new NetworkSpec
        {
            AddressBook = 8,
            DialFailure = 0,
            Groups =
            [
                new NetworkGroupSpec
                {
                    Name = "node", Count = nodes, Dialable = 1, DialTarget = 0,
                    Engine = new EngineSpec { LowWater = 400, HighWater = 500 },
                },
            ],
            Dht = new DhtSpec { LookupsPerNodePerHour = lookupsPerNodePerHour },
        },
    };

    public static PubsubModel? Pubsub(this NetworkRunner runner) => runner.Models.OfType<PubsubModel>().FirstOrDefault();

    public static int NatUsed(this NetworkRunner runner, int node) => runner.Models.OfType<NatModel>().FirstOrDefault()?.Used(node) ?? 0;

    public static void TakeOffline(this NetworkRunner runner, int node) => runner.Models.OfType<ChurnModel>().Single().TakeOffline(node);

    public static void BringOnline(this NetworkRunner runner, int node) => runner.Models.OfType<ChurnModel>().Single().BringOnline(node);
}
