#!/usr/bin/env bash
# What hostile calls cost the release gateway (a gzip body inflating to 200 MB with one LFN, a 50 MB LFN, a
# 1,000,000-LFN call): wall time, CPU, peak and remaining resident memory, ping latency meanwhile.
# See Benchmarks/hostile/hostile_bench.py. Env: PORT (default 28743).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
WORK="$REPO/.work/bench-hostile"
PORT="${PORT:-28743}"
mkdir -p "$WORK"

# shellcheck source=bench-common.sh
. scripts/bench-common.sh

rm -f "$WORK/port"
"$BIN/dirac-rucio-gateway" serve --config "$WORK/gateway.yaml" --port-file "$WORK/port" 2>"$WORK/gateway.log" &
GW=$!
trap 'kill $GW 2>/dev/null; wait $GW 2>/dev/null' EXIT
for _ in $(seq 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
"$VENV/bin/python" Benchmarks/hostile/hostile_bench.py --url "https://127.0.0.1:$PORT/DataManagement/FileCatalog" \
  --proxy "$CERTS/user/proxy.pem" --ca-dir "$CERTS/certificates" --gateway-pid "$GW"
