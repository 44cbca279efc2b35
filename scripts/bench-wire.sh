#!/usr/bin/env bash
# Wire-layer benchmark (issue: DIRAC wire layer): `ping` through the gateway, release build, loopback.
#   (a) a new TCP+TLS connection per call, as the DIRAC client does (it builds a new requests.Session per RPC);
#   (b) kept-alive connections, 32 concurrent clients.
# Reports calls/s, latency percentiles and the gateway's CPU time per call (from /proc/<pid>/stat).
# Each measurement runs RUNS times (default 3; figures on a shared 2-core machine vary by ±20%).
# Env: REQUESTS_NEW (default 2000), REQUESTS_KEEPALIVE (default 60000), CONCURRENCY_NEW (default 4),
#      CONCURRENCY (default 32), RUNS (default 3), PORT (default 28443), LOG_LEVEL (default info).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
WORK="$REPO/.work/bench-wire"
PORT="${PORT:-28443}"
mkdir -p "$WORK"

swift build -c release --product dirac-rucio-gateway >&2
swift build -c release --product gateway-bench >&2
BIN="$(swift build -c release --show-bin-path)"
[ -f "$WORK/certs/env.sh" ] || bash scripts/make-certs.sh "$WORK/certs" >/dev/null
CERTS="$WORK/certs"
bash scripts/local-config.sh "$CERTS" "$PORT" "$((PORT + 1))" "${LOG_LEVEL:-info}" >"$WORK/gateway.yaml"

rm -f "$WORK/port"
"$BIN/dirac-rucio-gateway" serve --config "$WORK/gateway.yaml" --port-file "$WORK/port" 2>"$WORK/gateway.log" &
GW=$!
trap 'kill $GW 2>/dev/null; wait $GW 2>/dev/null' EXIT
for _ in $(seq 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
URL="https://127.0.0.1:$PORT/DataManagement/FileCatalog"
common=(rpc --url "$URL" --cert "$CERTS/user/proxy.pem" --ca-dir "$CERTS/certificates" --method ping --args '[]'
        --server-pid "$GW")

for run in $(seq "${RUNS:-3}"); do
  echo "== (a) run $run: new TLS connection per call (DIRAC client behaviour), ${CONCURRENCY_NEW:-4} clients"
  "$BIN/gateway-bench" "${common[@]}" --mode new-connection --concurrency "${CONCURRENCY_NEW:-4}" \
    --requests "${REQUESTS_NEW:-2000}" --warmup 100
done
for run in $(seq "${RUNS:-3}"); do
  echo "== (b) run $run: kept-alive connections, ${CONCURRENCY:-32} clients"
  "$BIN/gateway-bench" "${common[@]}" --mode keep-alive --concurrency "${CONCURRENCY:-32}" \
    --requests "${REQUESTS_KEEPALIVE:-60000}" --warmup 1000
done
