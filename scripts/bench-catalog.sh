#!/usr/bin/env bash
# Catalog bulk benchmark (issue: Rucio side): isFile, getFileMetadata, getReplicas for 1,000 and 10,000 LFNs and
# listDirectory of a 1,000-file directory, through the gateway (release build, raw DIRAC RPC, kept-alive) against
# the same data fetched directly from Rucio's REST API, on the project's Rucio peer, in one run; plus the gateway's
# resident memory growth while answering the 10,000-LFN getReplicas. See Benchmarks/catalog/catalog_bench.py.
# Env: RUNS (default 3), PORT (default 28543).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
WORK="$REPO/.work/bench-catalog"
PORT="${PORT:-28543}"
mkdir -p "$WORK"

# shellcheck source=bench-common.sh
. scripts/bench-common.sh

rm -f "$WORK/port"
"$BIN/dirac-rucio-gateway" serve --config "$WORK/gateway.yaml" --port-file "$WORK/port" 2>"$WORK/gateway.log" &
GW=$!
trap 'kill $GW 2>/dev/null; wait $GW 2>/dev/null' EXIT
for _ in $(seq 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
"$VENV/bin/python" Benchmarks/catalog/catalog_bench.py --gateway "https://127.0.0.1:$PORT/DataManagement/FileCatalog" \
  --proxy "$CERTS/user/proxy.pem" --ca-dir "$CERTS/certificates" --gateway-pid "$GW" \
  --rucio-env "$REPO/.work/rucio/rucio.env" --runs "${RUNS:-3}"
