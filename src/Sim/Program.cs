namespace ConnMgr.Sim;

/// <summary>Entry point of the <c>connmgr-sim</c> command line.</summary>
public static class Program
{
    /// <summary>Runs the CLI.</summary>
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("connmgr-sim: the scenario runner arrives with the simulator core (issue 3).");
        return args.Length == 0 ? 0 : 2;
    }
}
