using System.CommandLine;

namespace ConnMgr.Sim.Cli;

/// <summary>The verbs: run, validate, compare, check, schema.</summary>
internal static class CommandLine
{
    /// <summary>
    /// Parses and runs <paramref name="args"/>. A usage error (unknown option or verb, a missing or extra argument, a
    /// value that does not parse) is bad input: every problem on standard error in words, then exit 2, before any work.
    /// </summary>
    public static int Run(string[] args)
    {
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
            {
                Console.Error.WriteLine(e.Message);
            }

            Console.Error.WriteLine("Usage: connmgr-sim <verb> ... (connmgr-sim --help lists the verbs).");
            return ExitCodes.BadInput;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            // Every input problem is reported as bad input before this point; anything here is a bug of ours.
            Console.Error.WriteLine($"internal error (a bug in connmgr-sim, please report it with the command): {e.GetType().Name}: {e.Message}");
            Console.Error.WriteLine(e.StackTrace);
            return ExitCodes.InternalError;
        }
    }

    public static RootCommand Build()
    {
        var scenario = new Argument<FileInfo>("scenario") { Description = "Scenario file (JSON), or a run's manifest.json to run it again." };
        var scenarios = new Argument<FileInfo[]>("scenarios") { Description = "Scenario files (JSON).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Output folder (default results/<name>)." };
        var seed = NumberOptions.OptionalInt("--seed", "Override the scenario's master seed.", int.MinValue, int.MaxValue);
        var set = new Option<string[]>("--set") { Description = "Override a value: path=value, e.g. nodes[0].engine.lowWater=40 (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress output." };
        var allowLarge = new Option<bool>("--allow-large") { Description = "Run even when the estimated events or memory exceed this machine's budget (for bigger machines)." };

        var threads = NumberOptions.IntOrAuto("--threads", $"Threads for a partitioned network run (split dials): 2 runs odd nodes' events on a second core; the outputs are the same byte for byte. Default auto: 2 from {Network.NetworkRunner.TwoThreadsPayFrom:N0} nodes on a machine with two cores, else 1.", 1, 2, Network.NetworkRunner.AutoThreads);
        var run = new Command("run", "Run a scenario; write CSV traces, manifest.json and plots under results/<name>/.") { scenario, output, seed, set, quiet, allowLarge, threads };
        run.SetAction(r => Verbs.Run(r.GetValue(scenario)!, r.GetValue(output), r.GetValue(seed), r.GetValue(set) ?? [], r.GetValue(quiet), r.GetValue(allowLarge), r.GetValue(threads)));

        var validate = new Command("validate", "Check scenario files without running them; every problem is printed with its JSON path.") { scenarios };
        validate.SetAction(r => Verbs.Validate(r.GetValue(scenarios)!));

        var compareReplications = NumberOptions.Int("--replications", "Run every variant R times on seeds s .. s+R-1 (the same seeds for every variant): means with 95 % CIs and paired differences to the first variant. Default 1.", 1, 10_000, 1, "-r");
        var compare = new Command("compare", "Run the scenario's variants side by side on the same seed(s); overlay plots and a summary table.") { scenario, output, seed, set, compareReplications, quiet, allowLarge };
        compare.SetAction(r => Verbs.Compare(r.GetValue(scenario)!, r.GetValue(output), r.GetValue(seed), r.GetValue(set) ?? [], r.GetValue(compareReplications), r.GetValue(quiet), r.GetValue(allowLarge)));

        var baseline = new Option<FileInfo?>("--baseline") { Description = "Also compare the named scenario's summary metrics with this baseline (baseline record)." };
        var check = new Command("check", "Run scenarios and evaluate their timeline asserts and expect blocks (and a baseline); exit 1 on any failure.") { scenarios, seed, quiet, baseline, allowLarge };
        check.SetAction(r => Verbs.Check(r.GetValue(scenarios)!, r.GetValue(seed), r.GetValue(quiet), r.GetValue(baseline), r.GetValue(allowLarge)));

        var baselineOut = new Option<FileInfo>("--out") { Description = "The baseline file to write.", Required = true };
        var replications = NumberOptions.Int("--replications", "Runs to record (seeds scenario seed + r). Default 1.", 1, 10_000, 1);
        var tolerance = NumberOptions.Double("--tolerance", "Allowed relative change of every metric. Default 0.05.", 0, 1_000, 0.05);
        var perMetric = new Option<string[]>("--metric") { Description = "A metric's own tolerance: name=relative (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var record = new Command("record", "Run a scenario R times and write its summary metrics with tolerances as a regression baseline.") { scenario, baselineOut, replications, tolerance, perMetric, quiet, allowLarge };
        record.SetAction(r => Verbs.BaselineRecord(r.GetValue(scenario)!, r.GetValue(baselineOut)!, r.GetValue(replications), r.GetValue(tolerance), r.GetValue(perMetric) ?? [], r.GetValue(quiet), r.GetValue(allowLarge)));
        var baselineCommand = new Command("baseline", "Regression baselines for check --baseline.") { record };

        var schemaOut = new Option<FileInfo?>("--out") { Description = "Write the schema here instead of standard output." };
        var schema = new Command("schema", "Print the JSON Schema of scenario files (scenarios/schema.json).") { schemaOut };
        schema.SetAction(r => Verbs.Schema(r.GetValue(schemaOut)));

        var table = new Argument<FileInfo>("table") { Description = "scale.txt written by benchmarks/scale-runner.sh." };
        var png = new Option<FileInfo>("--out") { Description = "PNG to write.", Required = true };
        var scalePlot = new Command("scale-plot", "Plot benchmarks/scale-runner.sh output (wall time and memory against nodes, log-log).") { table, png };
        scalePlot.SetAction(r => ScalePlot.Write(r.GetValue(table)!, r.GetValue(png)!));

        var resultsDir = new Argument<DirectoryInfo>("results") { Description = "A run's output folder (or a compare folder: every run under it)." };
        var plot = new Command("plot", "Redraw a run's plots from its CSV files (results/<name>/plots).") { resultsDir };
        plot.SetAction(r => Verbs.Plot(r.GetValue(resultsDir)!));

        var columnsOut = new Option<FileInfo?>("--out") { Description = "Write the reference here (docs/outputs.md) instead of standard output." };
        var columns = new Command("columns", "Print the columns reference: every output column and expect key with unit and meaning.") { columnsOut };
        columns.SetAction(r => Verbs.Columns(r.GetValue(columnsOut)));

        return new RootCommand("connmgr-sim: simulate libp2p connection managers on a virtual clock.") { run, validate, compare, check, baselineCommand, schema, plot, columns, SweepCommand(), scalePlot };
    }

    /// <summary>sweep plan | run | status | gather | emit: parameter studies with replications, locally or on Slurm.</summary>
    private static Command SweepCommand()
    {
        var file = new Argument<FileInfo>("sweep") { Description = "A sweep file ({ \"scenario\": ..., \"sweep\": {...} }) or a scenario with a sweep section." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "The sweep's folder (default results/<sweep name>)." };

        var plan = new Command("plan", "Expand the sweep: print its points and write plan.csv (index, factors, replication, seed, run key).") { file, output };
        plan.SetAction(r => SweepVerbs.Plan(r.GetValue(file)!, r.GetValue(output)));

        var index = NumberOptions.OptionalInt("--index", "First run index (default: SLURM_ARRAY_TASK_ID).", 0, int.MaxValue);
        var count = NumberOptions.Int("--count", "Runs from --index on. Default 1.", 1, int.MaxValue, 1);
        var all = new Option<bool>("--all") { Description = "Run every missing run (finished runs are kept: a rerun resumes)." };
        var jobs = NumberOptions.OptionalInt("--jobs", "Worker processes with --all (default: the number of cores).", 1, 1_024);
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress output." };
        var worker = new Option<bool>("--worker") { Description = "Internal: read run indices from standard input (what --all --jobs starts).", Hidden = true };
        var allowLarge = new Option<bool>("--allow-large") { Description = "Run even when a point's estimated events or memory exceed this machine's budget." };
        var run = new Command("run", "Run sweep runs: one index (a Slurm array task), a range, or --all with local worker processes.") { file, output, index, count, all, jobs, quiet, worker, allowLarge };
        run.SetAction(r => SweepVerbs.Run(r.GetValue(file)!, r.GetValue(output), r.GetValue(index), r.GetValue(count), r.GetValue(all), r.GetValue(jobs), r.GetValue(quiet), r.GetValue(worker), r.GetValue(allowLarge)));

        var status = new Command("status", "Runs done and missing (missing indices in Slurm array syntax).") { file, output };
        status.SetAction(r => SweepVerbs.Status(r.GetValue(file)!, r.GetValue(output)));

        var gather = new Command("gather", "Write runs.csv (a row per run: factors, seed, every summary metric) and points.csv (mean, sd, n, 95 % CI per point).") { file, output };
        gather.SetAction(r => SweepVerbs.Gather(r.GetValue(file)!, r.GetValue(output)));

        var command = new Option<string?>("--command") { Description = "How a cluster node starts connmgr-sim (default: this program's path)." };
        var throttle = NumberOptions.Int("--throttle", "Array tasks running at once (%P). Default 16.", 1, 100_000, 16);
        var missingOnly = new Option<bool>("--missing") { Description = "Only the runs not done yet." };
        var slurm = new Command("slurm", "Write slurm/array.sbatch (a job array, one task per run, requeue on exit 75) and slurm/submit.sh (array, then gather afterok).") { file, output, command, throttle, missingOnly };
        slurm.SetAction(r => SweepVerbs.EmitSlurm(r.GetValue(file)!, r.GetValue(output), r.GetValue(command), r.GetValue(throttle), r.GetValue(missingOnly)));
        var emit = new Command("emit", "Emit scripts for a scheduler.") { slurm };

        return new Command("sweep", "Parameter studies: factors × replications, locally or as a Slurm job array, gathered with confidence intervals.") { plan, run, status, gather, emit };
    }
}
