#!/usr/bin/env bash
# Start the Rucio test peer on loopback (see docs/rucio-dev.md):
#   1. PostgreSQL: a private cluster in $RUCIO_DEV_WORK/pg (initdb on first start), 127.0.0.1 only.
#   2. rucio.cfg configured as CTAO deploys Rucio (policy package bdms_rucio_policy, scope and
#      lfn2pfn algorithm ctao_bdms, JSON metadata plugin), userpass identity for root.
#   3. Schema, VO and root account (first start only).
#   4. The Rucio REST API under gunicorn on 127.0.0.1:$RUCIO_DEV_PORT behind frontend_wsgi.py
#      (default front: %2F kept encoded, as CTAO's Apache). Waits until GET /ping answers.
#   5. Writes $RUCIO_DEV_WORK/rucio.env (URL, credentials, settings a client needs).
# Idempotent: when everything already runs with the same settings, it only rewrites rucio.env.
#
# Optional: RUCIO_DEV_X509=1 also serves the API over https on 127.0.0.1:$RUCIO_DEV_X509_PORT
# (default 18443) with x509 client authentication (see docs/rucio-dev.md, "x509").
set -euo pipefail
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

t0=$(rd_now_ms)
rd_check_settings
[ -x "$RUCIO_DEV_VENV/bin/gunicorn" ] || rd_die "no Rucio venv at $RUCIO_DEV_VENV: run scripts/rucio/setup.sh first"
PGBIN="$(rd_pg_bin)"
[ -n "$PGBIN" ] || rd_die "PostgreSQL server binaries not found: run scripts/rucio/setup.sh first"
RUCIO_DEV_X509="${RUCIO_DEV_X509:-0}"
RUCIO_DEV_X509_PORT="${RUCIO_DEV_X509_PORT:-18443}"
mkdir -p "$RD_ETC" "$RD_LOG" "$RD_RUN"

