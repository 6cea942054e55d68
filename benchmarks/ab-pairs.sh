#!/usr/bin/env bash
# Alternated A/B pairs: one scenario run by two builds in turn, one run at a time (pair 1 runs A then B, pair 2 B then
# A, and so on), so the machine's drift falls on both builds alike. Prints each pair's wall time, user + system CPU,
# peak RSS, run-loop time (the manifest's wallTimeSeconds: no set-up, no writing) and the collector's pauses (the
# manifest's gc.pausedSeconds), then each build's means, the wall ratio B/A and paired t tests on wall and loop
# times. Every pair's CSVs must be byte-identical (a change meant to keep outputs) unless AB_SAME_OUTPUT=0. This
# VM's spread for one build is about ±15 % (benchmarks/README.md), so a change under ~10 % needs five pairs or more
# to say anything.
# Usage: bash benchmarks/ab-pairs.sh <build-A dir> <build-B dir> <scenario> <pairs> [run options...]
#   A build dir holds connmgr-sim: a copy of src/Sim/bin/Release/net10.0/linux-x64 made at each commit, e.g.
#     git worktree add /tmp/wtA <commit> --detach && dotnet build -c Release /tmp/wtA/src/Sim \
#       && cp -r /tmp/wtA/src/Sim/bin/Release/net10.0/linux-x64 /tmp/Abin
#   AB_OUT=dir   where runs and pairs.tsv go (default results/ab-pairs; each run's folder is replaced by the next)
set -euo pipefail
if [ $# -lt 4 ]; then
  sed -n '2,13p' "$0" >&2
  exit 2
fi
a=$1; b=$2; scenario=$3; pairs=$4; shift 4
for bin in "$a/connmgr-sim" "$b/connmgr-sim"; do
  [ -x "$bin" ] || { echo "ab-pairs: $bin is not an executable build" >&2; exit 2; }
done
[ -f "$scenario" ] || { echo "ab-pairs: scenario $scenario not found" >&2; exit 2; }
[[ "$pairs" =~ ^[1-9][0-9]*$ ]] || { echo "ab-pairs: pairs must be a positive count, got '$pairs'" >&2; exit 2; }
out=${AB_OUT:-results/ab-pairs}
mkdir -p "$out"
tsv="$out/pairs.tsv"
printf 'pair\tbuild\twall_s\tuser_s\tsys_s\trss_kb\tloop_s\tgc_s\n' > "$tsv.tmp"

for ((p = 1; p <= pairs; p++)); do
  if ((p % 2)); then order="A B"; else order="B A"; fi
  for label in $order; do
    if [ "$label" = A ]; then dir=$a; else dir=$b; fi
    rm -rf "$out/$label"
    /usr/bin/time -f "%e %U %S %M" -o "$out/$label.time" "$dir/connmgr-sim" run "$scenario" --quiet --out "$out/$label" "$@" >/dev/null
    loop=$(grep -o '"wallTimeSeconds": [0-9.]*' "$out/$label/manifest.json" | awk '{ print $2 }')
    gc=$(grep -o '"pausedSeconds": [0-9.]*' "$out/$label/manifest.json" | awk '{ print $2 }')
    printf '%s\t%s\t%s\t%s\t%s\n' "$p" "$label" "$(tr ' ' '\t' < "$out/$label.time")" "${loop:-nan}" "${gc:-nan}" >> "$tsv.tmp"
  done
  if [ "${AB_SAME_OUTPUT:-1}" = 1 ]; then
    shopt -s nullglob
    csvs=("$out"/A/*.csv)
    shopt -u nullglob
    [ ${#csvs[@]} -gt 0 ] || { echo "ab-pairs: pair $p: build A wrote no CSV to compare (AB_SAME_OUTPUT=0 to time anyway)" >&2; exit 1; }
    for f in "${csvs[@]}"; do
      cmp -s "$f" "$out/B/$(basename "$f")" || { echo "ab-pairs: pair $p: $(basename "$f") differs between the builds (AB_SAME_OUTPUT=0 to time anyway)" >&2; exit 1; }
    done
  fi
  echo "pair $p of $pairs done" >&2
done
mv "$tsv.tmp" "$tsv"
/usr/bin/python3 "$(dirname "$0")/ab-pairs.py" "$tsv"
