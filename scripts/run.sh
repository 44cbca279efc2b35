#!/usr/bin/env bash
# Sets everything up and runs the gateway on https://127.0.0.1:8443/DataManagement/FileCatalog against a
# local real Rucio: Debian packages, the Rucio peer (scripts/rucio: Rucio 41.5.1, PostgreSQL, CTAO's policy,
# seeded with CTAO-like data; left running afterwards, stop it with scripts/rucio/stop.sh), test credentials
# (scripts/make-certs.sh, under .work/certs), a configuration (.work/gateway.yaml), a release build, then
# `dirac-rucio-gateway serve` in the foreground (Ctrl-C stops it).
# Env: GATEWAY_PORT (default 8443), WORK (default .work).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
WORK="${WORK:-$REPO/.work}"
PORT="${GATEWAY_PORT:-8443}"
mkdir -p "$WORK"

bash scripts/bootstrap.sh >/dev/null
[ -f "$WORK/certs/env.sh" ] || bash scripts/make-certs.sh "$WORK/certs" >&2
CERTS="$WORK/certs"
bash scripts/rucio/setup.sh >&2
RUCIO_DEV_X509=1 bash scripts/rucio/start.sh >&2
bash scripts/rucio/seed.sh >&2
RUCIO_ENV="$REPO/.work/rucio/rucio.env" bash scripts/local-config.sh "$CERTS" "$PORT" 9464 >"$WORK/gateway.yaml"

swift build -c release --product dirac-rucio-gateway >&2
BIN="$(swift build -c release --show-bin-path)/dirac-rucio-gateway"
"$BIN" check-config --config "$WORK/gateway.yaml" >&2
cat >&2 <<MSG

Gateway: https://127.0.0.1:$PORT/DataManagement/FileCatalog   metrics: http://127.0.0.1:9464/metrics
Try it from another shell:
  . $CERTS/env.sh
  $BIN call --url https://127.0.0.1:$PORT/DataManagement/FileCatalog whoami
  $BIN call --url https://127.0.0.1:$PORT/DataManagement/FileCatalog listDirectory '["/ctao/MC/PROD6"]' 
MSG
exec "$BIN" serve --config "$WORK/gateway.yaml"
