namespace ConnMgr.Sim.Tests;

/// <summary>Paths in the repository, found from the test binary's location.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Scenarios => Path.Combine(Root, "scenarios");

    public static string Scenario(string name) => Path.Combine(Scenarios, name);

    public static IEnumerable<string> ScenarioFiles() =>
        Directory.GetFiles(FindRoot() is var r ? Path.Combine(r, "scenarios") : "", "*.json")
            .Where(f => Path.GetFileName(f) != "schema.json")
            .Order(StringComparer.Ordinal)
            .Select(Path.GetFileName)!;

    /// <summary>Scenario files cheap enough to run inside the test suite: the 1M-node CI variant runs in .ci/run's check instead.</summary>
    public static IEnumerable<string> ScenarioFilesToRun() => ScenarioFiles().Where(f => !f.EndsWith("-ci.json", StringComparison.Ordinal));

    /// <summary>Writes <paramref name="json"/> as a scenario file in a fresh temporary folder; returns its path.</summary>
    public static string WriteScenario(string json)
    {
        var path = Path.Combine(TempDir(), "s.json");
        File.WriteAllText(path, json);
        return path;
    }

    public static string TempDir()
    {
        var d = Path.Combine(Path.GetTempPath(), "connmgr-sim-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(d);
        return d;
    }

    private static string FindRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "ConnMgr.Sim.sln")))
        {
            d = d.Parent;
        }

        return d?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
