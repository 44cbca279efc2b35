#!/usr/bin/env bash
# The project's test command (README, .ci/run): installs what is missing, builds, then runs
#   1. the Swift unit and in-process server tests (`swift test`);
#   2. the interop tests: the real DIRAC 9.1.22 client against the gateway binary over HTTPS (pytest).
# Exit status is non-zero if anything fails.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

VENV="$(bash scripts/bootstrap.sh | tail -1)"

echo "== swift build" >&2
swift build
echo "== swift test" >&2
swift test

echo "== interop: real DIRAC client against the gateway" >&2
GATEWAY_BIN="$REPO/.build/debug/dirac-rucio-gateway" "$VENV/bin/python" -m pytest -q -p no:cacheprovider Tests/Interop
