using BenchmarkDotNet.Running;

namespace ConnMgr.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/ConnMgr.Benchmarks -- [BenchmarkDotNet args]</c>, or
/// <c>-- memory [managers] [peers]</c> for the engine's memory figures, or <c>-- kernel-memory [pending...]</c> for the
/// event queue's retained bytes per pending event, or <c>-- layout</c> for the engine object's field offsets (macro
/// measurements and diagnostics, not BenchmarkDotNet).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "memory")
        {
            return EngineMemory.Run(args.Skip(1).ToArray());
        }

        if (args.Length > 0 && args[0] == "kernel-memory")
        {
            return KernelMemory.Run(args.Skip(1).ToArray());
        }

        if (args.Length > 0 && args[0] == "layout")
        {
            return EngineLayout.Run();
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
