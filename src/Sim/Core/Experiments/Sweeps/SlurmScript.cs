using System.Globalization;
using System.Text;
using ConnMgr.Sim.Traces;

namespace ConnMgr.Sim.Experiments.Sweeps;

/// <summary>
/// A Slurm job array for a sweep (slurm/array.sbatch: one task per run index, at most P at once, a task that exits
/// 75 is requeued when the cluster sets RequeueExit=75) and slurm/submit.sh (submits the array, then the gather job
/// with afterok on it).
/// </summary>
public static class SlurmScript
{
    /// <summary>Transient failure exit code of <c>sweep run</c>: Slurm requeues the task (RequeueExit=75 in slurm.conf).</summary>
    public const int TransientExit = 75;

    /// <summary>Writes the two scripts; <paramref name="command"/> is how a node starts connmgr-sim (e.g. its published path).</summary>
    public static IReadOnlyList<string> Write(SweepPlan plan, string sweepFile, string command, int throttle, string? indices = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var dir = Path.GetFullPath(Path.Combine(plan.Root, "slurm"));
        Directory.CreateDirectory(dir);
        var file = Path.GetFullPath(sweepFile);
        var work = Directory.GetCurrentDirectory();
        var root = Path.GetFullPath(plan.Root);
        var array = indices ?? $"0-{plan.Runs.Count - 1}";
        var sbatch = new StringBuilder()
            .Append("#!/bin/bash\n")
            .Append(CultureInfo.InvariantCulture, $"#SBATCH --job-name={plan.Name}\n")
            .Append(CultureInfo.InvariantCulture, $"#SBATCH --array={array}%{Math.Max(1, throttle)}\n")
            .Append("#SBATCH --requeue\n")
            .Append(CultureInfo.InvariantCulture, $"#SBATCH --output={dir}/task-%A_%a.out\n")
            .Append("# One sweep run per array task; the run index is the task id. A run already done is skipped, so a\n")
            .Append("# requeued or resubmitted task costs nothing. Exit 75 = transient failure (requeued with RequeueExit=75).\n")
            .Append(CultureInfo.InvariantCulture, $"cd '{work}'\n")
            .Append(CultureInfo.InvariantCulture, $"exec {command} sweep run '{file}' --out '{root}' --index \"$SLURM_ARRAY_TASK_ID\" --quiet\n")
            .ToString();
        var submit = new StringBuilder()
            .Append("#!/bin/bash\n")
            .Append("# Submits the array, then the gather job once every task ended well (afterok).\n")
            .Append("set -euo pipefail\n")
            .Append(CultureInfo.InvariantCulture, $"cd '{work}'\n")
            .Append(CultureInfo.InvariantCulture, $"array=$(sbatch --parsable \"$@\" '{dir}/array.sbatch')\n")
            .Append(CultureInfo.InvariantCulture, $"gather=$(sbatch --parsable --dependency=afterok:${{array%%;*}} --job-name={plan.Name}-gather --output='{dir}/gather-%j.out' --wrap \"{command} sweep gather '{file}' --out '{root}'\")\n")
            .Append("echo \"array $array, gather $gather\"\n")
            .ToString();
        AtomicFile.Write(Path.Combine(dir, "array.sbatch"), tmp => File.WriteAllText(tmp, sbatch));
        AtomicFile.Write(Path.Combine(dir, "submit.sh"), tmp => File.WriteAllText(tmp, submit));
        return [Path.Combine(dir, "array.sbatch"), Path.Combine(dir, "submit.sh")];
    }
}
