#!/usr/bin/env bash
# Faults during bulk writes at production size (issue 10, item 8): for each fault between the gateway and Rucio
# (answers held beyond the timeout, Rucio slow, TCP resets before and after Rucio did the write, answers and request
# bodies cut mid-stream, 500 as Rucio and as a front, 502, 503, Rucio killed mid-batch), addFile and then removeFile
# of FILES files (10,000) in 100-LFN calls through the real DIRAC 9.1.22 client with the fault striking part-way,
# then the same calls again once healed, and Rucio's state verified as root. See scripts/faults/bench_faults.py and
# Tests/Interop/bulk_faults.py (the scenarios, shared with Tests/Interop/test_bulk_write_faults.py).
# Env: FILES (10000), BATCH (100), CASES (comma list, default all), TIMEOUT (the gateway's rucio.timeoutSeconds, 30),
# PARALLEL (cases at a time, 1), GATEWAY_BIN (a prebuilt binary; default: the release build, built here).
# Output: per case and operation on stdout; JSON lines in .work/bench-faults/results.jsonl; logs of each case's
# gateway, proxy-side DIRAC client under .work/bench-faults/<case>/. Exit status 1 if any verdict is FAIL.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
WORK="$REPO/.work/bench-faults"
PORT="${PORT:-28843}"  # unused: every case starts its own gateway on free ports
mkdir -p "$WORK"

# shellcheck source=bench-common.sh
. scripts/bench-common.sh

GATEWAY_BIN="${GATEWAY_BIN:-$BIN/dirac-rucio-gateway}" nice -n "${NICE:-0}" "$VENV/bin/python" \
  scripts/faults/bench_faults.py --certs "$CERTS" --files "${FILES:-10000}" --batch "${BATCH:-100}" \
  --timeout "${TIMEOUT:-30}" --cases "${CASES:-}" --parallel "${PARALLEL:-1}" --work "$WORK" \
  --json "$WORK/results.jsonl"
