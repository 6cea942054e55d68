using System.Diagnostics;
using System.Globalization;
using ConnMgr.Sim.Experiments.Cost;
using ConnMgr.Sim.Experiments.Sweeps;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Cli;

/// <summary>The sweep verbs: plan, run (one index, a range, or all with local worker processes), status, gather, emit slurm.</summary>
internal static class SweepVerbs
{
    public static int Plan(FileInfo file, DirectoryInfo? output)
    {
        if (Load(file, output) is not { } plan)
        {
            return ExitCodes.BadInput;
        }

        plan.WritePlanCsv();
        Console.WriteLine($"{plan.Name}: {plan.Points.Count} point(s) × {plan.Replications} replication(s) = {plan.Runs.Count} runs; plan in {Path.Combine(plan.Root, "plan.csv")}");
        foreach (var p in plan.Points.Take(50))
        {
            Console.WriteLine($"  point {p.Index}: {SweepPlan.Describe(p)}");
        }

        if (plan.Points.Count > 50)
        {
            Console.WriteLine($"  ... {plan.Points.Count - 50} more");
        }

        return ExitCodes.Ok;
    }

    public static int Run(FileInfo file, DirectoryInfo? output, int? index, int count, bool all, int? jobs, bool quiet, bool worker = false, bool allowLarge = false)
    {
        if (worker)
        {
            return Worker(file, output);
        }

        if (!all && index is null && Environment.GetEnvironmentVariable("SLURM_ARRAY_TASK_ID") is { } task && int.TryParse(task, NumberStyles.None, CultureInfo.InvariantCulture, out var t))
        {
            index = t;
        }

        if (!all && index is null)
        {
            Console.Error.WriteLine("sweep run: give --index (or run inside a Slurm array task, SLURM_ARRAY_TASK_ID) or --all.");
            return ExitCodes.BadInput;
        }

        if (Load(file, output, allowLarge ? null : CostBudget.ForThisMachine()) is not { } plan)
        {
            return ExitCodes.BadInput;
        }

        if (index is { } i && (i < 0 || i >= plan.Runs.Count || count < 1))
        {
            Console.Error.WriteLine($"sweep run: --index {i} --count {count} is outside the plan's {plan.Runs.Count} runs (0..{plan.Runs.Count - 1}).");
            return ExitCodes.BadInput;
        }

        plan.WritePlanCsv();
        if (!all)
        {
            return RunRange(plan, index!.Value, count, quiet);
        }

        var cleaned = SweepRuns.CleanTemporary(plan);
        var missing = SweepRuns.Missing(plan);
        if (!quiet)
        {
            Console.WriteLine($"{plan.Name}: {plan.Runs.Count - missing.Count} of {plan.Runs.Count} runs done{(cleaned > 0 ? $", {cleaned} interrupted run(s) cleaned" : "")}; running {missing.Count}.");
        }

        var workers = Math.Max(1, jobs ?? Environment.ProcessorCount);
        return workers == 1 || missing.Count <= 1 ? RunIndices(plan, missing, quiet) : RunWorkers(file, plan, missing, workers, quiet);
    }

    public static int Status(FileInfo file, DirectoryInfo? output)
    {
        if (Load(file, output) is not { } plan)
        {
            return ExitCodes.BadInput;
        }

        var missing = SweepRuns.Missing(plan);
        Console.WriteLine($"{plan.Name}: {plan.Runs.Count - missing.Count} done, {missing.Count} missing of {plan.Runs.Count}");
        if (missing.Count > 0)
        {
            Console.WriteLine($"missing: {SweepRuns.ArraySyntax(missing)}");
        }

        return ExitCodes.Ok;
    }

