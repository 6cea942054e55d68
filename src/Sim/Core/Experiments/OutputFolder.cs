using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Experiments;

/// <summary>Checks an output folder before any work, so a finished run is never lost to a path that cannot be written.</summary>
public static class OutputFolder
{
    /// <summary>Throws when <paramref name="folder"/> or one of its parents is an existing file.</summary>
    /// <exception cref="ScenarioException">The folder cannot be created (named as <c>--out</c>).</exception>
    public static void Check(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        for (var f = Path.GetFullPath(folder); !string.IsNullOrEmpty(f); f = Path.GetDirectoryName(f))
        {
            if (File.Exists(f))
            {
                var what = f == Path.GetFullPath(folder) ? $"'{folder}' is a file" : $"'{f}' (a parent of '{folder}') is a file";
                throw new ScenarioException([new ScenarioError("--out", $"{what}; outputs go to a folder. Name a folder or remove the file.")]);
            }

            if (Directory.Exists(f))
            {
                return;
            }
        }
    }
}
