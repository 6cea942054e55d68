using ConnMgr.Sim.Experiments;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Cli;

internal static partial class Verbs
{
    /// <summary>Runs each scenario as written, then once per variant (a check guards every configuration it compares); prints every assert and expectation.</summary>
    public static int Check(FileInfo[] files, int? seed, bool quiet, FileInfo? baselineFile = null, bool allowLarge = false)
    {
        Experiments.Baselines.Baseline? baseline = null;
        if (baselineFile is not null)
        {
            try
            {
                baseline = Experiments.Baselines.Baseline.Read(baselineFile.FullName);
            }
            catch (ScenarioException e)
            {
                PrintErrors(baselineFile, e);
                return ExitCodes.BadInput;
            }
        }

        var plans = new List<(FileInfo File, RunPlan Plan)>();
        foreach (var f in SkipSchemas(files))
        {
            try
            {
                foreach (var plan in RunPlans.Expand(f.FullName, new Dictionary<string, string>(), seed is { } s ? [s] : [], VariantSelection.BaseAndVariants, null))
                {
                    RequireWithinBudget(plan.Load(), allowLarge);
                    plans.Add((f, plan));
                }
            }
            catch (ScenarioException e)
            {
                PrintErrors(f, e);
                return ExitCodes.BadInput;
            }
        }

        using var interrupt = new Interrupt();
        var failed = 0;
        foreach (var (file, plan) in plans)
        {
            var (result, _) = Execute(plan, quiet, Network.NetworkRunner.AutoThreads, interrupt.Token); // one run at a time: each may take both cores
            if (!result.Completed)
            {
                return Interrupted(result);
            }

            Console.WriteLine($"{file.Name} ({plan.Label}, seed {result.Seed}): {(result.Passed ? "PASS" : "FAIL")}");
            foreach (var a in result.Asserts)
            {
                Console.WriteLine($"  {(a.Passed ? "ok  " : "FAIL")} at {a.At:c} assert {a.What}: expected {a.Expected}, actual {a.Actual}");
            }

            foreach (var x in result.Expectations)
            {
                Console.WriteLine($"  {(x.Passed ? "ok  " : "FAIL")} {x.Name}: expected {x.Expected}, measured {x.Measured}");
            }

            var passed = result.Passed;
            if (baseline is not null && plan.Variant is null && file.Name == baseline.Scenario)
            {
                passed &= CheckBaseline(baseline, plan, result, quiet, interrupt.Token);
            }
            else if (result.Asserts.Count == 0 && result.Expectations.Count == 0)
            {
                Console.WriteLine("  (no asserts or expectations)");
            }

            failed += passed ? 0 : 1;
        }

        Console.WriteLine($"check: {plans.Count - failed} passed, {failed} failed");
        return failed == 0 ? ExitCodes.Ok : ExitCodes.CheckFailed;
    }
}
