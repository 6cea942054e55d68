using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using ConnMgr.Sim.Results;

namespace ConnMgr.Sim.Traces;

/// <summary>
/// Writes a run's files: timeseries.csv, summary.csv, the distribution files, events.csv (when logged) and
/// manifest.json — every CSV through <see cref="CsvTables"/> from the results contract's tables.
/// </summary>
public static class OutputWriter
{
    /// <summary>Writes every file of <paramref name="result"/> into <paramref name="dir"/>; returns their names.</summary>
    public static IReadOnlyList<string> WriteAll(string dir, RunResult result, IReadOnlyList<EventRow>? events, ManifestInfo manifest)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(manifest);
        Directory.CreateDirectory(dir);
        var files = new List<string> { "timeseries.csv", "summary.csv" };
        CsvTables.Write(Path.Combine(dir, "timeseries.csv"), result.Timeseries, withTime: true);
        CsvTables.Write(Path.Combine(dir, "summary.csv"), result.Summary, withTime: false);
        foreach (var d in result.Distributions)
        {
            CsvTables.Write(Path.Combine(dir, d.File), d);
            files.Add(d.File);
        }

        if (events is not null)
        {
            CsvTables.WriteEvents(Path.Combine(dir, "events.csv"), events);
            files.Add("events.csv");
        }

        files.Add("manifest.json");
        WriteManifest(Path.Combine(dir, "manifest.json"), result, manifest, files);
        return files;
    }

    private static void WriteManifest(string path, RunResult result, ManifestInfo info, IReadOnlyList<string> files) => AtomicFile.Write(path, tmp =>
    {
        using var stream = File.Create(tmp);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("name", result.Name);
        json.WriteString("label", info.Label ?? result.Name);
        json.WriteString("mode", result.Mode.ToString().ToLowerInvariant());
        json.WriteString("scenario", info.ScenarioPath);
        json.WriteString("scenarioSha256", info.ScenarioSha256);
        json.WriteNumber("seed", result.Seed);
        json.WriteStartObject("overrides");
        foreach (var (k, v) in info.Overrides.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            json.WriteString(k, v);
        }

        json.WriteEndObject();
        json.WriteString("version", Version);
        json.WriteBoolean("completed", result.Completed);
        json.WriteString("virtualTime", result.VirtualTime.ToString("c", CultureInfo.InvariantCulture));
        json.WriteNumber("eventsProcessed", result.EventsProcessed);
        json.WriteNumber("wallTimeSeconds", Math.Round(result.WallTime.TotalSeconds, 3));
        json.WriteNumber("eventsPerSecond", Math.Round(result.EventsProcessed / Math.Max(1e-9, result.WallTime.TotalSeconds)));
        WriteProcessCost(json);
        json.WriteBoolean("passed", result.Passed);
        json.WriteStartObject("summary");
        var all = result.Summary.Rows.FirstOrDefault(r => r.Group == ResultRow.All);
        for (var i = 0; all is not null && i < all.Values.Length; i++)
        {
            if (!double.IsNaN(all.Values[i]))
            {
                json.WriteNumber(result.Summary.Columns[i].Name, double.Parse(all.Values[i].ToString(result.Summary.Columns[i].Format, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
            }
        }

        json.WriteEndObject();
        json.WriteStartArray("files");
        foreach (var f in files)
        {
            json.WriteStringValue(f);
        }

        json.WriteEndArray();
        if (info.ScenarioContent is not null)
        {
            json.WriteString("scenarioContent", info.ScenarioContent);
        }

        json.WriteEndObject();
    });

    /// <summary>
    /// What the process has cost so far, beside the run's wall time: peak memory, CPU time (user + system, every thread)
    /// and the collector's work. Process totals, so a run's own when it runs alone in its process (`run`, a Slurm task);
    /// a sweep worker runs its runs one after another, so there they add up over the worker's runs so far, as peak
    /// memory is the worker's peak. Kernel's event profile reads the same runtime counters for its gc line; the two
    /// namespaces may not depend on each other (ArchitectureTests), so each reads them itself.
    /// </summary>
    private static void WriteProcessCost(Utf8JsonWriter json)
    {
        using var process = Process.GetCurrentProcess();
        json.WriteNumber("peakWorkingSetBytes", process.PeakWorkingSet64);
        json.WriteNumber("cpuSeconds", Math.Round(process.TotalProcessorTime.TotalSeconds, 3));
        json.WriteStartObject("gc");
        json.WriteNumber("gen0Collections", GC.CollectionCount(0));
        json.WriteNumber("gen1Collections", GC.CollectionCount(1));
        json.WriteNumber("gen2Collections", GC.CollectionCount(2));
        json.WriteNumber("pausedSeconds", Math.Round(GC.GetTotalPauseDuration().TotalSeconds, 3));
        json.WriteNumber("allocatedBytes", GC.GetTotalAllocatedBytes());
        json.WriteEndObject();
    }

    /// <summary>The simulator's version (assembly informational version).</summary>
    public static string Version =>
        typeof(OutputWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>SHA-256 of a file, hex.</summary>
    public static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}

/// <summary>What manifest.json records about the invocation: enough to run it again (see <c>RunPlan.FromManifest</c>).</summary>
/// <param name="ScenarioPath">Scenario file as given.</param>
/// <param name="ScenarioSha256">Hash of the scenario file.</param>
/// <param name="Overrides">--set / variant overrides applied (the seed included when overridden).</param>
public sealed record ManifestInfo(string ScenarioPath, string ScenarioSha256, IReadOnlyDictionary<string, string> Overrides)
{
    /// <summary>The run's label (scenario name, or name/variant).</summary>
    public string? Label { get; init; }

    /// <summary>The scenario file's text, so the manifest alone reproduces the run.</summary>
    public string? ScenarioContent { get; init; }
}
