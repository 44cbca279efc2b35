# Settings and helpers shared by the scripts/rucio/*.sh scripts. Sourced, never executed.
#
# Every setting can be overridden from the environment (see docs/rucio-dev.md):
#   RUCIO_DEV_WORK        work dir: PostgreSQL cluster, rucio.cfg, logs, pids, rucio.env
#                         (default <repo>/.work/rucio, git-ignored)
#   RUCIO_DEV_VENV        Python venv with the Rucio server
#                         (default ${XDG_CACHE_HOME:-$HOME/.cache}/dirac-rucio-gateway/rucio-venv)
#   RUCIO_DEV_PYTHON      interpreter that creates the venv (default python3, >= 3.9)
#   RUCIO_DEV_PORT        Rucio REST port on 127.0.0.1 (default 18080)
#   RUCIO_DEV_PG_PORT     PostgreSQL port on 127.0.0.1 (default 55432)
#   RUCIO_DEV_FRONT       nodecode (default; %2F stays encoded as behind CTAO's Apache) | decoding
#   RUCIO_DEV_REPLICA_SORT  sort for replica listings that ask for none (default random; empty = Rucio's geoip)
#   RUCIO_DEV_WORKERS / RUCIO_DEV_THREADS   gunicorn workers / threads per worker (default 1 / 4)
#   RUCIO_DEV_ROOT_PASSWORD   userpass password of root (default secret; test-only)
#   RUCIO_DEV_SKIP_APT=1  setup.sh never calls apt-get; RUCIO_DEV_FORCE_APT=1 always does

RD_HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"       # scripts/rucio
RD_REPO="$(cd "$RD_HERE/../.." && pwd)"                       # repository root

RUCIO_DEV_WORK="$(realpath -m "${RUCIO_DEV_WORK:-$RD_REPO/.work/rucio}")"
RUCIO_DEV_VENV="$(realpath -m "${RUCIO_DEV_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/dirac-rucio-gateway/rucio-venv}")"
RUCIO_DEV_PYTHON="${RUCIO_DEV_PYTHON:-python3}"
RUCIO_DEV_PORT="${RUCIO_DEV_PORT:-18080}"
RUCIO_DEV_PG_PORT="${RUCIO_DEV_PG_PORT:-55432}"
RUCIO_DEV_FRONT="${RUCIO_DEV_FRONT:-nodecode}"
RUCIO_DEV_REPLICA_SORT="${RUCIO_DEV_REPLICA_SORT-random}"
RUCIO_DEV_WORKERS="${RUCIO_DEV_WORKERS:-1}"
RUCIO_DEV_THREADS="${RUCIO_DEV_THREADS:-4}"
RUCIO_DEV_ROOT_USERNAME="root"
RUCIO_DEV_ROOT_PASSWORD="${RUCIO_DEV_ROOT_PASSWORD:-secret}"

RD_ETC="$RUCIO_DEV_WORK/etc"
RD_LOG="$RUCIO_DEV_WORK/log"
RD_RUN="$RUCIO_DEV_WORK/run"
RD_PGHOME="$RUCIO_DEV_WORK/pg"          # cluster in pg/data (pg may be a symlink, see start.sh)
RD_PG_SUPERPASS="postgres"              # throw-away cluster on loopback: test-only credentials
RD_DB_NAME="rucio"
RD_DB_USER="rucio"
RD_DB_PASS="rucio"
RUCIO_DEV_URL="http://127.0.0.1:$RUCIO_DEV_PORT"

rd_log() { printf '[rucio-dev] %s\n' "$*" >&2; }
rd_die() { printf '[rucio-dev] ERROR: %s\n' "$*" >&2; exit 1; }
rd_is_root() { [ "$(id -u)" = "0" ]; }

# Milliseconds since the epoch (for the timings the scripts print).
rd_now_ms() { date +%s%3N; }
rd_elapsed() { local ms=$(( $(rd_now_ms) - $1 )); printf '%d.%01ds' $((ms / 1000)) $(((ms % 1000) / 100)); }

# Newest installed PostgreSQL server binaries (Debian layout /usr/lib/postgresql/<major>/bin).
rd_pg_bin() {
    local d
    d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/psql" ]; then
        printf '%s\n' "$d"
    fi
}

# initdb/postgres refuse to run as root: run them as the 'postgres' user when we are root.
rd_as_pg() {
    if rd_is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

# True when PID is alive and its command line contains WORD (guards against recycled pids).
rd_pid_is() {
    local pid="$1" word="$2"
    [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- "$word"
}

rd_port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

rd_check_settings() {
    case "$RUCIO_DEV_FRONT" in nodecode|decoding) ;; *) rd_die "RUCIO_DEV_FRONT must be nodecode or decoding" ;; esac
    case "$RUCIO_DEV_REPLICA_SORT" in ''|random|geoip|custom_table) ;;
        *) rd_die "RUCIO_DEV_REPLICA_SORT must be random, geoip, custom_table or empty" ;; esac
}

# One line describing the front end settings; recorded beside the pid file so that a second
# start.sh with other settings refuses instead of silently keeping the old server.
rd_front_desc() { printf 'front=%s replica_sort=%s\n' "$RUCIO_DEV_FRONT" "${RUCIO_DEV_REPLICA_SORT:-geoip(stock)}"; }
