#!/usr/bin/env bash
# Create a virtualenv holding a stock DIRAC client (PyPI "DIRAC", default 9.1.22).
# Idempotent: a venv that already imports the wanted DIRAC version is left alone.
#
# Env:
#   DIRAC_CLIENT_VENV   venv location (default: ${XDG_CACHE_HOME:-$HOME/.cache}/dirac-rucio-gateway/dirac-client-$DIRAC_VERSION)
#   DIRAC_VERSION       DIRAC version to install (default 9.1.22)
#   PYTHON              interpreter used to create the venv (default python3, needs >= 3.11)
#   DIRAC_WITH_GFAL2=1  also try to build gfal2-python (needs libgfal2 >= 2.23; Debian 12 has 2.21, so it fails there)
#   DIRAC_WITH_TOKENS=0 skip tornado (DIRAC's "server" extra pin, ~=5.1.1); without it the client's
#                       bearer-token mode cannot load its OAuth2IdProvider (default 1: install it)
#   SKIP_APT=1          never call apt-get (build deps must already be present)
#
# Prints the venv path on the last line.
set -euo pipefail

DIRAC_VERSION="${DIRAC_VERSION:-9.1.22}"
PYTHON="${PYTHON:-python3}"
VENV="${DIRAC_CLIENT_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/dirac-rucio-gateway/dirac-client-$DIRAC_VERSION}"

log() { echo "[setup] $*" >&2; }

venv_ok() {
  [ -x "$VENV/bin/python" ] && "$VENV/bin/python" - "$DIRAC_VERSION" "${DIRAC_WITH_TOKENS:-1}" <<'EOF' >/dev/null 2>&1
import sys
import M2Crypto  # noqa: F401
if sys.argv[2] == "1":
    import tornado  # noqa: F401
import DIRAC
from DIRAC.Resources.Catalog.FileCatalogClient import FileCatalogClient  # noqa: F401
from DIRAC.Resources.Catalog.FileCatalog import FileCatalog  # noqa: F401
sys.exit(0 if DIRAC.version == sys.argv[1] else 1)
EOF
}

if venv_ok; then
  log "DIRAC $DIRAC_VERSION already usable in $VENV"
  echo "$VENV"
  exit 0
fi

"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || {
  log "DIRAC $DIRAC_VERSION needs Python >= 3.11 (set PYTHON=...)"; exit 1; }

# M2Crypto (>= 0.50, required by DIRAC) ships only as an sdist: it needs swig, OpenSSL headers, a C compiler.
need_pkgs=()
command -v swig >/dev/null 2>&1 || need_pkgs+=(swig)
[ -f /usr/include/openssl/ssl.h ] || need_pkgs+=(libssl-dev)
command -v gcc >/dev/null 2>&1 || need_pkgs+=(build-essential)
if [ "${DIRAC_WITH_GFAL2:-0}" = 1 ]; then
  need_pkgs+=(libgfal2-dev cmake libboost-python-dev pkg-config libglib2.0-dev)
fi
if [ "${#need_pkgs[@]}" -gt 0 ]; then
  if [ "${SKIP_APT:-0}" = 1 ]; then
    log "missing build deps: ${need_pkgs[*]} (SKIP_APT=1)"; exit 1
  fi
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  log "apt-get install ${need_pkgs[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi

mkdir -p "$(dirname "$VENV")"
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
PIP=("$VENV/bin/python" -m pip --disable-pip-version-check -q)
"${PIP[@]}" install --upgrade pip wheel

# DIRAC hard-requires gfal2-python, which the catalog client never imports and which does not
# build against Debian 12's libgfal2.  Install DIRAC without deps, then every runtime
# requirement from its own metadata except gfal2-python.
log "pip install --no-deps DIRAC==$DIRAC_VERSION"
"${PIP[@]}" install --no-deps "DIRAC==$DIRAC_VERSION"
mapfile -t reqs < <("$VENV/bin/python" - "${DIRAC_WITH_GFAL2:-0}" <<'EOF'
import re, sys
from importlib.metadata import requires
with_gfal2 = sys.argv[1] == "1"
for r in requires("DIRAC") or []:
    if ";" in r and "extra" in r.split(";", 1)[1]:
        continue
    name = re.split(r"[<>=!~ ;\[]", r, maxsplit=1)[0].strip().lower()
    if name == "gfal2-python" and not with_gfal2:
        continue
    print(r.split(";", 1)[0].strip())
EOF
)
if [ "${DIRAC_WITH_TOKENS:-1}" = 1 ]; then
  reqs+=("tornado~=5.1.1")
fi
log "pip install ${#reqs[@]} packages (DIRAC requirements; builds M2Crypto from source)"
"${PIP[@]}" install "${reqs[@]}"

venv_ok || { log "venv created but DIRAC import check failed"; exit 1; }
log "(pip's \"dirac requires gfal2-python, which is not installed\" above is expected)"
log "DIRAC $DIRAC_VERSION ready in $VENV"
echo "$VENV"
