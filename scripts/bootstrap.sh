#!/usr/bin/env bash
# Installs what building, running and testing the gateway need on a Debian 12 machine, idempotently:
#   - Debian packages: the C libraries the Swift targets link (jansson, libcurl with OpenSSL, OpenSSL),
#     and the build tools M2Crypto needs for the DIRAC client (swig, a C compiler);
#   - the real DIRAC 9.1.22 client in its own venv (scripts/dirac-client/setup.sh), with pytest for the
#     interop tests.
# The Swift 6 toolchain itself must already be on PATH (see README).
# Env: SKIP_APT=1 never calls apt-get; DIRAC_CLIENT_VENV overrides the venv location.
# Prints the DIRAC client venv path on the last line.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

log() { echo "[bootstrap] $*" >&2; }

need=()
for pkg in libjansson-dev libcurl4-openssl-dev libssl-dev zlib1g-dev swig build-essential openssl python3-venv; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
if [ "${#need[@]}" -gt 0 ]; then
  if [ "${SKIP_APT:-0}" = 1 ]; then
    log "missing Debian packages: ${need[*]} (SKIP_APT=1)"; exit 1
  fi
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  log "apt-get install ${need[*]}"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

command -v swift >/dev/null 2>&1 || { log "swift is not on PATH: install the Swift 6 toolchain first"; exit 1; }

VENV="$(SKIP_APT=1 bash "$HERE/dirac-client/setup.sh" | tail -1)"
if ! "$VENV/bin/python" -c "import pytest" 2>/dev/null; then
  log "pip install pytest into $VENV"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check "pytest>=8,<10"
fi
echo "$VENV"
