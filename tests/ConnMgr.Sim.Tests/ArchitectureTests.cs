using System.Reflection;
using ConnMgr.Sim.Network;
using ConnMgr.Sim.Network.Models;

namespace ConnMgr.Sim.Tests;

/// <summary>The simulator's shape: layers without cycles, a small network runner, files under 400 lines.</summary>
public class ArchitectureTests
{
    private const string Sim = "ConnMgr.Sim.";

    /// <summary>
    /// What each namespace of the core library may use (besides itself): experiments plan (seeds, designs), run runners and write results;
    /// runners (focal, network) use scenarios, the kernel, random streams and the results contract; results use nothing
    /// of the simulator; traces (the CSV writers) use only results. Scenarios read expect keys from the results catalog.
    /// </summary>
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["ConnMgr.Sim"] = ["Results", "Running", "Network"],
        ["Experiments"] = ["Scenarios", "Running", "Network", "Results", "Traces", "Randomness"],
        ["Running"] = ["Scenarios", "Kernel", "Randomness", "Results"],
        ["Network"] = ["Scenarios", "Kernel", "Randomness", "Results"],
        ["Scenarios"] = ["Results"],
        ["Randomness"] = ["Scenarios", "Kernel"], // per-node streams hint their counters' cache line (Kernel's Prefetcher)
        ["Traces"] = ["Results"],
        ["Results"] = [],
        ["Kernel"] = [],
    };

    private static string Layer(string ns) => ns == "ConnMgr.Sim" ? ns : ns[Sim.Length..].Split('.')[0];

    [Test]
    public void CoreNamespaces_UseOnlyTheLayersBelowThem()
    {
        var core = typeof(NetworkRunner).Assembly;
        var edges = NamespaceGraph.Edges(core, "ConnMgr.Sim").Select(e => (From: Layer(e.From), To: Layer(e.To))).Where(e => e.From != e.To).Distinct().ToArray();
        Assert.That(edges, Is.Not.Empty, "the graph was read");
        var forbidden = edges.Where(e => !Allowed.TryGetValue(e.From, out var to) || !to.Contains(e.To)).Select(e => $"{e.From} -> {e.To}");
        Assert.That(forbidden, Is.Empty);
    }

    [Test]
    public void Plots_AreDrawnFromTheResultsContractAndTheWrittenFiles_Only()
    {
        var cli = typeof(ConnMgr.Sim.Plots.PlotWriter).Assembly;
        var used = NamespaceGraph.Edges(cli, "ConnMgr.Sim", acrossAssemblies: true).Where(e => e.From == "ConnMgr.Sim.Plots").Select(e => e.To).ToArray();
        Assert.That(used, Does.Contain("ConnMgr.Sim.Results"), "the graph was read");
        Assert.That(used, Is.SubsetOf(new[] { "ConnMgr.Sim.Results", "ConnMgr.Sim.Traces" }), "plots never reach into runners or models: they read CSV files and column declarations");
    }

    [Test]
    public void CoreNamespaces_HaveNoCycle()
    {
        var edges = NamespaceGraph.Edges(typeof(NetworkRunner).Assembly, "ConnMgr.Sim");
        var graph = edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToArray());
        var state = new Dictionary<string, int>();
        var cycle = new List<string>();
        bool Visit(string n, Stack<string> path)
        {
            state[n] = 1;
            path.Push(n);
            foreach (var m in graph.GetValueOrDefault(n, []))
            {
                if (state.GetValueOrDefault(m) == 1)
                {
                    cycle.AddRange([.. path.Reverse(), m]);
                    return true;
                }

                if (state.GetValueOrDefault(m) == 0 && Visit(m, path))
                {
                    return true;
                }
            }

            path.Pop();
            state[n] = 2;
            return false;
        }

        foreach (var n in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (state.GetValueOrDefault(n) == 0 && Visit(n, new Stack<string>()))
            {
                break;
            }
        }

        Assert.That(cycle, Is.Empty, string.Join(" -> ", cycle));
    }

    [Test]
    public void NetworkRunner_HoldsAtMostTwentyFields()
    {
        var fields = typeof(NetworkRunner).GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);
        Assert.That(fields, Has.Length.LessThanOrEqualTo(20), string.Join(", ", fields.Select(f => f.Name)));
    }

    [Test]
    public void EveryNetworkModel_LivesInItsOwnFolder_AndIsRegistered()
    {
        var models = typeof(NetworkRunner).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(NetworkModel)) && !t.IsAbstract).ToArray();
        Assert.That(models, Has.Length.GreaterThanOrEqualTo(7));
        foreach (var m in models)
        {
            Assert.That(m.Namespace, Does.StartWith("ConnMgr.Sim.Network."), $"{m.Name} has a folder of its own");
            Assert.That(m.GetField("Registration", BindingFlags.Public | BindingFlags.Static)?.GetValue(null), Is.AnyOf(NetworkModels.All.ToArray()), $"{m.Name} is registered");
        }
    }

    [Test]
    public void NoSourceFile_IsOver400Lines()
    {
        var files = new[] { "src", "tests", "benchmarks" }
            .SelectMany(d => Directory.GetFiles(Path.Combine(Repo.Root, d), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToArray();
        Assert.That(files, Has.Length.GreaterThan(50));
        var long_ = files.Select(f => (File: Path.GetRelativePath(Repo.Root, f), Lines: File.ReadAllLines(f).Length)).Where(x => x.Lines > 400);
        Assert.That(long_, Is.Empty);
    }
}
