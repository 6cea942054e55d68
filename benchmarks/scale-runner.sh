#!/usr/bin/env bash
# Scale runner for the network mode: runs scenarios/scale/network-1m.json at 10k, 100k and 1M nodes (same shares and
# settings, one virtual hour) and prints one line per size: nodes, events, wall seconds, events/s, peak RSS, open
# connections at the end. Usage: bash benchmarks/scale-runner.sh [out-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-results/scale}
mkdir -p "$out"
dotnet build -c Release src/Sim >/dev/null
for n in 10000 100000 1000000; do
  res=$((n * 8 / 10)); srv=$((n - res))
  dir="$out/$n"
  /usr/bin/time -v dotnet run -c Release --no-build --project src/Sim -- run scenarios/scale/network-1m.json --quiet --out "$dir" \
    --set network.groups[0].count=$res --set network.groups[1].count=$srv 2> "$dir.time" || true
  rss=$(grep "Maximum resident" "$dir.time" | awk '{print $6}')
  ev=$(grep eventsProcessed "$dir/manifest.json" | tr -dc 0-9)
  wall=$(grep wallTimeSeconds "$dir/manifest.json" | sed 's/[^0-9.]//g')
  edges=$(grep '"open_connections"' "$dir/manifest.json" | tr -dc 0-9)
  echo "nodes=$n events=$ev wall_s=$wall rss_kb=$rss open_connections=$edges"
done | tee "$out/scale.txt"
