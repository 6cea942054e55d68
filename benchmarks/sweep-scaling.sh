#!/usr/bin/env bash
# Sweep scaling (issue 10's "--jobs 2 in under 1.2 x (total single-run time / 2)"): a 40-run focal sweep
# (trim-policies x 5 policies x 8 replications, 4 virtual days each) run with --jobs 1 and --jobs 2 in alternating
# rounds, then two workers driven by hand, alone and side by side, to measure how much two runs slow each other.
# Prints one line per measurement and a summary; everything goes to <out-dir>/sweep-scaling.txt.
# Usage: bash benchmarks/sweep-scaling.sh [out-dir]      (SWEEP_ROUNDS=3 rounds by default; ~2 min per round)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-results/sweep-scaling}
rounds=${SWEEP_ROUNDS:-3}
mkdir -p "$out"
dotnet build -c Release src/Sim >/dev/null
sim=$PWD/src/Sim/bin/Release/net10.0/linux-x64/connmgr-sim
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/sweep40.json" <<EOF
{
  "scenario": "$PWD/scenarios/trim-policies.json",
  "sweep": {
    "name": "sweep40",
    "factors": [ { "path": "nodes[0].engine.trimPolicy", "name": "policy",
                   "values": ["score", "oldest-first", "newest-first", "random", "diversity"] } ],
    "replications": 8,
    "seeds": "common"
  },
  "set": { "duration": "4.04:00:00" }
}
EOF

# wall seconds and CPU seconds (user + sys) of one command
timed() { /usr/bin/time -f "%e %U %S" -o "$work/t" "$@" >/dev/null 2>&1; awk '{ printf "%.2f %.2f", $1, $2 + $3 }' "$work/t"; }

# mean loop time (manifest wallTimeSeconds) of warm runs (index >= 10) in a sweep folder
warm_loop() {
  for m in "$1"/runs/*/manifest.json; do
    idx=$(grep -o '"label": "sweep40#[0-9]*"' "$m" | grep -o '[0-9]*"$' | tr -d '"')
    wall=$(grep '"wallTimeSeconds"' "$m" | sed 's/[^0-9.]//g')
    echo "$idx $wall"
  done | awk '$1 >= 10 { s += $2; n++ } END { printf "%.3f", s / n }'
}

{
  echo "# $(date -u +%FT%TZ) $(nproc) cores; $sim"
  for r in $(seq "$rounds"); do
    rm -rf "$work/j1" "$work/j2"
    read -r w1 c1 <<<"$(timed "$sim" sweep run "$work/sweep40.json" --all --jobs 1 --out "$work/j1" --quiet)"
    read -r w2 c2 <<<"$(timed "$sim" sweep run "$work/sweep40.json" --all --jobs 2 --out "$work/j2" --quiet)"
    echo "round=$r jobs1_wall_s=$w1 jobs1_cpu_s=$c1 jobs2_wall_s=$w2 jobs2_cpu_s=$c2 ratio=$(awk -v a="$w2" -v b="$w1" 'BEGIN { printf "%.3f", a / b }')"
  done
  # Two workers alone and side by side: steady-state slowdown of a run when the other core is busy with another.
  rm -rf "$work/alone" "$work/pair"
  "$sim" sweep plan "$work/sweep40.json" --out "$work/alone" >/dev/null
  seq 0 39 | "$sim" sweep run "$work/sweep40.json" --out "$work/alone" --worker >/dev/null
  "$sim" sweep plan "$work/sweep40.json" --out "$work/pair" >/dev/null
  seq 0 2 39 | "$sim" sweep run "$work/sweep40.json" --out "$work/pair" --worker >/dev/null &
  seq 1 2 39 | "$sim" sweep run "$work/sweep40.json" --out "$work/pair" --worker >/dev/null
  wait
  a=$(warm_loop "$work/alone"); p=$(warm_loop "$work/pair")
  echo "warm_run_loop_alone_s=$a warm_run_loop_paired_s=$p slowdown=$(awk -v a="$a" -v p="$p" 'BEGIN { printf "%.2f", p / a }')"
} | tee "$out/sweep-scaling.txt.tmp"
mv "$out/sweep-scaling.txt.tmp" "$out/sweep-scaling.txt"
