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

    [Test]
    public void Engine_ImplementationTypesAreInternal()
    {
        var internalOnly = new[] { "PeerIndex`1", "NodePool`1", "DecayClock", "InboundGate", "SortingTrimPolicy", "DiversityTrimPolicy", "RandomTrimPolicy" };
        var exported = Engine.GetExportedTypes().Select(t => t.Name).ToArray();
        Assert.That(exported, Has.None.AnyOf(internalOnly));
    }
}
