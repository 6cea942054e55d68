using System.Globalization;
using ConnMgr.Sim.Results;

namespace ConnMgr.Sim.Tests;

/// <summary>
/// Summary metrics of every shipped scenario and variant as the code computed them before the structure redesign
/// (Approved/metrics, written once by that code). A run must reproduce each one exactly for the same seed; only
/// names changed (mapped here) and columns were added. A file is approved again only with a stated model change
/// and its 20-seed equivalence (the commit that rewrites it, and benchmarks/README.md).
/// </summary>
internal static class ApprovedMetrics
{
    private static readonly Dictionary<string, string> Renamed = new(StringComparer.Ordinal)
    {
        ["mean_count"] = "connections_mean",
        ["final_count"] = "connections_final",
        ["max_count"] = "connections_max",
        ["max_count_after_trim"] = "connections_max_after_trim",
        ["mean_score_kept"] = "score_kept_mean",
        ["mean_score_pruned"] = "score_pruned_mean",
        ["rude_redials"] = "redials_of_pruning_peer",
        ["prunes"] = "mesh_prunes",
    };

    /// <summary>Differences between the approved metrics of <paramref name="file"/>/<paramref name="variant"/> and <paramref name="result"/>.</summary>
    public static IEnumerable<string> Differences(string file, string variant, RunResult result)
    {
        var path = Path.Combine(Repo.Root, "tests", "ConnMgr.Sim.Tests", "Approved", "metrics", $"{Path.GetFileNameWithoutExtension(file)}.{variant}.csv");
        if (!File.Exists(path))
        {
            if (Environment.GetEnvironmentVariable("CONNMGR_SIM_APPROVE") == "1")
            {
                Approve(path, result); // a new scenario's first run, reviewed by whoever sets the variable
                yield break;
            }

            yield return $"no approved metrics at {path} (a new scenario: run this test once with CONNMGR_SIM_APPROVE=1 and commit the file)";
            yield break;
        }

        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var parts = line.Split(',');
            var (group, metric, approved) = (parts[0], parts[1], double.Parse(parts[2], CultureInfo.InvariantCulture));
            double measured;
            if (metric == "events_processed")
            {
                measured = result.EventsProcessed;
            }
            else
            {
                var column = Renamed.GetValueOrDefault(metric, metric);
                if (result.Summary.IndexOf(column) < 0)
                {
                    // Only padding went away: network runs no longer write focal-only columns (-1 / 0 before).
                    if (approved is not (-1 or 0))
                    {
                        yield return $"{group}/{metric}: approved {approved}, column {column} no longer written";
                    }

                    continue;
                }

                measured = result.Metric(column, group);
                if (double.IsNaN(measured) && approved == -1)
                {
                    continue; // "no trim had work to do" was -1, is now empty
                }
            }

            if (measured != approved)
            {
                yield return $"{group}/{metric}: approved {approved.ToString("R", CultureInfo.InvariantCulture)}, measured {measured.ToString("R", CultureInfo.InvariantCulture)}";
            }
        }
    }

    /// <summary>Writes <paramref name="result"/>'s summary (every group, every column with a value) as the approved metrics.</summary>
    private static void Approve(string path, RunResult result)
    {
        var lines = new List<string> { "group,metric,value", $"{ResultRow.All},events_processed,{result.EventsProcessed.ToString(CultureInfo.InvariantCulture)}" };
        foreach (var row in result.Summary.Rows)
        {
            for (var c = 0; c < result.Summary.Columns.Count; c++)
            {
                if (!double.IsNaN(row.Values[c]))
                {
                    lines.Add($"{row.Group},{result.Summary.Columns[c].Name},{row.Values[c].ToString("R", CultureInfo.InvariantCulture)}");
                }
            }
        }

        File.WriteAllLines(path, lines);
    }
}
