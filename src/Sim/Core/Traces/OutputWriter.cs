using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using ConnMgr.Sim.Running;
using CsvHelper;

namespace ConnMgr.Sim.Traces;

/// <summary>
/// Writes a run's CSV files and manifest.json with CsvHelper (invariant culture, LF line ends, fixed number
/// formats: the same run gives the same bytes under any culture).
/// </summary>
public static class OutputWriter
{
    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with { NewLine = "\n" };

    /// <summary>Writes timeseries.csv, summary.csv, events.csv (when logged) and manifest.json into <paramref name="dir"/>.</summary>
    public static IReadOnlyList<string> WriteAll(string dir, RunResult result, IReadOnlyList<EventRow>? events, ManifestInfo manifest)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(manifest);
        Directory.CreateDirectory(dir);
        var files = new List<string> { "timeseries.csv", "summary.csv" };
        WriteTimeseries(Path.Combine(dir, "timeseries.csv"), result);
        WriteSummary(Path.Combine(dir, "summary.csv"), result);
        if (events is not null)
        {
            WriteEvents(Path.Combine(dir, "events.csv"), events);
            files.Add("events.csv");
        }

        if (result.Subsystems is { } subsystems)
        {
            files.AddRange(SubsystemOutputs.Write(dir, subsystems));
        }

