#!/usr/bin/env bash
# Creates, once, the Python venv holding the real CTAO policy package and Rucio's client package
# (requirements.txt), and prints its path on stdout. Idempotent: an existing venv built from the same
# requirements.txt with the same Python is reused as is; otherwise it is rebuilt from scratch.
#
#   venv:    ${SCOPE_POLICY_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/dirac-rucio-gateway/policy-venv}
#   python:  ${PYTHON:-python3}   (3.9 or later, as the policy package requires)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${SCOPE_POLICY_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/dirac-rucio-gateway/policy-venv}"
python="${PYTHON:-python3}"
requirements="$here/requirements.txt"
stamp="$venv/.dirac-rucio-gateway-requirements"

want="$( { cat "$requirements"; "$python" -c 'import sys; print(sys.version)'; } | sha256sum | cut -d' ' -f1)"

if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]] \
    && "$venv/bin/python" -c 'import bdms_rucio_policy.scope, rucio.common.utils, jsonschema' 2>/dev/null; then
    echo "$venv"
    exit 0
fi

echo "setup-policy-venv: creating $venv" >&2
start=$(date +%s)
rm -rf "$venv"
mkdir -p "$(dirname "$venv")"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$requirements" >&2
"$venv/bin/python" -c 'import bdms_rucio_policy.scope, rucio.common.utils, jsonschema'
echo "$want" > "$stamp"
echo "setup-policy-venv: ready in $(( $(date +%s) - start )) s" >&2
echo "$venv"
