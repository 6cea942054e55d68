using System.Diagnostics;
using System.Globalization;

namespace ConnMgr.Sim.Kernel;

/// <summary>
/// A trial of the wait hints (<see cref="IWaitHints"/>) inside one two-thread run, on with
/// <c>CONNMGR_SIM_WAIT_TRIAL=&lt;file.csv&gt;</c>: each wait hints or not by a hash of its window's number, and each
/// thread's busy time per window is kept, so the windows after a hinted wait compare with the others on the same
/// machine at the same moments. Two builds' wall times on this VM spread ±10 % from run to run; this sees 2 %
/// (benchmarks/README.md, issue 13 thirty-seventh step; benchmarks/wait-trial.py reads the file). Outputs are the
/// same either way: hints change nothing. Meant for one run per process: each clock keeps 40 MiB for it, and each
/// run writes the same file.
/// </summary>
internal sealed class WaitHintTrial
{
    /// <summary>Windows kept: 2.9 virtual hours of 5-ms windows (later ones are not recorded).</summary>
    private const int MaxWindows = 1 << 21;

    private readonly long[][] _busy = [new long[MaxWindows], new long[MaxWindows]];
    private readonly int[] _collections = new int[MaxWindows];
    private readonly string _path;
    private int _windows;

    /// <param name="path">The CSV file written by <see cref="Write"/>.</param>
    public WaitHintTrial(string path) => _path = path;

    /// <summary>The trial the environment asks for, or null.</summary>
    public static WaitHintTrial? FromEnvironment() =>
        Environment.GetEnvironmentVariable("CONNMGR_SIM_WAIT_TRIAL") is { Length: > 0 } path ? new WaitHintTrial(path) : null;

    /// <summary>True when the waits after window <paramref name="window"/> hint: half the windows, by a multiplicative hash, so no period of the workload lines up with them.</summary>
    public static bool HintsAfter(int window) => unchecked((uint)window * 2654435761u) >> 31 == 1;

    /// <summary>Keeps how long <paramref name="lane"/>'s thread ran its share of <paramref name="window"/> (Stopwatch ticks).</summary>
    public void Record(int lane, int window, long ticks)
    {
        if ((uint)window < MaxWindows)
        {
            _busy[lane][window] = ticks;
            if (lane == 0)
            {
                _windows = window + 1; // the calling thread's count only: the worker writes nothing the other writes
            }
        }
    }

    /// <summary>
    /// Keeps the collector's count after <paramref name="window"/>'s barrier (<see cref="GC.CollectionCount"/> of
    /// generation 0, which counts every collection). A window whose count moved since the previous barrier (in it, or
    /// in an event run alone before it) most likely had a pause that stopped both threads while one of them ran, so
    /// its gap between them is the collector's, not the partitions' balance.
    /// </summary>
    public void Collected(int window, int collections)
    {
        if ((uint)window < MaxWindows)
        {
            _collections[window] = collections;
        }
    }

    /// <summary>Writes one row per window run (window, whether the waits before it hinted, each thread's busy µs, collections in it), through a temporary file.</summary>
    public void Write()
    {
        var perMicro = Stopwatch.Frequency / 1e6;
        var temp = _path + ".tmp";
        using (var w = new StreamWriter(temp))
        {
            w.WriteLine("window,hinted_before,busy0_us,busy1_us,collections");
            for (var i = 1; i < _windows; i++)
            {
                w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{i},{(HintsAfter(i - 1) ? 1 : 0)},{_busy[0][i] / perMicro:F1},{_busy[1][i] / perMicro:F1},{_collections[i] - _collections[i - 1]}"));
            }
        }

        File.Move(temp, _path, overwrite: true);
    }
}