        files.Add("manifest.json");
        WriteManifest(Path.Combine(dir, "manifest.json"), result, manifest, files);
        return files;
    }

    /// <summary>timeseries.csv: one row per trace interval and node group.</summary>
    public static void WriteTimeseries(string path, RunResult result) => AtomicFile.Write(path, tmp =>
    {
        if (result.NetworkTrace is { } network)
        {
            WriteNetworkTimeseries(tmp, network);
            return;
        }

        using var csv = CsvWriter.ToFile(tmp, Options);
        var header = new List<string> { "time_s", "group", "nodes", "connections", "connections_time_avg", "inbound", "outbound" };
        header.AddRange(result.SubsystemNames.Select(n => $"subsystem_{n}"));
        header.AddRange(["protected", "pruned", "rejected", "trims", "mean_score", "min_score", "above_high_water"]);
        csv.WriteRecord(header.ToArray());
        foreach (var r in result.Trace)
        {
            csv.WriteField(r.TimeSeconds, "0.###");
            csv.WriteField(r.Group);
            csv.WriteField(r.Nodes, "0");
            csv.WriteField(r.Connections, "0.####");
            csv.WriteField(r.ConnectionsTimeAvg, "0.####");
            csv.WriteField(r.Inbound, "0.####");
            csv.WriteField(r.Outbound, "0.####");
            foreach (var s in r.Subsystems)
            {
                csv.WriteField(s, "0.####");
            }

            csv.WriteField(r.Protected, "0.####");
            csv.WriteField(r.Pruned, "0");
            csv.WriteField(r.Rejected, "0");
            csv.WriteField(r.Trims, "0");
            csv.WriteField(r.MeanScore, "0.####");
            csv.WriteField(r.MinScore, "0");
            csv.WriteField(r.AboveHighWater, "0.####");
            csv.EndRecord();
        }
    });

    /// <summary>A number, or an empty field for a group the column does not apply to.</summary>
    private static void Optional(CsvWriter csv, double? value, string format) =>
        csv.WriteField(value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "");

    private static void WriteNetworkTimeseries(string tmp, IReadOnlyList<Network.NetworkTraceRow> rows)
    {
        using var csv = CsvWriter.ToFile(tmp, Options);
        var pubsub = rows.Any(r => r.Pubsub is not null);
        var dht = rows.Any(r => r.Dht is not null);
        var header = new List<string> { "time_s", "group", "online", "connections_mean", "connections_p5", "connections_p50", "connections_p95", "connections_max", "above_high_water", "pruned_per_s", "dials", "dial_success", "rude_redials", "ops_per_node_per_min", "nat_occupancy_mean", "nat_occupancy_max", "router_drops", "router_deaths", "routers_dead", "rejected" };
        if (pubsub)
        {
            header.AddRange(["mesh_degree_mean", "mesh_below_d_lo_now", "mesh_below_d_lo_time", "messages", "delivery_ratio", "delivery_p50_ms", "delivery_p99_ms"]);
        }

        if (dht)
        {
            header.AddRange(["lookups", "lookup_success", "lookup_hops_mean", "lookup_p50_ms", "lookup_p99_ms", "connections_per_lookup"]);
        }

        csv.WriteRecord(header.ToArray());
        foreach (var r in rows)
        {
            csv.WriteField(r.TimeSeconds, "0.###");
            csv.WriteField(r.Group);
            csv.WriteField(r.Online, "0");
            csv.WriteField(r.ConnectionsMean, "0.####");
            csv.WriteField(r.ConnectionsP5, "0");
            csv.WriteField(r.ConnectionsP50, "0");
            csv.WriteField(r.ConnectionsP95, "0");
            csv.WriteField(r.ConnectionsMax, "0");
            csv.WriteField(r.AboveHighWater, "0.####");
            csv.WriteField(r.PrunedPerSecond, "0.####");
            csv.WriteField(r.Dials, "0");
            csv.WriteField(r.DialSuccess, "0.####");
            csv.WriteField(r.RudeRedials, "0");
            csv.WriteField(r.OpsPerNodePerMinute, "0.####");
            csv.WriteField(r.NatOccupancyMean, "0.####");
            csv.WriteField(r.NatOccupancyMax, "0.####");
            csv.WriteField(r.RouterDrops, "0");
            csv.WriteField(r.RouterDeaths, "0");
            csv.WriteField(r.RoutersDead, "0");
            csv.WriteField(r.Rejected, "0");
            if (pubsub)
            {
                // Groups without pubsub leave its columns empty.
                var p = r.Pubsub;
                Optional(csv, p?.MeshDegreeMean, "0.####");
                Optional(csv, p?.BelowDLoNow, "0.####");
                Optional(csv, p?.BelowDLoTime, "0.####");
                Optional(csv, p?.Messages, "0");
                Optional(csv, p?.DeliveryRatio, "0.####");
                Optional(csv, p?.LatencyP50Ms, "0");
                Optional(csv, p?.LatencyP99Ms, "0");
            }

            if (dht)
            {
                var d = r.Dht;
                Optional(csv, d?.Lookups, "0");
                Optional(csv, d?.Success, "0.####");
                Optional(csv, d?.HopsMean, "0.###");
                Optional(csv, d?.LatencyP50Ms, "0");
                Optional(csv, d?.LatencyP99Ms, "0");
                Optional(csv, d?.ConnectionsPerLookup, "0.###");
            }

            csv.EndRecord();
        }
    }

    /// <summary>summary.csv: one row per node group.</summary>
    public static void WriteSummary(string path, RunResult result) => AtomicFile.Write(path, tmp =>
    {
        using var csv = CsvWriter.ToFile(tmp, Options);
        csv.WriteRecord(["group", "nodes", "low_water", "high_water", "mean_count", "final_count", "max_count", "max_count_after_trim", "pruned", "protected_pruned", "rejected", "trims", "max_time_above_high_water_s", "mean_score_kept", "mean_score_pruned"]);
        foreach (var g in result.Groups)
        {
            csv.WriteField(g.Group);
            csv.WriteField(g.Nodes, "0");
            csv.WriteField(g.LowWater, "0");
            csv.WriteField(g.HighWater, "0");
            csv.WriteField(g.MeanCount, "0.####");
            csv.WriteField(g.FinalCount, "0.####");
            csv.WriteField(g.MaxCount, "0");
            csv.WriteField(g.MaxCountAfterTrim, "0");
            csv.WriteField(g.Pruned, "0");
            csv.WriteField(g.ProtectedPruned, "0");
            csv.WriteField(g.Rejected, "0");
            csv.WriteField(g.Trims, "0");
            csv.WriteField(g.MaxTimeAboveHighWaterSeconds, "0.###");
            csv.WriteField(g.MeanScoreKept, "0.####");
            csv.WriteField(g.MeanScorePruned, "0.####");
            csv.EndRecord();
        }
    });

    /// <summary>events.csv: every connect, disconnect, prune, trim and rejection.</summary>
    public static void WriteEvents(string path, IReadOnlyList<EventRow> events) => AtomicFile.Write(path, tmp =>
    {
        using var csv = CsvWriter.ToFile(tmp, Options);
        csv.WriteRecord(["time_s", "group", "node", "event", "peer", "score", "reason"]);
        foreach (var e in events)
        {
            csv.WriteField(e.TimeSeconds, "0.#######");
            csv.WriteField(e.Group);
            csv.WriteField(e.Node, "0");
            csv.WriteField(e.Event);
            csv.WriteField(e.Peer);
            csv.WriteField(e.Score, "0");
            csv.WriteField(e.Reason);
            csv.EndRecord();
        }
    });

    private static void WriteManifest(string path, RunResult result, ManifestInfo info, IReadOnlyList<string> files) => AtomicFile.Write(path, tmp =>
    {
        using var stream = File.Create(tmp);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("name", result.Name);
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
        json.WriteNumber("peakWorkingSetBytes", Process.GetCurrentProcess().PeakWorkingSet64);
        json.WriteBoolean("passed", result.Passed);
        if (result.Network is { } net)
        {
            json.WriteStartObject("network");
            json.WriteNumber("openConnections", net.OpenEdges);
            json.WriteNumber("dialSuccess", Math.Round(net.DialSuccess, 4));
            json.WriteNumber("routerDeaths", net.RouterDeaths);
            json.WriteNumber("routerDrops", net.RouterDrops);
            json.WriteNumber("routerEvictions", net.RouterEvictions);
            json.WriteNumber("rudeRedials", net.RudeRedials);
            json.WriteEndObject();
        }

        if (result.Subsystems is { } sub)
        {
            json.WriteStartObject("subsystems");
            if (sub.PubsubOverall is { } p)
            {
                json.WriteNumber("meshBelowDLo", Math.Round(p.BelowDLoTime, 5));
                json.WriteNumber("messages", p.Published);
                json.WriteNumber("deliveryRatio", Math.Round(p.DeliveryRatio, 5));
                json.WriteNumber("deliveryLatencyP50Ms", p.LatencyP50Ms);
                json.WriteNumber("deliveryLatencyP99Ms", p.LatencyP99Ms);
                json.WriteNumber("meshPeersPruned", sub.MeshPeersPruned);
                json.WriteNumber("quotaViolations", sub.QuotaViolations);
            }

            if (sub.DhtOverall is { } d)
            {
                json.WriteNumber("lookups", d.Lookups);
                json.WriteNumber("lookupSuccess", Math.Round(d.Success, 5));
                json.WriteNumber("lookupHopsMean", Math.Round(d.HopsMean, 4));
                json.WriteNumber("lookupLatencyP50Ms", d.LatencyP50Ms);
                json.WriteNumber("lookupLatencyP99Ms", d.LatencyP99Ms);
                json.WriteNumber("connectionsPerLookup", Math.Round(d.ConnectionsPerLookup, 4));
            }

            json.WriteEndObject();
        }

        json.WriteStartArray("files");
        foreach (var f in files)
        {
            json.WriteStringValue(f);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    });

    /// <summary>The simulator's version (assembly informational version).</summary>
    public static string Version =>
        typeof(OutputWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>SHA-256 of a file, hex.</summary>
    public static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}

/// <summary>What manifest.json records about the invocation.</summary>
/// <param name="ScenarioPath">Scenario file as given.</param>
/// <param name="ScenarioSha256">Hash of the scenario file.</param>
/// <param name="Overrides">--set / variant overrides applied.</param>
public sealed record ManifestInfo(string ScenarioPath, string ScenarioSha256, IReadOnlyDictionary<string, string> Overrides);
