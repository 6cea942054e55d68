using System.Text.Json;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Experiments.Sweeps;

/// <summary>
/// Runs of a sweep on disk: a run is written to a temporary folder and renamed to runs/&lt;key&gt; when complete, so a
/// folder under that name is a finished run and a killed worker loses only the run it had in flight.
/// </summary>
public static class SweepRuns
{
    /// <summary>True when the run's folder holds a completed manifest.</summary>
    public static bool IsDone(SweepRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var manifest = Path.Combine(run.Plan.OutputDir, "manifest.json");
        if (!File.Exists(manifest))
        {
            return false;
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(manifest));
            return doc.RootElement.TryGetProperty("completed", out var c) && c.ValueKind == JsonValueKind.True;
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return false;
        }
    }

    /// <summary>Runs <paramref name="run"/> unless it is done; returns false when it was skipped as done.</summary>
    /// <exception cref="OperationCanceledException">Cancelled: nothing of the run is left behind.</exception>
    public static bool Execute(SweepRun run, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (IsDone(run))
        {
            return false;
        }

        // A worker plans when it starts and loads the scenario when it runs: an edit in between would file new values under the old key.
        if (SweepPlan.KeyNow(run.Plan) != run.Key)
        {
            throw new ScenarioException([new ScenarioError("scenario", $"'{run.Plan.ScenarioPath}' changed after this sweep was planned (run {run.Index}); run the sweep again: it plans anew, keeps finished runs of unchanged points and runs the rest.")]);
        }

        var final = run.Plan.OutputDir;
        var tmp = Path.Combine(Path.GetDirectoryName(final)!, $".tmp-{Path.GetFileName(final)}-{Environment.ProcessId}");
        if (Directory.Exists(tmp))
        {
            Directory.Delete(tmp, recursive: true);
        }

        try
        {
            var plan = run.Plan with { OutputDir = tmp };
            var runner = Runs.Create(plan.Load());
            var result = runner.Run(cancel: cancel);
            if (!result.Completed)
            {
                throw new OperationCanceledException($"run {run.Index} interrupted");
            }

            Runs.Write(plan, result, runner);
            if (Directory.Exists(final))
            {
                Directory.Delete(final, recursive: true); // an incomplete folder from an older layout
            }

            Directory.Move(tmp, final);
            return true;
        }
        finally
        {
            if (Directory.Exists(tmp))
            {
                Directory.Delete(tmp, recursive: true);
            }
        }
    }

    /// <summary>Removes temporary folders of runs killed in flight (call only when no worker runs).</summary>
    public static int CleanTemporary(SweepPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (!Directory.Exists(plan.RunsDir))
        {
            return 0;
        }

        var stale = Directory.GetDirectories(plan.RunsDir, ".tmp-*");
        foreach (var d in stale)
        {
            Directory.Delete(d, recursive: true);
        }

        return stale.Length;
    }

    /// <summary>Indices of runs not done, in order.</summary>
    public static IReadOnlyList<int> Missing(SweepPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return [.. plan.Runs.Where(r => !IsDone(r)).Select(r => r.Index)];
    }

    /// <summary>Indices in Slurm array syntax: "0-3,7,9-11".</summary>
    public static string ArraySyntax(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var parts = new List<string>();
        for (var i = 0; i < indices.Count;)
        {
            var j = i;
            while (j + 1 < indices.Count && indices[j + 1] == indices[j] + 1)
            {
                j++;
            }

            parts.Add(i == j ? $"{indices[i]}" : $"{indices[i]}-{indices[j]}");
            i = j + 1;
        }

        return string.Join(',', parts);
    }
}
