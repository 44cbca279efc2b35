#!/usr/bin/env bash
# Metadata query benchmark (issue 7): findFilesByMetadata through the stock DIRAC client against the direct Rucio
# requests the same exact answer needs, on a CTAO-like tree of FILES files (default 100000) in the local Rucio;
# time, the gateway's peak memory growth and the Rucio requests per query. See Benchmarks/metadata/metadata_bench.py.
# Env: FILES (100000), RUNS (3), PORT (28743).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
WORK="$REPO/.work/bench-metadata"
PORT="${PORT:-28743}"
mkdir -p "$WORK"

# shellcheck source=bench-common.sh
. scripts/bench-common.sh

rm -f "$WORK/port"
"$BIN/dirac-rucio-gateway" serve --config "$WORK/gateway.yaml" --port-file "$WORK/port" 2>"$WORK/gateway.log" &
GW=$!
trap 'kill $GW 2>/dev/null; wait $GW 2>/dev/null' EXIT
for _ in $(seq 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
"$VENV/bin/python" Benchmarks/metadata/metadata_bench.py --gateway "https://127.0.0.1:$PORT/DataManagement/FileCatalog" \
  --proxy "$CERTS/user/proxy-production.pem" --ca-dir "$CERTS/certificates" --gateway-pid "$GW" \
  --rucio-env "$REPO/.work/rucio/rucio.env" --files "${FILES:-100000}" --runs "${RUNS:-3}" \
  --explain "$BIN/dirac-rucio-gateway explain -c $WORK/gateway.yaml --account dirac"
