using System.Globalization;
using ConnMgr.Sim.Experiments;
using ConnMgr.Sim.Experiments.Baselines;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Cli;

internal static partial class Verbs
{
    /// <summary>Runs the scenario R times (seeds scenario seed + r) and writes a baseline of its summary metrics.</summary>
    public static int BaselineRecord(FileInfo file, FileInfo output, int replications, double tolerance, string[] perMetric, bool quiet, bool allowLarge = false)
    {
        Dictionary<string, double> stated;
        RunPlan plan;
        try
        {
            stated = ParseTolerances(perMetric);
            plan = RunPlans.Expand(file.FullName, new Dictionary<string, string>(), [], VariantSelection.Base, null)[0];
            RequireWithinBudget(plan.Load(), allowLarge);
        }
        catch (ScenarioException e)
        {
            PrintErrors(file, e);
            return ExitCodes.BadInput;
        }

        if (replications < 1 || !(tolerance >= 0))
        {
            Console.Error.WriteLine("baseline record: --replications must be >= 1 and --tolerance >= 0.");
            return ExitCodes.BadInput;
        }

        using var interrupt = new Interrupt();
        var runs = Replicate(plan, replications, quiet, interrupt.Token);
        if (runs is null)
        {
            return ExitCodes.Interrupted;
        }

        Baseline.Record(file.Name, runs, tolerance, stated).Write(output.FullName);
        Console.WriteLine($"baseline of {file.Name} over {replications} replication(s) written to {output.FullName}");
        return ExitCodes.Ok;
    }

    /// <summary>The base run plus R − 1 more replications (seed + r), for a baseline.</summary>
    private static List<RunResult>? Replicate(RunPlan plan, int replications, bool quiet, CancellationToken cancel, RunResult? first = null)
    {
        var runs = new List<RunResult>();
        var seed = first?.Seed ?? plan.Load().Seed;
        for (var r = first is null ? 0 : 1; r < replications; r++)
        {
            var overrides = new Dictionary<string, string>(plan.Overrides, StringComparer.Ordinal) { ["seed"] = (seed + r).ToString(CultureInfo.InvariantCulture) };
            var (result, _) = Execute(plan with { Overrides = overrides, Label = $"{plan.Label} (replication {r})" }, quiet, Network.NetworkRunner.AutoThreads, cancel); // one run at a time: each may take both cores
            if (!result.Completed)
            {
                return null;
            }

            runs.Add(result);
        }

        return first is null ? runs : [first, .. runs];
    }

    /// <summary>Prints the baseline comparison of a checked run; returns false when a metric left its band.</summary>
    private static bool CheckBaseline(Baseline baseline, RunPlan plan, RunResult result, bool quiet, CancellationToken cancel)
    {
        var runs = Replicate(plan, baseline.Replications, quiet, cancel, result) ?? [result];
        var outcome = baseline.Check(runs);
        foreach (var x in outcome)
        {
            Console.WriteLine($"  {(x.Passed ? "ok  " : "FAIL")} {x.Name}: expected {x.Expected}, measured {x.Measured}");
        }

        return outcome.All(x => x.Passed);
    }

    private static Dictionary<string, double> ParseTolerances(string[] perMetric)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var s in perMetric)
        {
            var eq = s.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !double.TryParse(s[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !(v >= 0))
            {
                throw new ScenarioException([new ScenarioError("--metric", $"'{s}' is not name=tolerance (for example pruned=0.05).")]);
            }

            result[s[..eq]] = v;
        }

        return result;
    }
}
