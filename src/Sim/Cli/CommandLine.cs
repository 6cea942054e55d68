using System.CommandLine;

namespace ConnMgr.Sim.Cli;

/// <summary>The verbs: run, validate, compare, check, schema.</summary>
internal static class CommandLine
{
    public static RootCommand Build()
    {
        var scenario = new Argument<FileInfo>("scenario") { Description = "Scenario file (JSON), or a run's manifest.json to run it again." };
        var scenarios = new Argument<FileInfo[]>("scenarios") { Description = "Scenario files (JSON).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Output folder (default results/<name>)." };
        var seed = new Option<int?>("--seed") { Description = "Override the scenario's master seed." };
        var set = new Option<string[]>("--set") { Description = "Override a value: path=value, e.g. nodes[0].engine.lowWater=40 (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress output." };

        var run = new Command("run", "Run a scenario; write CSV traces, manifest.json and plots under results/<name>/.") { scenario, output, seed, set, quiet };
        run.SetAction(r => Verbs.Run(r.GetValue(scenario)!, r.GetValue(output), r.GetValue(seed), r.GetValue(set) ?? [], r.GetValue(quiet)));

        var validate = new Command("validate", "Check scenario files without running them; every problem is printed with its JSON path.") { scenarios };
        validate.SetAction(r => Verbs.Validate(r.GetValue(scenarios)!));

        var compare = new Command("compare", "Run the scenario's variants side by side on the same seed; overlay plots and a summary table.") { scenario, output, seed, set, quiet };
        compare.SetAction(r => Verbs.Compare(r.GetValue(scenario)!, r.GetValue(output), r.GetValue(seed), r.GetValue(set) ?? [], r.GetValue(quiet)));

        var check = new Command("check", "Run scenarios and evaluate their timeline asserts and expect blocks; exit 1 on any failure.") { scenarios, seed, quiet };
        check.SetAction(r => Verbs.Check(r.GetValue(scenarios)!, r.GetValue(seed), r.GetValue(quiet)));

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

        return new RootCommand("connmgr-sim: simulate libp2p connection managers on a virtual clock.") { run, validate, compare, check, schema, plot, columns, scalePlot };
    }
}