# ---------------------------------------------------------------------------------- PostgreSQL
pg_start() {
    if [ ! -f "$RD_PGHOME/data/PG_VERSION" ]; then
        rm -rf "$RD_PGHOME"
        mkdir -p "$RD_PGHOME"
        if rd_is_root; then
            chown postgres: "$RD_PGHOME"
            if ! runuser -u postgres -- test -w "$RD_PGHOME"; then
                # The postgres user cannot reach the work dir (e.g. a clone under /root, mode 700):
                # keep the cluster in a private directory under /tmp, reached through a symlink.
                local alt
                alt="${TMPDIR:-/tmp}/rucio-dev-pg-$(printf '%s' "$RUCIO_DEV_WORK" | cksum | cut -d' ' -f1)"
                rm -rf "$RD_PGHOME" "$alt"
                mkdir -p "$alt" && chown postgres: "$alt" && chmod 700 "$alt"
                ln -s "$alt" "$RD_PGHOME"
                rd_log "postgres cannot reach $RUCIO_DEV_WORK; its cluster lives in $alt"
            fi
        fi
    fi
    local pghome pgdata
    pghome="$(readlink -f "$RD_PGHOME")"   # the postgres user may not be able to follow the link
    pgdata="$pghome/data"

    if [ ! -f "$pgdata/PG_VERSION" ]; then
        rd_log "initdb $pgdata"
        local pwfile="$pghome/superuser.pw"
        printf '%s\n' "$RD_PG_SUPERPASS" > "$pwfile"
        if rd_is_root; then chown postgres: "$pwfile"; fi
        rd_as_pg "$PGBIN/initdb" -D "$pgdata" -U postgres -A scram-sha-256 --no-sync \
            --pwfile="$pwfile" -E UTF8 --locale=C >"$RD_LOG/initdb.log" 2>&1 \
            || { rm -f "$pwfile"; cat "$RD_LOG/initdb.log" >&2; rd_die "initdb failed"; }
        rm -f "$pwfile"
        # Loopback TCP only, no unix socket (no clash with a system cluster in /var/run/postgresql).
        # Durability traded for speed: the data is throw-away test data.
        rd_as_pg sh -c "cat >> '$pgdata/postgresql.conf'" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 50
EOF
    fi

    if rd_as_pg "$PGBIN/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
        rd_log "postgres already running"
    else
        rd_port_busy "$RUCIO_DEV_PG_PORT" && rd_die "127.0.0.1:$RUCIO_DEV_PG_PORT is in use by another process (set RUCIO_DEV_PG_PORT)"
        rd_log "starting postgres on 127.0.0.1:$RUCIO_DEV_PG_PORT"
        rd_as_pg "$PGBIN/pg_ctl" -D "$pgdata" -l "$pghome/postgres.log" \
            -o "-p $RUCIO_DEV_PG_PORT" -w -t 60 start >/dev/null \
            || { tail -n 20 "$pghome/postgres.log" >&2; rd_die "postgres did not start"; }
    fi
    head -n 1 "$pgdata/postmaster.pid" > "$RD_RUN/postgres.pid"

    # Role and database for Rucio (first start only).
    local psql=("$PGBIN/psql" -X -q -h 127.0.0.1 -p "$RUCIO_DEV_PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1)
    export PGPASSWORD="$RD_PG_SUPERPASS"
    if [ -z "$("${psql[@]}" -tAc "select 1 from pg_roles where rolname='$RD_DB_USER'")" ]; then
        "${psql[@]}" -c "create role $RD_DB_USER login password '$RD_DB_PASS'"
    fi
    if [ -z "$("${psql[@]}" -tAc "select 1 from pg_database where datname='$RD_DB_NAME'")" ]; then
        "${psql[@]}" -c "create database $RD_DB_NAME owner $RD_DB_USER"
    fi
    unset PGPASSWORD
}

pg_start
rd_log "postgres ready ($(rd_elapsed "$t0"))"
DB_URL="postgresql+psycopg://$RD_DB_USER:$RD_DB_PASS@127.0.0.1:$RUCIO_DEV_PG_PORT/$RD_DB_NAME"

# ------------------------------------------------------------------------------- configuration
migrate_repo="$("$RUCIO_DEV_VENV/bin/python" -c 'import importlib.util, os; print(os.path.join(os.path.dirname(importlib.util.find_spec("rucio").origin), "db", "sqla", "migrate_repo"))')"
cat > "$RD_ETC/alembic.ini" <<EOF
# generated by scripts/rucio/start.sh: used by build_database() to stamp the schema version
[alembic]
script_location = $migrate_repo
sqlalchemy.url = $DB_URL

[loggers]
keys = root,sqlalchemy,alembic
[handlers]
keys = console
[formatters]
keys = generic
[logger_root]
level = WARN
handlers = console
qualname =
[logger_sqlalchemy]
level = WARN
handlers =
qualname = sqlalchemy.engine
[logger_alembic]
level = WARN
handlers =
qualname = alembic
[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic
[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
EOF

# [policy] and [common] extract_scope exactly as CTAO's BDMS Helm chart sets them (ctao-bdms-clients
# chart/values.yaml). With `package` set, Rucio loads schema and permission from the package
# (bdms_rucio_policy.schema / .permission, the latter = upstream generic); `schema = ctao_bdms`
# then only names the schema in metalink <glfn> and `permission = ctao` is only a fallback name.
# [metadata] plugins is Rucio's default (CTAO leaves it unset); written out to make it visible.
# [client] lets the python rucio client of the venv use this file (RUCIO_CONFIG=...).
cat > "$RD_ETC/rucio.cfg" <<EOF
# generated by scripts/rucio/start.sh: test-only credentials, loopback only
[common]
loglevel = INFO
extract_scope = ctao_bdms

[database]
default = $DB_URL
pool_recycle = 3600
pool_reset_on_return = rollback

[bootstrap]
userpass_identity = $RUCIO_DEV_ROOT_USERNAME
userpass_pwd = $RUCIO_DEV_ROOT_PASSWORD
userpass_email = root@localhost
x509_identity =
gss_identity =
ssh_identity =

[alembic]
cfg = $RD_ETC/alembic.ini

[policy]
package = bdms_rucio_policy
permission = ctao
schema = ctao_bdms
lfn2pfn_algorithm_default = ctao_bdms

[metadata]
plugins = rucio.core.did_meta_plugins.json_meta.JSONDidMeta

[core]
geoip_ignore_error = True

[client]
rucio_host = $RUCIO_DEV_URL
auth_host = $RUCIO_DEV_URL
auth_type = userpass
account = root
username = $RUCIO_DEV_ROOT_USERNAME
password = $RUCIO_DEV_ROOT_PASSWORD
request_retries = 1
EOF
export RUCIO_CONFIG="$RD_ETC/rucio.cfg"

# --------------------------------------------------------------------- schema + root account
# bootstrap_db.py is itself idempotent; the marker only saves its ~1.5 s of imports.
if [ ! -f "$RD_RUN/bootstrapped" ]; then
    "$RUCIO_DEV_VENV/bin/python" "$RD_HERE/bootstrap_db.py" 2>>"$RD_LOG/bootstrap.log" \
        || { tail -n 30 "$RD_LOG/bootstrap.log" >&2; rd_die "schema bootstrap failed (log: $RD_LOG/bootstrap.log)"; }
    touch "$RD_RUN/bootstrapped"
    rd_log "schema, VO and root account created ($(rd_elapsed "$t0"))"
fi

# ------------------------------------------------------------------------------ REST servers
# rd_serve NAME PORT SCHEME [gunicorn TLS args...]: run frontend_wsgi under gunicorn on 127.0.0.1:PORT
# in the background (own session, so it outlives this script); pid in run/NAME.pid.
rd_serve() {
    local name="$1" port="$2" scheme="$3"; shift 3
    local pidfile="$RD_RUN/$name.pid" url="$scheme://127.0.0.1:$port" curl_tls=()
    [ "$scheme" = https ] && curl_tls=(--cacert "$RD_ETC/x509/ca.pem")

    local pid running
    pid="$(cat "$pidfile" 2>/dev/null || true)"
    if rd_pid_is "$pid" frontend_wsgi; then
        running="$(cat "$RD_RUN/$name.front" 2>/dev/null || echo 'front=unknown')"
        [ "$running" = "$(rd_front_desc)" ] \
            || rd_die "$name already running (pid $pid) with $running, not $(rd_front_desc): run stop.sh first"
        rd_log "$name already running (pid $pid) on $url"
        return 0
    fi
    rd_port_busy "$port" && rd_die "127.0.0.1:$port is in use by another process (set RUCIO_DEV_PORT / RUCIO_DEV_X509_PORT)"
    rm -f "$pidfile"
    rd_log "starting $name on $url ($(rd_front_desc))"
    (
        cd "$RUCIO_DEV_WORK"
        export RUCIO_DEV_FRONT RUCIO_DEV_REPLICA_SORT PYTHONDONTWRITEBYTECODE=1
        exec setsid "$RUCIO_DEV_VENV/bin/gunicorn" \
            --bind "127.0.0.1:$port" \
            --workers "$RUCIO_DEV_WORKERS" --threads "$RUCIO_DEV_THREADS" \
            --timeout 120 --graceful-timeout 10 --no-control-socket \
            --pid "$pidfile" \
            --access-logfile "$RD_LOG/$name-access.log" \
            --error-logfile "$RD_LOG/$name-gunicorn.log" \
            "$@" \
            --pythonpath "$RD_HERE" frontend_wsgi:application
    ) >>"$RD_LOG/$name.log" 2>&1 </dev/null &
    local launcher=$! ok=0
    for _ in $(seq 1 240); do
        if curl -sf "${curl_tls[@]}" -o /dev/null "$url/ping"; then ok=1; break; fi
        if ! kill -0 "$launcher" 2>/dev/null && ! rd_pid_is "$(cat "$pidfile" 2>/dev/null || true)" frontend_wsgi; then
            break   # gunicorn died
        fi
        sleep 0.25
    done
    if [ "$ok" != 1 ]; then
        tail -n 30 "$RD_LOG/$name.log" "$RD_LOG/$name-gunicorn.log" >&2 || true
        rd_die "$name did not answer on $url/ping"
    fi
    rd_front_desc > "$RD_RUN/$name.front"
}

rd_serve rucio "$RUCIO_DEV_PORT" http

X509_URL=""
if [ "$RUCIO_DEV_X509" != 1 ] && rd_pid_is "$(cat "$RD_RUN/rucio-x509.pid" 2>/dev/null || true)" frontend_wsgi; then
    RUCIO_DEV_X509=1   # already running from an earlier start: keep it (and keep it in rucio.env)
fi
if [ "$RUCIO_DEV_X509" = 1 ]; then
    # shellcheck source=x509.sh
    . "$RD_HERE/x509.sh"
    rd_x509_prepare                       # host cert/key + CA from scripts/make-certs.sh's layout
    rd_serve rucio-x509 "$RUCIO_DEV_X509_PORT" https \
        --certfile "$RD_ETC/x509/server.crt" --keyfile "$RD_ETC/x509/server.key" \
        --config "$RD_HERE/rucio_x509_gunicorn.py"
    X509_URL="https://127.0.0.1:$RUCIO_DEV_X509_PORT"
fi

# ------------------------------------------------------------------------------------ rucio.env
version="$(curl -sf "$RUCIO_DEV_URL/ping")"
cat > "$RUCIO_DEV_WORK/rucio.env" <<EOF
# Rucio test peer (scripts/rucio/start.sh). Test-only credentials; loopback only. Source it.
export RUCIO_URL='$RUCIO_DEV_URL'
export RUCIO_AUTH_URL='$RUCIO_DEV_URL'
export RUCIO_AUTH_TYPE='userpass'
export RUCIO_ACCOUNT='root'
export RUCIO_USERNAME='$RUCIO_DEV_ROOT_USERNAME'
export RUCIO_PASSWORD='$RUCIO_DEV_ROOT_PASSWORD'
# Single-VO server: its VO is 'def'. X-Rucio-VO may be omitted; any other value gives 401.
# (The python rucio client reads RUCIO_VO, RUCIO_ACCOUNT and RUCIO_AUTH_TYPE too: keep them valid.)
export RUCIO_VO='def'
# How DID names go into URL paths: nodecode = <scope>/<name with every '/' as %2F> (CTAO production).
export RUCIO_DEV_FRONT='$RUCIO_DEV_FRONT'
# Server policy: scope = 2nd LFN element, user.<name> for /<vo>/user/<x>/<name>/..., root for /<vo>.
export RUCIO_SCOPE_ALGORITHM='ctao_bdms'
export RUCIO_VO_ROOT='/ctao'
# Accounts created by seed.sh (see docs/rucio-dev.md).
export RUCIO_SERVICE_ACCOUNT='dirac'
export RUCIO_SERVICE_USERNAME='dirac'
export RUCIO_SERVICE_PASSWORD='dirac-secret'
export RUCIO_USER_ACCOUNT='testuser'
export RUCIO_USER_USERNAME='testuser'
export RUCIO_USER_PASSWORD='testuser-secret'
export RUCIO_USER_DN='/C=ch/O=CTAO/OU=DPPS Test/CN=testuser'
export RUCIO_RSES='STORAGE-1 STORAGE-2'
# https + x509 client auth (only with RUCIO_DEV_X509=1; empty otherwise).
export RUCIO_X509_URL='$X509_URL'
export RUCIO_X509_CA='$( [ -n "$X509_URL" ] && printf '%s' "$RD_ETC/x509/ca.pem" )'
export RUCIO_DEV_X509_CERTS='$( [ -n "$X509_URL" ] && printf '%s' "$RUCIO_DEV_X509_CERTS" )'
# For the python rucio client in the venv: RUCIO_CONFIG="\$RUCIO_DEV_CONFIG" "\$RUCIO_DEV_VENV/bin/rucio" ...
export RUCIO_DEV_CONFIG='$RD_ETC/rucio.cfg'
export RUCIO_DEV_VENV='$RUCIO_DEV_VENV'
export RUCIO_DEV_WORK='$RUCIO_DEV_WORK'
EOF

rd_log "ready in $(rd_elapsed "$t0"): $RUCIO_DEV_URL $version${X509_URL:+, x509 on $X509_URL}"
printf '%s\n' "$RUCIO_DEV_WORK/rucio.env"
