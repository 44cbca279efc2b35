#!/usr/bin/env bash
# Load test (hardening issue, item 9): CLIENTS concurrent DIRAC-style clients (a new TLS connection per call) for
# DURATION seconds of mixed reads and writes against the release gateway and the project's Rucio peer; the gateway's CPU,
# resident memory and file descriptors sampled every 5 s. See Benchmarks/load/load.py.
# Env: CLIENTS (default "32 128": one run each), DURATION seconds per run (default 600), PORT (default 28643).
# Output: one JSON summary line per run on stdout, timelines in .work/load/timeline-<clients>.csv.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
WORK="$REPO/.work/load"
PORT="${PORT:-28643}"
mkdir -p "$WORK"

# shellcheck source=bench-common.sh
. scripts/bench-common.sh
"$VENV/bin/python" -c "import json; print(json.dumps([f['lfn'] for f in json.load(open('.work/rucio/seed.json'))['files']]))" \
  >"$WORK/lfns.json"

for clients in ${CLIENTS:-32 128}; do
  rm -f "$WORK/port"
  "$BIN/dirac-rucio-gateway" serve --config "$WORK/gateway.yaml" --port-file "$WORK/port" 2>"$WORK/gateway-$clients.log" &
  GW=$!
  trap 'kill $GW 2>/dev/null; wait $GW 2>/dev/null' EXIT
  for _ in $(seq 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
  "$VENV/bin/python" Benchmarks/load/load.py --url "https://127.0.0.1:$PORT/DataManagement/FileCatalog" \
    --proxy "$CERTS/user/proxy-production.pem" --ca-dir "$CERTS/certificates" --gateway-pid "$GW" \
    --clients "$clients" --seconds "${DURATION:-600}" --lfns "$WORK/lfns.json" \
    --csv "$WORK/timeline-$clients.csv"
  kill "$GW"; wait "$GW" 2>/dev/null || true
  trap - EXIT
done
