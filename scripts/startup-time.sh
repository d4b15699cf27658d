#!/usr/bin/env bash
# Measures the time from starting `piloto serve` on an empty data dir (SQLite)
# to the first 200 from /readyz, over several runs. Usage:
#   scripts/startup-time.sh [runs] [binary]
set -euo pipefail
runs="${1:-10}"
bin="${2:-bin/piloto}"
port=18089
times=()
for _ in $(seq 1 "$runs"); do
  dir=$(mktemp -d)
  start=$(date +%s%N)
  PILOTO_ADDR=127.0.0.1:$port PILOTO_DATA_DIR="$dir" PILOTO_LOG_LEVEL=error "$bin" serve &
  pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/readyz"; do sleep 0.002; done
  end=$(date +%s%N)
  kill -TERM "$pid"; wait "$pid" || true
  rm -rf "$dir"
  times+=($(( (end - start) / 1000000 )))
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
echo "start → /readyz on an empty data dir, $runs runs (ms): $(echo $sorted)"
echo "median: $(echo "$sorted" | sed -n "$(( (runs + 1) / 2 ))p") ms"
