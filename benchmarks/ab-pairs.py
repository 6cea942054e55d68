"""Summary of benchmarks/ab-pairs.sh's pairs.tsv: each pair, each build's means, the wall ratio B/A and a paired t test.

The two-sided p value comes from Student's t distribution with n - 1 degrees of freedom (scipy.stats, as the
simulator's own paired intervals use MathNet's Student t: src/Sim/Core/Experiments/Replications/PairedDifference.cs).
"""
import csv
import math
import sys

from scipy import stats


def two_sided_p(t, df):
    """Two-sided p of Student's t with df degrees of freedom (SciPy: Debian's python3-scipy)."""
    return 2 * stats.t.sf(abs(t), df)


def paired_t(name, a, b):
    """One line: the paired t test of b - a (both lists in pair order)."""
    n = len(a)
    if n < 2:
        return f"paired t on {name}: needs two pairs or more"
    d = [y - x for x, y in zip(a, b)]
    md = sum(d) / n
    sd = math.sqrt(sum((x - md) ** 2 for x in d) / (n - 1))
    if sd == 0:
        return f"paired t on {name}: every pair differs by {md:.2f} s exactly"
    t = md / (sd / math.sqrt(n))
    return f"paired t on {name} B - A: mean {md:+.2f} s, t = {t:.2f}, {n - 1} df, two-sided p = {two_sided_p(t, n - 1):.3f}"


def main(path):
    rows = list(csv.DictReader(open(path), delimiter="\t"))
    runs = {}
    for r in rows:
        runs.setdefault(int(r["pair"]), {})[r["build"]] = r
    pairs = sorted(p for p, v in runs.items() if "A" in v and "B" in v)
    if not pairs:
        sys.exit("ab-pairs: no complete pair in " + path)
    value = lambda p, build, key: float(runs[p][build].get(key) or "nan")
    print("pair  A: wall s (loop s; user + sys CPU s; peak RSS GiB)      B: the same                                     B/A wall")
    for p in pairs:
        cell = lambda b: f"{value(p, b, 'wall_s'):8.2f} ({value(p, b, 'loop_s'):8.2f}; {value(p, b, 'user_s'):7.1f} + {value(p, b, 'sys_s'):6.1f}; {value(p, b, 'rss_kb') / 2**20:5.2f})"
        print(f"{p:4}  {cell('A')}   {cell('B')}   {value(p, 'B', 'wall_s') / value(p, 'A', 'wall_s'):.3f}")
    series = lambda build, key: [value(p, build, key) for p in pairs]
    mean = lambda xs: sum(xs) / len(xs)
    for build in "AB":
        print(f"mean {build}: wall {mean(series(build, 'wall_s')):.2f} s, loop {mean(series(build, 'loop_s')):.2f} s, user {mean(series(build, 'user_s')):.1f} s, sys {mean(series(build, 'sys_s')):.1f} s, collector paused {mean(series(build, 'gc_s')):.1f} s")
    print(f"wall ratio B/A of the means: {mean(series('B', 'wall_s')) / mean(series('A', 'wall_s')):.3f}")
    print(paired_t("wall", series("A", "wall_s"), series("B", "wall_s")))
    print(paired_t("loop", series("A", "loop_s"), series("B", "loop_s")))


def self_test():
    """Known two-sided p values of Student's t; exits 1 when one is off."""
    known = [((2.0, 10), 0.0734), ((2.776445, 4), 0.0500), ((1.0, 1), 0.5000), ((0.0, 3), 1.0000), ((-2.5, 4), 0.0668)]
    bad = [(args, want, two_sided_p(*args)) for args, want in known if abs(two_sided_p(*args) - want) > 5e-4]
    for args, want, got in bad:
        print(f"ab-pairs self-test: p(t={args[0]}, df={args[1]}) = {got:.4f}, expected {want:.4f}")
    print(f"ab-pairs self-test: {len(known) - len(bad)} of {len(known)} p values right")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-test"]:
        self_test()
    main(sys.argv[1])
