"""Summary of benchmarks/ab-pairs.sh's pairs.tsv: each pair, each build's means, the wall ratio B/A and a paired t test.

The two-sided p value comes from Student's t distribution with n - 1 degrees of freedom, through the regularized
incomplete beta function (Numerical Recipes' continued fraction): the standard library only, no SciPy on this machine.
"""
import csv
import math
import sys


def incomplete_beta(a, b, x):
    """I_x(a, b), regularized."""
    if x <= 0 or x >= 1:
        return 0.0 if x <= 0 else 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log(1 - x))
    if x > (a + 1) / (a + b + 2):
        return 1 - incomplete_beta(b, a, 1 - x)
    c, d, f = 1.0, 1 - (a + b) * x / (a + 1), 0.0
    d = 1 / (d if abs(d) > 1e-300 else 1e-300)
    f = d
    for m in range(1, 300):
        for num in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)), -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):
            d = 1 + num * d
            d = 1 / (d if abs(d) > 1e-300 else 1e-300)
            c = 1 + num / c
            c = c if abs(c) > 1e-300 else 1e-300
            f *= c * d
        if abs(c * d - 1) < 1e-12:
            break
    return front * f / a


def two_sided_p(t, df):
    return incomplete_beta(df / 2, 0.5, df / (df + t * t))


def main(path):
    rows = list(csv.DictReader(open(path), delimiter="\t"))
    runs = {}
    for r in rows:
        runs.setdefault(int(r["pair"]), {})[r["build"]] = r
    pairs = sorted(p for p, v in runs.items() if "A" in v and "B" in v)
    print("pair  A: wall s (user + sys CPU s, peak RSS GiB)      B: wall s (user + sys CPU s, peak RSS GiB)      B/A")
    for p in pairs:
        a, b = runs[p]["A"], runs[p]["B"]
        cell = lambda r: f"{float(r['wall_s']):8.2f} ({float(r['user_s']):7.1f} + {float(r['sys_s']):6.1f}, {int(r['rss_kb']) / 2**20:5.2f})"
        print(f"{p:4}  {cell(a)}   {cell(b)}   {float(b['wall_s']) / float(a['wall_s']):.3f}")
    n = len(pairs)
    if n == 0:
        sys.exit("ab-pairs: no complete pair in " + path)
    mean = lambda key, build: sum(float(runs[p][build][key]) for p in pairs) / n
    for build in "AB":
        print(f"mean {build}: wall {mean('wall_s', build):.2f} s, user {mean('user_s', build):.1f} s, sys {mean('sys_s', build):.1f} s")
    print(f"wall ratio B/A of the means: {mean('wall_s', 'B') / mean('wall_s', 'A'):.3f}")
    if n < 2:
        print("paired t: needs two pairs or more")
        return
    d = [float(runs[p]["B"]["wall_s"]) - float(runs[p]["A"]["wall_s"]) for p in pairs]
    md = sum(d) / n
    sd = math.sqrt(sum((x - md) ** 2 for x in d) / (n - 1))
    if sd == 0:
        print(f"paired t: every pair differs by {md:.2f} s exactly")
        return
    t = md / (sd / math.sqrt(n))
    print(f"paired t on wall B - A: mean {md:+.2f} s, t = {t:.2f}, {n - 1} df, two-sided p = {two_sided_p(t, n - 1):.3f}")


if __name__ == "__main__":
    main(sys.argv[1])
