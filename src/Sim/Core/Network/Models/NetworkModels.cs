using ConnMgr.Sim.Network.AddressBooks;
using ConnMgr.Sim.Network.Addresses;
using ConnMgr.Sim.Network.Adversary;
using ConnMgr.Sim.Network.Churn;
using ConnMgr.Sim.Network.Crawlers;
using ConnMgr.Sim.Network.Dht;
using ConnMgr.Sim.Network.Joining;
using ConnMgr.Sim.Network.Nat;
using ConnMgr.Sim.Network.Notices;
using ConnMgr.Sim.Network.Politeness;
using ConnMgr.Sim.Network.Pubsub;
using ConnMgr.Sim.Network.Quotas;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Network;

namespace ConnMgr.Sim.Network.Models;

/// <summary>
/// The network models, in the order the runner calls them. Adding a model is its folder plus one line here (or, for
/// a test, <see cref="Register"/>). A model's factory returns null when the scenario does not use it. The runner
/// does not know this list: it is handed the registrations (<see cref="NetworkRunner(ConnMgr.Sim.Scenarios.Scenario, IReadOnlyList{ModelRegistration})"/>), so
/// models depend on the seam and never the other way round.
/// </summary>
public static class NetworkModels
{
    private static readonly Lock Gate = new();
    private static readonly List<ModelRegistration> Registrations =
    [
        AddressBookModel.Registration,
        ChurnModel.Registration,
        CrawlerModel.Registration,
        PolitenessModel.Registration,
        DisconnectNoticeModel.Registration,
        NatModel.Registration,
        AddressModel.Registration,
        DhtModel.Registration,
        QuotaModel.Registration,
        PubsubModel.Registration,
        AttackModel.Registration,
        JoinModel.Registration,
    ];

    /// <summary>Registered models, in call order.</summary>
    public static IReadOnlyList<ModelRegistration> All
    {
        get
        {
            lock (Gate)
            {
                return [.. Registrations];
            }
        }
    }

    /// <summary>Adds a model after the built-in ones, with its columns and expect keys.</summary>
    public static void Register(ModelRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        lock (Gate)
        {
            Registrations.Add(registration);
        }

        MetricCatalog.Register(registration.Columns, registration.Expectations);
    }

    /// <summary>Removes a model added with <see cref="Register"/>.</summary>
    public static void Unregister(string name)
    {
        lock (Gate)
        {
            Registrations.RemoveAll(r => r.Columns.Owner == name);
        }

        MetricCatalog.Unregister(name);
    }

    /// <summary>Registers the built-in models' columns and expect keys in the catalog.</summary>
    internal static void RegisterColumns()
    {
        foreach (var r in All)
        {
            MetricCatalog.Register(r.Columns, r.Expectations);
        }
    }

}
