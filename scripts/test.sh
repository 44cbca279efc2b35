#!/usr/bin/env bash
# The project's test command (README, .ci/run): installs what is missing, builds, starts the real Rucio peer
# (scripts/rucio: PostgreSQL + Rucio 41.5.1 with CTAO's policy, seeded), then runs
#   1. the Swift unit, in-process server and Rucio client tests (`swift test`);
#   2. the interop tests: the real DIRAC 9.1.22 client against the gateway binary over HTTPS (pytest).
# A Rucio peer that was already running is left running; one started here is stopped at the end.
# Exit status is non-zero if anything fails.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

VENV="$(bash scripts/bootstrap.sh | tail -1)"

echo "== Rucio peer" >&2
bash scripts/rucio/setup.sh >/dev/null
if ! curl -fsS --max-time 3 "http://127.0.0.1:${RUCIO_DEV_PORT:-18080}/ping" >/dev/null 2>&1; then
  trap 'bash scripts/rucio/stop.sh >/dev/null 2>&1 || true' EXIT
fi
RUCIO_DEV_X509=1 bash scripts/rucio/start.sh >/dev/null
bash scripts/rucio/seed.sh >/dev/null

echo "== swift build" >&2
swift build
echo "== swift test" >&2
swift test

echo "== interop: real DIRAC client against the gateway" >&2
GATEWAY_BIN="$REPO/.build/debug/dirac-rucio-gateway" "$VENV/bin/python" -m pytest -q -p no:cacheprovider Tests/Interop
