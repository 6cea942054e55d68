"""What the notebooks share: the repository's paths, the simulator's command line, and the small default runs.

Each notebook reads a results folder named in an environment variable. Unset, it makes a small version of the shipped
experiment (seconds, not minutes) under results/notebook-defaults/, so CI exercises the whole pipeline. Sweep runs are
keyed by content, so re-executing a notebook reuses finished runs.
"""
import json
import os
import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parent.parent
BINARY = ROOT / "src/Sim/bin/Release/net10.0/linux-x64/connmgr-sim"
DEFAULTS = ROOT / "results/notebook-defaults"


def cli(*args):
    """Runs connmgr-sim (the Release build when present) and fails loudly with its output."""
    command = [str(BINARY)] if BINARY.exists() else ["dotnet", "run", "-c", "Release", "--project", str(ROOT / "src/Sim"), "--"]
    done = subprocess.run(command + [str(a) for a in args], cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"connmgr-sim {' '.join(map(str, args))} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def results_folder(variable, make_default):
    """The folder named by the environment variable, or the small default run made by make_default()."""
    named = os.environ.get(variable)
    if named:
        folder = pathlib.Path(named)
        if not folder.is_absolute():
            folder = ROOT / folder
        if not folder.is_dir():
            raise FileNotFoundError(f"{variable}={named}: no such folder")
        return folder
    return make_default()


def small_sweep(sweep_file, name, overrides, replications):
    """Runs and gathers a reduced copy of a shipped sweep: same scenario and factors, smaller overrides and R."""
    shipped_path = ROOT / sweep_file
    shipped = json.loads(shipped_path.read_text())
    folder = DEFAULTS / name
    folder.mkdir(parents=True, exist_ok=True)
    small = {
        "scenario": str((shipped_path.parent / shipped["scenario"]).resolve()),
        "set": {**shipped.get("set", {}), **{k: str(v) for k, v in overrides.items()}},  # set values are text, as --set
        "sweep": {**shipped["sweep"], "name": name, "replications": replications},
    }
    spec = folder / "sweep.json"
    spec.write_text(json.dumps(small, indent=2))
    cli("sweep", "run", spec, "--all", "--quiet", "--out", folder)
    cli("sweep", "gather", spec, "--out", folder)
    return folder


def small_scale(sizes, duration):
    """Runs benchmarks/scale-runner.sh at small sizes and a short virtual duration; returns its folder."""
    folder = DEFAULTS / "scale"
    env = {**os.environ, "SCALE_SIZES": " ".join(map(str, sizes)), "SCALE_DURATION": duration}
    done = subprocess.run(["bash", str(ROOT / "benchmarks/scale-runner.sh"), str(folder)], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"scale-runner.sh exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return folder


def figure_folder(results):
    """Where a notebook saves its figures: FIGURES when set, else the results folder's figures/."""
    folder = pathlib.Path(os.environ.get("FIGURES", results / "figures"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder
