#!/usr/bin/env bash
# Seed the running Rucio test peer (accounts, scopes, RSEs, CTAO-like data; see seed.py and
# docs/rucio-dev.md). Idempotent. Writes $RUCIO_DEV_WORK/seed.json, the manifest of what exists.
set -euo pipefail
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"
[ -f "$RUCIO_DEV_WORK/rucio.env" ] || rd_die "no $RUCIO_DEV_WORK/rucio.env: run scripts/rucio/start.sh first"
. "$RUCIO_DEV_WORK/rucio.env"
curl -sf -o /dev/null "$RUCIO_URL/ping" || rd_die "Rucio does not answer on $RUCIO_URL/ping: run scripts/rucio/start.sh"
t0=$(rd_now_ms)
py="$RUCIO_DEV_VENV/bin/python"
[ -x "$py" ] || py=python3          # seed.py needs only the standard library
"$py" "$RD_HERE/seed.py" "$RUCIO_DEV_WORK/seed.json"
rd_log "seed done in $(rd_elapsed "$t0")"
