#!/usr/bin/env bash
# Stop the Rucio test peer: the gunicorn server(s) and the PostgreSQL cluster started by start.sh,
# by the pids start.sh recorded (never by process name). The data stays in $RUCIO_DEV_WORK;
#   stop.sh --wipe   also deletes the work dir (database, config, logs, rucio.env), not the venv.
# Safe to run when nothing runs.
set -euo pipefail
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

wipe=0
case "${1:-}" in
    '') ;;
    --wipe) wipe=1 ;;
    *) echo "usage: $0 [--wipe]" >&2; exit 2 ;;
esac
t0=$(rd_now_ms)

# stop_pid FILE WORD SIGNAL: send SIGNAL to the recorded pid if it still runs WORD; wait up to 30 s.
stop_pid() {
    local file="$1" word="$2" sig="$3" pid
    pid="$(cat "$file" 2>/dev/null || true)"
    if ! rd_pid_is "$pid" "$word"; then
        rm -f "$file"
        return 0
    fi
    rd_log "stopping $(basename "$file" .pid) (pid $pid)"
    kill "-$sig" "$pid" 2>/dev/null || true
    for _ in $(seq 1 120); do
        rd_pid_is "$pid" "$word" || { rm -f "$file"; return 0; }
        sleep 0.25
    done
    rd_log "pid $pid still running after 30 s; sending KILL"
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$file"
}

# gunicorn masters: TERM = graceful stop of master and workers.
for f in "$RD_RUN"/rucio*.pid; do
    [ -e "$f" ] || continue
    stop_pid "$f" frontend_wsgi TERM
    rm -f "${f%.pid}.front"
done
# postgres postmaster: INT = "fast" shutdown (what pg_ctl -m fast sends).
stop_pid "$RD_RUN/postgres.pid" postgres INT

if [ "$wipe" = 1 ]; then
    # The cluster may live under /tmp behind a symlink (see start.sh): remove that too.
    pg_target="$(readlink "$RD_PGHOME" 2>/dev/null || true)"
    case "$pg_target" in
        */rucio-dev-pg-*) rm -rf "$pg_target" ;;
    esac
    rm -rf "$RUCIO_DEV_WORK"
    rd_log "removed $RUCIO_DEV_WORK"
fi
rd_log "stopped in $(rd_elapsed "$t0")"
