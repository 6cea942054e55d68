#!/usr/bin/env bash
# Scale runner for the network mode: runs scenarios/scale/network-1m.json at 10k, 100k and 1M nodes (same shares and
# settings, one virtual hour) and prints one line per size: nodes, events, loop wall seconds, process CPU seconds,
# peak RSS, open connections at the end. Each size's run folder is kept under <out-dir>/<nodes>/.
# Usage: bash benchmarks/scale-runner.sh [out-dir]
#   SCALE_SIZES="2000 5000"   sizes to run (default "10000 100000 1000000")
#   SCALE_DURATION=00:10:00   virtual duration (default: the scenario's hour)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-results/scale}
sizes=${SCALE_SIZES:-10000 100000 1000000}
mkdir -p "$out"
dotnet build -c Release src/Sim >/dev/null
sim=src/Sim/bin/Release/net10.0/linux-x64/connmgr-sim
extra=()
if [ -n "${SCALE_DURATION:-}" ]; then extra+=(--set "duration=$SCALE_DURATION"); fi
for n in $sizes; do
  res=$((n * 8 / 10)); srv=$((n - res))
  dir="$out/$n"
  /usr/bin/time -f "rss_kb=%M cpu_s=%U+%S" -o "$dir.time" "$sim" run scenarios/scale/network-1m.json --quiet --out "$dir" \
    --set network.groups[0].count=$res --set network.groups[1].count=$srv "${extra[@]}" || true
  rss=$(grep -o 'rss_kb=[0-9]*' "$dir.time" | cut -d= -f2)
  cpu=$(grep -o 'cpu_s=[0-9.+]*' "$dir.time" | cut -d= -f2 | awk -F+ '{ printf "%.2f", $1 + $2 }')
  ev=$(grep eventsProcessed "$dir/manifest.json" | tr -dc 0-9)
  wall=$(grep wallTimeSeconds "$dir/manifest.json" | sed 's/[^0-9.]//g')
  edges=$(grep '"open_connections"' "$dir/manifest.json" | tr -dc 0-9)
  echo "nodes=$n events=$ev wall_s=$wall cpu_s=$cpu rss_kb=$rss open_connections=$edges"
done | tee "$out/scale.txt"