    public static int Gather(FileInfo file, DirectoryInfo? output)
    {
        if (Load(file, output) is not { } plan)
        {
            return ExitCodes.BadInput;
        }

        try
        {
            var n = SweepGather.Gather(plan);
            var plots = Plots.SweepPlots.Write(plan.Root, plan.Name, plan.Dimensions);
            Console.WriteLine($"{plan.Name}: {n} runs gathered into {Path.Combine(plan.Root, "runs.csv")} and points.csv ({plan.Points.Count} points); {plots.Count / 2} plot(s) in plots/");
            return ExitCodes.Ok;
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"sweep gather: {e.Message}; run them with: sweep run {file.Name} --all");
            return ExitCodes.CheckFailed;
        }
    }

    public static int EmitSlurm(FileInfo file, DirectoryInfo? output, string? command, int throttle, bool missingOnly)
    {
        if (Load(file, output) is not { } plan)
        {
            return ExitCodes.BadInput;
        }

        var missing = SweepRuns.Missing(plan);
        if (missingOnly && missing.Count == 0)
        {
            Console.WriteLine($"{plan.Name}: every run is done; nothing to submit.");
            return ExitCodes.Ok;
        }

        plan.WritePlanCsv();
        var files = SlurmScript.Write(plan, file.FullName, command ?? SelfCommand(), throttle, missingOnly ? SweepRuns.ArraySyntax(missing) : null);
        Console.WriteLine($"wrote {string.Join(" and ", files)}; submit with: bash {files[1]}");
        return ExitCodes.Ok;
    }

    private static SweepPlan? Load(FileInfo file, DirectoryInfo? output, CostBudget? budget = null)
    {
        try
        {
            return SweepPlan.Load(file.FullName, output?.FullName, budget);
        }
        catch (ScenarioException e)
        {
            Console.Error.WriteLine($"{file.Name}: {e.Errors.Count} problem(s):");
            foreach (var err in e.Errors)
            {
                Console.Error.WriteLine($"  {err.Path}: {err.Message}");
            }

            return null;
        }
    }

    private static int RunRange(SweepPlan plan, int first, int count, bool quiet) =>
        RunIndices(plan, [.. Enumerable.Range(first, Math.Min(count, plan.Runs.Count - first))], quiet);

    private static int RunIndices(SweepPlan plan, IReadOnlyList<int> indices, bool quiet)
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var wall = Stopwatch.StartNew();
            var ran = 0;
            foreach (var i in indices)
            {
                if (SweepRuns.Execute(plan.Runs[i], cancel.Token))
                {
                    ran++;
                }

                if (!quiet)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{plan.Name}] run {i} done ({ran} run, {wall.Elapsed.TotalSeconds:0.0} s)"));
                }
            }

            return ExitCodes.Ok;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"{plan.Name}: interrupted; finished runs are kept, the one in flight is discarded.");
            return ExitCodes.Interrupted;
        }
        catch (ScenarioException e)
        {
            foreach (var x in e.Errors)
            {
                Console.Error.WriteLine($"{plan.Name}: {x.Path}: {x.Message}");
            }

            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is IOException or OutOfMemoryException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{plan.Name}: {e.Message} (exit {SlurmScript.TransientExit}: a transient failure; rerunning resumes)");
            return SlurmScript.TransientExit;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>
    /// Runs the missing indices in <paramref name="workers"/> worker processes started once each: a worker reads run
    /// indices from its standard input and answers one line per run, and the next index goes to whichever worker
    /// answers first (so a slow run never holds up the others, and start-up is paid once per worker).
    /// </summary>
    private static int RunWorkers(FileInfo file, SweepPlan plan, IReadOnlyList<int> missing, int workers, bool quiet)
    {
        var queue = new Queue<int>(missing);
        var gate = new Lock();
        var done = 0;
        var failures = 0;
        var threads = Enumerable.Range(0, Math.Min(workers, missing.Count)).Select(_ => new Thread(() =>
        {
            using var worker = StartWorker(file, plan);
            while (true)
            {
                int index;
                lock (gate)
                {
                    if (!queue.TryDequeue(out index))
                    {
                        break;
                    }
                }

                worker.StandardInput.WriteLine(index.ToString(CultureInfo.InvariantCulture));
                worker.StandardInput.Flush();
                var answer = worker.StandardOutput.ReadLine();
                lock (gate)
                {
                    done++;
                    failures += answer is not null && answer.StartsWith("ok ", StringComparison.Ordinal) ? 0 : 1;
                    if (!quiet)
                    {
                        Console.WriteLine($"[{plan.Name}] {done}/{missing.Count} runs: {answer ?? $"worker ended before run {index}"}");
                    }
                }

                if (answer is null)
                {
                    break;
                }
            }

            worker.StandardInput.Close();
            worker.WaitForExit();
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        var still = SweepRuns.Missing(plan);
        if (failures > 0 || still.Count > 0)
        {
            Console.Error.WriteLine($"{plan.Name}: {still.Count} run(s) missing after the workers ended: {SweepRuns.ArraySyntax(still)}; rerun to resume.");
            return SlurmScript.TransientExit;
        }

        return ExitCodes.Ok;
    }

    /// <summary>The worker loop (<c>sweep run --worker</c>): a run index per input line, "ok i" or "failed i: reason" per output line.</summary>
    public static int Worker(FileInfo file, DirectoryInfo? output)
    {
        if (Load(file, output) is not { } plan)
        {
            return ExitCodes.BadInput;
        }

        while (Console.ReadLine() is { } line)
        {
            if (!int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var i) || i < 0 || i >= plan.Runs.Count)
            {
                Console.WriteLine($"failed {line}: not a run index of this plan");
                continue;
            }

            try
            {
                SweepRuns.Execute(plan.Runs[i]);
                Console.WriteLine($"ok {i}");
            }
            catch (Exception e) when (e is IOException or OutOfMemoryException or UnauthorizedAccessException or OperationCanceledException)
            {
                Console.WriteLine($"failed {i}: {e.Message}");
            }
            catch (ScenarioException e)
            {
                Console.WriteLine($"failed {i}: {string.Join("; ", e.Errors.Select(x => $"{x.Path}: {x.Message}"))}");
            }
        }

        return ExitCodes.Ok;
    }

    /// <summary>The runtime's calls-before-tier-1 setting (default 30).</summary>
    private const string CallCountThreshold = "DOTNET_TC_CallCountThreshold";

    private static Process StartWorker(FileInfo file, SweepPlan plan)
    {
        var (exe, prefix) = Self();
        var psi = new ProcessStartInfo(exe) { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true };
        foreach (var a in prefix.Concat(["sweep", "run", file.FullName, "--out", Path.GetFullPath(plan.Root), "--worker"]))
        {
            psi.ArgumentList.Add(a);
        }

        // Every worker compiles the same code again, and with a worker per core that JIT competes with the other
        // workers' runs: the two tiered-compilation threads took a fifth of a --jobs 2 sweep's CPU. Promoting only
        // methods called 3,000 times (not 30) leaves set-up code (loading, validation, output) in tier 0: a 40-run
        // focal sweep's --jobs 2 took a median 9.08 s instead of 9.52 s, 17.5 CPU-s instead of 18.3
        // (benchmarks/README.md). Code generation never changes results; a value the user set is kept.
        if (Environment.GetEnvironmentVariable(CallCountThreshold) is null)
        {
            psi.Environment[CallCountThreshold] = "3000";
        }

        return Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {exe}");
    }

    /// <summary>How to start this program again: its apphost, or the dotnet host with its dll.</summary>
    private static (string Exe, string[] Prefix) Self()
    {
        var apphost = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "connmgr-sim.exe" : "connmgr-sim");
        if (File.Exists(apphost))
        {
            return (apphost, []);
        }

        return ("dotnet", [Path.Combine(AppContext.BaseDirectory, "connmgr-sim.dll")]);
    }

    private static string SelfCommand()
    {
        var (exe, prefix) = Self();
        return string.Join(' ', new[] { exe }.Concat(prefix).Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a));
    }
}
