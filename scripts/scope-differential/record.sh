#!/usr/bin/env bash
# Records the scope differential fixtures from the real Python packages, or checks them.
#
#   scripts/scope-differential/record.sh            re-record Fixtures/scope-differential/*
#   scripts/scope-differential/record.sh --check    fail if the committed fixtures differ from
#                                                   what the installed packages produce now
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$("$here/setup-policy-venv.sh")"
exec "$venv/bin/python" "$here/record.py" "$@"
