using System.Reflection;

namespace ConnMgr.Engine.Tests;

public class ArchitectureTests
{
    private static readonly Assembly Engine = typeof(ConnectionManager<>).Assembly;

    [Test]
    public void Engine_ReferencesOnlyTheBaseClassLibrary()
    {
        var names = Engine.GetReferencedAssemblies().Select(a => a.Name!).ToArray();
        Assert.That(names, Has.All.Match("^(System(\\..+)?|netstandard|Microsoft\\.Win32\\..+)$"));
        Assert.That(names, Has.None.Contains("Sim"));
    }

    [Test]
    public void Engine_PublicSurface_ExposesNoMutableCollections()
    {
        var leaks = Engine.GetExportedTypes()
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() is var g && (g == typeof(List<>) || g == typeof(Dictionary<,>)))
            .Select(p => $"{p.DeclaringType!.Name}.{p.Name}")
            .ToArray();
        Assert.That(leaks, Is.Empty);
    }

    /// <summary>Types declared in the pinned baseline (PublicAPI.Shipped.txt + Unshipped.txt), in reflection's naming.</summary>
    private static HashSet<string> BaselineTypes()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "src", "Engine", "PublicAPI.Shipped.txt")))
        {
            dir = dir.Parent;
        }

        Assert.That(dir, Is.Not.Null, "PublicAPI.Shipped.txt not found above the test binary");
        var lines = new[] { "PublicAPI.Shipped.txt", "PublicAPI.Unshipped.txt" }
            .SelectMany(f => File.ReadAllLines(Path.Combine(dir!.FullName, "src", "Engine", f)))
            .Where(l => l.Length > 0 && !l.StartsWith('#'));

        // A type's own line is its name alone (members follow a '.' after it, or carry '(' / ' -> ').
        static string Reflected(string name) =>
            System.Text.RegularExpressions.Regex.Replace(name, @"<([^>]*)>", m => "`" + (m.Groups[1].Value.Count(c => c == ',') + 1));
        return [.. lines.Where(l => !l.Contains(' ', StringComparison.Ordinal) && !l.Contains('(', StringComparison.Ordinal)).Select(Reflected)];
    }

    [Test]
    public void Engine_ExportsExactlyTheTypesOfThePinnedBaseline()
    {
        var baseline = BaselineTypes();
        var exported = Engine.GetExportedTypes().Select(t => t.FullName!.Replace('+', '.')).ToHashSet();
        Assert.That(exported, Has.Count.GreaterThan(30), "the reflection read the engine");
        Assert.That(exported.Except(baseline), Is.Empty, "public types missing from src/Engine/PublicAPI.*.txt");
        Assert.That(baseline.Except(exported), Is.Empty, "baseline types no longer public");
    }

    [Test]
    public void Engine_InternalNamespaceAndPolicyImplementations_AreNotPublic()
    {
        var exported = Engine.GetExportedTypes();
        Assert.That(exported.Where(t => t.Namespace!.EndsWith(".Internal", StringComparison.Ordinal)), Is.Empty);
        var implementations = Engine.GetTypes().Where(t => t.IsClass && !t.IsAbstract && typeof(ITrimPolicy).IsAssignableFrom(t)).ToArray();
        Assert.That(implementations, Has.Length.GreaterThanOrEqualTo(3), "the trim policies were found");
        Assert.That(implementations.Where(t => t.IsPublic), Is.Empty, "policies are public options, implementations internal (STYLE.md habit 4)");
    }
}
