using System.Globalization;
using ConnMgr.Sim.Network;
using CsvHelper;

namespace ConnMgr.Sim.Traces;

/// <summary>subsystems.csv (pubsub and DHT totals per group), mesh-degree.csv and lookup-hops.csv.</summary>
internal static class SubsystemOutputs
{
    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with { NewLine = "\n" };

    public static IEnumerable<string> Write(string dir, SubsystemTotals s)
    {
        AtomicFile.Write(Path.Combine(dir, "subsystems.csv"), tmp =>
        {
            using var csv = CsvWriter.ToFile(tmp, Options);
            csv.WriteRecord(["group", "subsystem", "metric", "value"]);
            void Row(string group, string subsystem, string metric, double value)
            {
                csv.WriteField(group);
                csv.WriteField(subsystem);
                csv.WriteField(metric);
                csv.WriteField(value.ToString("0.######", CultureInfo.InvariantCulture));
                csv.EndRecord();
            }

            foreach (var (group, p) in s.Pubsub)
            {
                Row(group, "pubsub", "mesh_below_d_lo_time", p.BelowDLoTime);
                Row(group, "pubsub", "messages_published", p.Published);
                Row(group, "pubsub", "delivery_ratio", p.DeliveryRatio);
                Row(group, "pubsub", "delivery_p50_ms", p.LatencyP50Ms);
                Row(group, "pubsub", "delivery_p99_ms", p.LatencyP99Ms);
                Row(group, "pubsub", "grafts", p.Grafts);
                Row(group, "pubsub", "prunes", p.Prunes);
            }

            foreach (var (group, d) in s.Dht)
            {
                Row(group, "dht", "lookups", d.Lookups);
                Row(group, "dht", "lookup_success", d.Success);
                Row(group, "dht", "lookup_hops_mean", d.HopsMean);
                Row(group, "dht", "lookup_p50_ms", d.LatencyP50Ms);
                Row(group, "dht", "lookup_p99_ms", d.LatencyP99Ms);
                Row(group, "dht", "connections_per_lookup", d.ConnectionsPerLookup);
                Row(group, "dht", "queries_per_lookup", d.QueriesPerLookup);
                Row(group, "dht", "abandoned", d.Abandoned);
            }

            Row("all", "engine", "mesh_peers_pruned", s.MeshPeersPruned);
            Row("all", "engine", "quota_violations", s.QuotaViolations);
        });
        yield return "subsystems.csv";

        if (s.Pubsub.Count > 0)
        {
            AtomicFile.Write(Path.Combine(dir, "mesh-degree.csv"), tmp =>
            {
                using var csv = CsvWriter.ToFile(tmp, Options);
                csv.WriteRecord(["group", "degree", "share_of_samples"]);
                foreach (var (group, p) in s.Pubsub)
                {
                    var total = Math.Max(1, p.DegreeSamples.Sum());
                    for (var d = 0; d < p.DegreeSamples.Count; d++)
                    {
                        csv.WriteField(group);
                        csv.WriteField(d.ToString(CultureInfo.InvariantCulture));
                        csv.WriteField((p.DegreeSamples[d] / (double)total).ToString("0.######", CultureInfo.InvariantCulture));
                        csv.EndRecord();
                    }
                }
            });
            yield return "mesh-degree.csv";
        }

        if (s.Dht.Count > 0)
        {
            AtomicFile.Write(Path.Combine(dir, "lookup-hops.csv"), tmp =>
            {
                using var csv = CsvWriter.ToFile(tmp, Options);
                csv.WriteRecord(["group", "hops", "lookups"]);
                foreach (var (group, d) in s.Dht)
                {
                    for (var h = 0; h < d.HopCounts.Count; h++)
                    {
                        csv.WriteField(group);
                        csv.WriteField(h.ToString(CultureInfo.InvariantCulture));
                        csv.WriteField(d.HopCounts[h].ToString(CultureInfo.InvariantCulture));
                        csv.EndRecord();
                    }
                }
            });
            yield return "lookup-hops.csv";
        }
    }
}
