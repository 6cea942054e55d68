using ConnMgr.Sim.Cli;

namespace ConnMgr.Sim;

/// <summary>Entry point of the <c>connmgr-sim</c> command line.</summary>
public static class Program
{
    /// <summary>Runs the CLI; exit codes: 0 ok, 1 a check failed, 2 bad input, 130 interrupted.</summary>
    public static int Main(string[] args)
    {
        if (Console.IsOutputRedirected)
        {
            // Redirected output has no width; Spectre would wrap tables at 80 columns, cutting metric names.
            Spectre.Console.AnsiConsole.Profile.Width = 200;
        }

        return CommandLine.Run(args);
    }
}
