#!/usr/bin/env python3
"""Reads a wait-hint trial (CONNMGR_SIM_WAIT_TRIAL=<file.csv>, src/Sim/Core/Kernel/WaitHintTrial.cs): the windows whose
preceding waits hinted against the others, per thread and for the window's critical path (the slower thread), as medians,
5 %-trimmed means and means, with a Mann-Whitney U test; then where the waits are: the gap between the two threads summed
over windows with a collection and over the others (files with a collections column). Usage: /usr/bin/python3 benchmarks/wait-trial.py trial.csv"""
import sys

import pandas as pd
from scipy import stats

if len(sys.argv) != 2:
    sys.exit(__doc__)
d = pd.read_csv(sys.argv[1])
d = d[(d.busy0_us > 0) | (d.busy1_us > 0)].copy()
if d.empty or d.hinted_before.nunique() < 2:
    sys.exit("wait-trial: no two-thread windows in the file (a run on one thread, or too short to compare)")
d["slower_us"] = d[["busy0_us", "busy1_us"]].max(axis=1)
print(f"{len(d)} windows with work, {int(d.hinted_before.sum())} after a hinted wait")
for col, what in [("busy0_us", "partition 0"), ("busy1_us", "partition 1"), ("slower_us", "the slower thread")]:
    a, b = d[d.hinted_before == 0][col], d[d.hinted_before == 1][col]
    p = stats.mannwhitneyu(b, a).pvalue
    t = lambda x: stats.trim_mean(x, 0.05)
    print(f"{what:18s} median {a.median():9.1f} -> {b.median():9.1f} us ({b.median() / a.median():.3f}), "
          f"trimmed {t(a):9.1f} -> {t(b):9.1f} ({t(b) / t(a):.3f}), mean {a.mean():9.1f} -> {b.mean():9.1f} "
          f"({b.mean() / a.mean():.3f}), Mann-Whitney p = {p:.2g}")

if "collections" in d.columns:
    d["gap_us"] = (d.busy0_us - d.busy1_us).abs()
    gc = d.collections > 0
    total = d.gap_us.sum()
    print(f"waits (gap between the threads, summed): {total / 1e6:.1f} s over {d.slower_us.sum() / 1e6:.1f} s of critical path")
    print(f"  windows with a collection: {int(gc.sum())} windows, {int(d.collections.sum())} collections, "
          f"gap {d.gap_us[gc].sum() / 1e6:.1f} s ({d.gap_us[gc].sum() / total:.0%})")
    print(f"  the other windows: gap {d.gap_us[~gc].sum() / 1e6:.1f} s, {d.gap_us[~gc].sum() / d.slower_us[~gc].sum():.1%} "
          f"of their critical path; median gap {d.gap_us[~gc].median():.1f} us in a median window of {d.slower_us[~gc].median():.1f} us")
