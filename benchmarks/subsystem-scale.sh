#!/usr/bin/env bash
# Subsystem scale runs: pubsub at 100k nodes (scenarios/scale/pubsub-100k.json) and the DHT at 1M nodes
# (scenarios/scale/dht-1m.json). Prints one line per run: events, wall seconds, events/s, peak RSS and the
# subsystem figures from manifest.json. Usage: bash benchmarks/subsystem-scale.sh [out-dir] [sim-binary-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-results/subsystem-scale}
bin=${2:-}
mkdir -p "$out"
if [ -z "$bin" ]; then
  bin=$(mktemp -d)
  dotnet publish -c Release src/Sim -o "$bin" >/dev/null
fi
for s in pubsub-100k dht-1m; do  # dht-1m: ~20 min and ~16 GiB
  dir="$out/$s"
  /usr/bin/time -v "$bin/connmgr-sim" run "scenarios/scale/$s.json" --quiet --out "$dir" 2> "$dir.time" || true
  rss=$(grep "Maximum resident" "$dir.time" | awk '{print $6}')
  ev=$(grep eventsProcessed "$dir/manifest.json" | tr -dc 0-9)
  wall=$(grep wallTimeSeconds "$dir/manifest.json" | sed 's/[^0-9.]//g')
  sub=$(sed -n '/"subsystems"/,/}/p' "$dir/manifest.json" | grep -v subsystems | tr -d ' \n{}')
  echo "$s events=$ev wall_s=$wall rss_kb=$rss $sub"
done | tee "$out/scale.txt"
