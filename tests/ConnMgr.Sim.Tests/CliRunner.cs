using ConnMgr.Sim.Cli;
using Spectre.Console;

namespace ConnMgr.Sim.Tests;

/// <summary>Runs the command line in-process and captures its exit code and output (tests using it are not parallel).</summary>
internal static class CliRunner
{
    public static (int Code, string Out, string Err) Invoke(params string[] args)
    {
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Console.SetOut(stdout);
        Console.SetError(stderr);
        var oldAnsi = AnsiConsole.Console;
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout) }); // Spectre keeps the writer it first saw
        try
        {
            var code = CommandLine.Run(args);
            return (code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
            AnsiConsole.Console = oldAnsi;
        }
    }
}
