using System.Runtime.CompilerServices;
using ConnMgr.Sim.Network;
using ConnMgr.Sim.Network.Models;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Running;

namespace ConnMgr.Sim;

/// <summary>Fills <see cref="MetricCatalog"/> with the runners' and the built-in models' declarations when the assembly loads.</summary>
internal static class Catalog
{
#pragma warning disable CA2255 // The catalog must be complete before any scenario is validated, whichever entry point loads first.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register()
    {
        IReadOnlyList<Column> sharedTrace = [SharedColumns.ConnectionsNow, SharedColumns.PrunedPerSecond, SharedColumns.RejectedPerSecond, SharedColumns.AdmissionAttemptsPerSecond, SharedColumns.AboveHighWater];
        MetricCatalog.Register(
            new ColumnGroup("engine", RunMode.Both, [SharedColumns.Time, SharedColumns.Group, .. sharedTrace], [SharedColumns.Group, .. SharedColumns.Summary]) { Files = [("events.csv", EventColumns.All)] },
            SharedColumns.Expectations);
        MetricCatalog.Register(
            new ColumnGroup("focal", RunMode.Focal, [.. FocalColumns.TraceDeclared.Except(sharedTrace)], [.. FocalColumns.Summary.Except(SharedColumns.Summary)])
            {
                Files = [("scores.csv", [FocalColumns.ScoreKey, FocalColumns.KeptPeers, FocalColumns.PrunedPeers])],
            },
            FocalColumns.Expectations);
        MetricCatalog.Register(
            new ColumnGroup("network", RunMode.Network, [.. NetworkColumns.Trace.Except(sharedTrace)], [.. NetworkColumns.Summary.Except(SharedColumns.Summary)]),
            NetworkColumns.Expectations);
        NetworkModels.RegisterColumns();
    }
}
