#!/usr/bin/env bash
# Install everything the Rucio test peer needs (see docs/rucio-dev.md):
#   * Debian packages: PostgreSQL server + client (the JSON metadata plugin needs a real
#     PostgreSQL: on SQLite every custom metadata key fails) and curl. apt-get runs only when
#     something is missing (then 'apt-get update' once, then one 'apt-get install').
#   * A Python venv with the Rucio server (PyPI rucio==41.5.1), gunicorn, psycopg 3 (binary wheel)
#     and CTAO's policy package ctao-bdms-rucio-policy, every transitive dependency pinned by
#     constraints.txt. A stamp file makes a second run a no-op.
# Idempotent. Prints the venv path on the last line of stdout.
#
# Env: RUCIO_DEV_VENV, RUCIO_DEV_PYTHON, RUCIO_DEV_SKIP_APT=1, RUCIO_DEV_FORCE_APT=1 (see common.sh).
set -euo pipefail
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

t0=$(rd_now_ms)

# ------------------------------------------------------------------ 1. Debian packages
apt_install() {
    rd_is_root || rd_die "missing Debian packages: $* (install them, or run setup.sh as root)"
    export DEBIAN_FRONTEND=noninteractive
    rd_log "apt-get update"
    apt-get update -qq
    rd_log "apt-get install $*"
    # --no-upgrade: never upgrade a package that is already installed (other work on the machine)
    apt-get install -y -qq --no-install-recommends --no-upgrade "$@" >/dev/null
}

missing=()
[ -n "$(rd_pg_bin)" ] || missing+=(postgresql postgresql-client)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v runuser >/dev/null 2>&1 || missing+=(util-linux)
if [ "${RUCIO_DEV_FORCE_APT:-0}" = 1 ]; then
    missing=(postgresql postgresql-client curl ca-certificates)   # re-check / repair the whole set
fi
if [ "${#missing[@]}" -gt 0 ]; then
    [ "${RUCIO_DEV_SKIP_APT:-0}" = 1 ] && rd_die "missing: ${missing[*]} (and RUCIO_DEV_SKIP_APT=1)"
    apt_install "${missing[@]}"
fi
[ -n "$(rd_pg_bin)" ] || rd_die "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin"
if rd_is_root; then
    # initdb refuses to run as root; the Debian package creates this user.
    id postgres >/dev/null 2>&1 || rd_die "user 'postgres' missing (the Debian postgresql package creates it)"
fi

# ------------------------------------------------------------------ 2. Python venv
"$RUCIO_DEV_PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)' \
    || rd_die "$RUCIO_DEV_PYTHON is older than 3.9 (set RUCIO_DEV_PYTHON)"
if [ ! -x "$RUCIO_DEV_VENV/bin/python" ]; then
    rd_log "creating venv $RUCIO_DEV_VENV"
    mkdir -p "$(dirname "$RUCIO_DEV_VENV")"
    if ! "$RUCIO_DEV_PYTHON" -m venv "$RUCIO_DEV_VENV" 2>/dev/null; then
        # Debian's python3 needs python3-venv for ensurepip.
        rm -rf "$RUCIO_DEV_VENV"
        [ "${RUCIO_DEV_SKIP_APT:-0}" = 1 ] && rd_die "'$RUCIO_DEV_PYTHON -m venv' failed (install python3-venv)"
        apt_install python3-venv
        "$RUCIO_DEV_PYTHON" -m venv "$RUCIO_DEV_VENV"
    fi
fi

# The stamp covers the pinned requirements and the venv's interpreter version.
stamp_file="$RUCIO_DEV_VENV/.rucio-dev-stamp"
want_stamp="$( { cat "$RD_HERE/requirements.txt" "$RD_HERE/constraints.txt"; "$RUCIO_DEV_VENV/bin/python" -VV; } | sha256sum | cut -d' ' -f1)"
if [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$want_stamp" ]; then
    rd_log "venv up to date"
else
    rd_log "pip install rucio server, gunicorn, psycopg, ctao-bdms-rucio-policy (pinned; 0.5 to 2 min cold)"
    rm -f "$stamp_file"
    "$RUCIO_DEV_VENV/bin/python" -m pip install --disable-pip-version-check -q \
        -r "$RD_HERE/requirements.txt" -c "$RD_HERE/constraints.txt"
    printf '%s\n' "$want_stamp" > "$stamp_file"
fi

# ------------------------------------------------------------------ 3. check
# Import what start.sh needs: the Flask app module, the policy package (its SUPPORTED_VERSION
# must accept this Rucio), the JSON metadata plugin and the PostgreSQL driver.
"$RUCIO_DEV_VENV/bin/python" - <<'EOF' >&2
import importlib.metadata as m
import importlib.util, os
import bdms_rucio_policy, psycopg, gunicorn  # noqa: F401
from packaging.specifiers import SpecifierSet
# (importing Rucio's server modules needs a rucio.cfg: only check that their files are there)
top = os.path.dirname(importlib.util.find_spec("rucio").origin)
for rel in ("web/rest/flaskapi/v1/main.py", "core/did_meta_plugins/json_meta.py", "db/sqla/migrate_repo"):
    if not os.path.exists(os.path.join(top, rel)):
        raise SystemExit(f"rucio/{rel} missing from the venv")
rucio = m.version("rucio")
if rucio not in SpecifierSet(bdms_rucio_policy.SUPPORTED_VERSION):
    raise SystemExit(f"ctao-bdms-rucio-policy supports rucio {bdms_rucio_policy.SUPPORTED_VERSION}, not {rucio}")
print("[rucio-dev] rucio %s, ctao-bdms-rucio-policy %s, gunicorn %s, psycopg %s, SQLAlchemy %s" % (
    rucio, *(m.version(p) for p in ("ctao-bdms-rucio-policy", "gunicorn", "psycopg", "SQLAlchemy"))))
EOF
rd_log "PostgreSQL: $("$(rd_pg_bin)/postgres" --version)"
rd_log "setup done in $(rd_elapsed "$t0")"
printf '%s\n' "$RUCIO_DEV_VENV"
