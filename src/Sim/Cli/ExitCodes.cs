namespace ConnMgr.Sim.Cli;

/// <summary>Process exit codes.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int CheckFailed = 1;
    public const int BadInput = 2;
    public const int Interrupted = 130;

    /// <summary>An unexpected exception: a bug, never an input problem (EX_SOFTWARE).</summary>
    public const int InternalError = 70;
}
