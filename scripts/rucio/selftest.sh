#!/usr/bin/env bash
# End-to-end proof of the Rucio test peer: setup -> start -> seed -> REST checks with curl.
# Prints "N passed, N failed" and exits non-zero when a check failed.
#
#   selftest.sh            use what exists (every step is idempotent); leave the peer running
#   selftest.sh --fresh    stop.sh --wipe first: a new database from nothing (the venv is kept)
#   selftest.sh --stop     stop the peer at the end (data kept)
# Both options can be combined. RUCIO_DEV_X509=1 adds the x509 checks (see docs/rucio-dev.md).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$HERE/common.sh"

fresh=0 stop_at_end=0
for arg in "$@"; do
    case "$arg" in
        --fresh) fresh=1 ;;
        --stop) stop_at_end=1 ;;
        *) echo "usage: $0 [--fresh] [--stop]" >&2; exit 2 ;;
    esac
done

phase() {  # phase NAME CMD...: run a step, print its duration, abort the self-test if it fails
    local name="$1" t; shift
    t=$(rd_now_ms)
    if ! "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"; then
        cat "$tmp/$name.out" "$tmp/$name.err" >&2
        echo "selftest: $name failed"
        echo "0 passed, 1 failed"
        exit 1
    fi
    printf 'selftest: %-6s %s\n' "$name" "$(rd_elapsed "$t")"
}

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

[ "$fresh" = 1 ] && phase wipe "$HERE/stop.sh" --wipe
phase setup "$HERE/setup.sh"
phase start "$HERE/start.sh"
phase seed "$HERE/seed.sh"
. "$RUCIO_DEV_WORK/rucio.env"

# ----------------------------------------------------------------------------------- helpers
pass=0 fail=0
ok()  { pass=$((pass + 1)); printf 'ok   %s\n' "$1"; }
bad() { fail=$((fail + 1)); printf 'FAIL %s\n' "$1"; [ -z "${2:-}" ] || printf '     %s\n' "$2"; }

# req METHOD PATH [curl args...]: sets $status, $body ($tmp/body) and $hdrs ($tmp/headers).
req() {
    local method="$1" path="$2"; shift 2
    : >"$tmp/body"; : >"$tmp/headers"
    status="$(curl -sS -X "$method" -o "$tmp/body" -D "$tmp/headers" -w '%{http_code}' "$@" "$RUCIO_URL$path" || true)"
    [ -n "$status" ] || status=000
    body="$(cat "$tmp/body")"
}
header() { tr -d '\r' < "$tmp/headers" | awk -F': ' -v h="$1" 'tolower($1)==tolower(h) {print $2}'; }
# expect DESC STATUS [REGEX]: the last req answered STATUS and its body matches the extended REGEX.
expect() {
    local desc="$1" want="$2" re="${3:-}"
    if [ "$status" != "$want" ]; then
        bad "$desc" "HTTP $status (want $want): $(header ExceptionClass) ${body:0:300}"
    elif [ -n "$re" ] && ! grep -Eq -- "$re" "$tmp/body"; then
        bad "$desc" "body does not match /$re/: ${body:0:300}"
    else
        ok "$desc"
    fi
}
token_for() {  # token_for ACCOUNT USERNAME PASSWORD -> prints the token (empty on failure)
    curl -sS -o /dev/null -D - -H "X-Rucio-Account: $1" -H "X-Rucio-Username: $2" -H "X-Rucio-Password: $3" \
        "$RUCIO_AUTH_URL/auth/userpass" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-rucio-auth-token" {print $2}'
}
# dp SCOPE NAME: the <scope>/<name> part of a DID URL (CTAO names hold only [A-Za-z0-9/._-]).
#   nodecode front (CTAO production): SCOPE/NAME with every '/' of the name as %2F
#   decoding front: SCOPE immediately followed by the name (the CTAO SCOPE_NAME_REGEXP splits there)
dp() {
    if [ "$RUCIO_DEV_FRONT" = nodecode ]; then printf '%s/%s' "$1" "${2//\//%2F}"; else printf '%s%s' "$1" "$2"; fi
}

# Seeded names (seed.py).
MCDS=/ctao/MC/PROD6/Paranal/gamma/sim_telarray/2147/Data/000xxx
MC1=$MCDS/gamma_20deg_0deg_run1___cta-prod6-paranal-2147m-Paranal-dark.simtel.zst
MC2=$MCDS/gamma_20deg_0deg_run2___cta-prod6-paranal-2147m-Paranal-dark.simtel.zst
ACADA1=/ctao/acada/DL0/LSTN-01/ctao-north/Event/2025/12/07/TEL001_SDH0001_20251207T031500_SBID0000000123_OBSID0000000456_CHUNK001.fits.fz
USERF=/ctao/user/t/testuser/analysis/result_001.h5

# -------------------------------------------------------------------------------------- checks
req GET /ping
expect "GET /ping answers the server version" 200 '"version": ?"41\.5\.1"'

req GET /auth/userpass -H "X-Rucio-Account: root" -H "X-Rucio-Username: $RUCIO_USERNAME" -H "X-Rucio-Password: wrong"
expect "userpass with a wrong password: 401" 401
TOKEN="$(token_for "$RUCIO_ACCOUNT" "$RUCIO_USERNAME" "$RUCIO_PASSWORD")"
if [ -n "$TOKEN" ]; then ok "userpass token for root"; else bad "userpass token for root"; fi
A=(-H "X-Rucio-Auth-Token: $TOKEN")

req GET /accounts/whoami "${A[@]}" -L
expect "whoami (303 -> /accounts/root) is root" 200 '"account": ?"root"'

req GET /scopes/ "${A[@]}"
if [ "$status" = 200 ] && python3 -c 'import json,sys; s=set(json.load(open(sys.argv[1]))); sys.exit(0 if {"root","acada","MC","tests","user.testuser"} <= s else 1)' "$tmp/body"; then
    ok "list scopes: root, acada, MC, tests, user.testuser"
else
    bad "list scopes: root, acada, MC, tests, user.testuser" "HTTP $status: ${body:0:300}"
fi

req GET "/dids/$(dp root /ctao)" "${A[@]}"
expect "top container root:/ctao" 200 '"type": ?"CONTAINER"'

req GET "/dids/$(dp MC "$MC1")" "${A[@]}"
expect "file DID lookup (name %2F-encoded under the nodecode front)" 200 '"type": ?"FILE".*"adler32": ?"[0-9a-f]{8}"'

req GET "/dids/$(dp MC "$MCDS/missing.dat")" "${A[@]}"
expect "missing DID: 404 DataIdentifierNotFound" 404 'DataIdentifierNotFound'

if [ "$RUCIO_DEV_FRONT" = nodecode ]; then
    req GET "/dids/MC${MC1}" "${A[@]}"
    expect "unencoded slashes in the name are refused (nodecode front, as CTAO's Apache)" 400
else
    req GET "/dids/MC/${MC1//\//%2F}" "${A[@]}"
    expect "decoding front: the python client's /dids/MC/%2Fctao... form resolves to //ctao... (404)" 404
fi

req GET "/dids/$(dp root /ctao)/dids" "${A[@]}"
expect "content of /ctao lists the scope containers" 200 '"name": ?"/ctao/MC"'

req GET "/dids/$(dp MC "$MCDS")/dids" "${A[@]}"
expect "dataset content lists its files" 200 'run1___cta-prod6'

req POST /replicas/list "${A[@]}" -H 'Content-Type: application/json' \
    -d "{\"dids\": [{\"scope\": \"MC\", \"name\": \"$MC1\"}, {\"scope\": \"MC\", \"name\": \"$MC2\"}, {\"scope\": \"acada\", \"name\": \"$ACADA1\"}, {\"scope\": \"MC\", \"name\": \"$MCDS/missing.dat\"}]}"
if [ "$status" = 200 ] && [ "$(grep -c '"pfns"' "$tmp/body")" = 3 ] \
    && grep -q 'davs://rucio-storage-2:1094//rucio//ctao/MC/PROD6' "$tmp/body"; then
    ok "POST /replicas/list: 3 seeded files with davs PFNs (prefix + LFN), the missing one left out"
else
    bad "POST /replicas/list of seeded files" "HTTP $status: ${body:0:300}"
fi

req GET "/replicas/$(dp MC "$MC1")" "${A[@]}" -H 'Accept: application/x-json-stream'
expect "GET /replicas/<scope>/<%2F name>: replicas on STORAGE-1 and STORAGE-2" 200 '"STORAGE-1".*"STORAGE-2"|"STORAGE-2".*"STORAGE-1"'

req GET "/dids/$(dp MC "$MC1")/meta?plugin=JSON" "${A[@]}"
expect "JSON metadata of a file" 200 '"particle": ?"gamma"'

req GET "/dids/MC/dids/search?type=file&particle=gamma&thetaP.gte=20&runNumber.lt=3" "${A[@]}" -H 'Accept: application/x-json-stream'
if [ "$status" = 200 ] && [ "$(grep -c 'run[12]___' "$tmp/body")" = 2 ] && ! grep -q 'run3___' "$tmp/body"; then
    ok "metadata search (JSON plugin, typed comparisons) finds runs 1 and 2"
else
    bad "metadata search" "HTTP $status: ${body:0:300}"
fi

req POST /dids/bulkmeta "${A[@]}" -H 'Content-Type: application/json' -H 'Accept: application/x-json-stream' \
    -d "{\"dids\": [{\"scope\": \"acada\", \"name\": \"$ACADA1\"}], \"plugin\": \"JSON\"}"
expect "bulk metadata of an ACADA file (__ keys as ctao-bdms-clients writes them)" 200 '"data__level": ?"DL0"'

# DIRAC registration through Rucio's own endpoint, as the gateway's service account; a new LFN
# each run (scope tests), so the call really creates file, replica, dataset and containers.
DTOKEN="$(token_for "$RUCIO_SERVICE_ACCOUNT" "$RUCIO_SERVICE_USERNAME" "$RUCIO_SERVICE_PASSWORD")"
if [ -n "$DTOKEN" ]; then ok "userpass token for the service account dirac"; else bad "userpass token for dirac"; fi
stamp="$(date +%Y%m%dT%H%M%S)-$$"
NEW=/ctao/tests/selftest/$stamp/Data/file_1.dat
req POST /dirac/addfiles -H "X-Rucio-Auth-Token: $DTOKEN" -H 'Content-Type: application/json' \
    -d "{\"lfns\": [{\"lfn\": \"$NEW\", \"rse\": \"STORAGE-1\", \"bytes\": 42, \"adler32\": \"0a0b0c0d\", \"guid\": \"6ba7b810-9dad-11d1-80b4-00c04fd430c8\"}], \"ignore_availability\": true}"
expect "POST /dirac/addfiles registers a new LFN (ctao_bdms scope 'tests' derived by the server)" 201
req GET "/dids/$(dp tests "${NEW%/*}")" "${A[@]}"
expect "... its directory became a DATASET" 200 '"type": ?"DATASET"'
req GET "/dids/$(dp tests "/ctao/tests/selftest/$stamp")/parents" "${A[@]}" -H 'Accept: application/x-json-stream'
expect "... and its parent containers were created up to /ctao" 200 '"name": ?"/ctao/tests/selftest"'
req GET "/replicas/$(dp tests "$NEW")" "${A[@]}" -H 'Accept: application/x-json-stream'
expect "... with a replica on STORAGE-1" 200 'davs://rucio-storage-1:1094//rucio//ctao/tests/selftest/'

# Non-root account: token, own scope allowed, replicas on STORAGE-* refused (generic permission).
UTOKEN="$(token_for "$RUCIO_USER_ACCOUNT" "$RUCIO_USER_USERNAME" "$RUCIO_USER_PASSWORD")"
if [ -n "$UTOKEN" ]; then ok "userpass token for the non-admin account testuser"; else bad "userpass token for testuser"; fi
req POST "/dids/$(dp user.testuser "/ctao/user/t/testuser/selftest-$stamp")" -H "X-Rucio-Auth-Token: $UTOKEN" \
    -H 'Content-Type: application/json' -d '{"type": "DATASET"}'
expect "testuser creates a dataset in its own scope user.testuser" 201
req POST /replicas -H "X-Rucio-Auth-Token: $UTOKEN" -H 'Content-Type: application/json' \
    -d "{\"rse\": \"STORAGE-1\", \"files\": [{\"scope\": \"user.testuser\", \"name\": \"/ctao/user/t/testuser/x-$stamp.dat\", \"bytes\": 1, \"adler32\": \"00000001\"}]}"
expect "testuser may not register replicas on STORAGE-1 (401 AccessDenied)" 401 'AccessDenied'
req GET "/dids/$(dp user.testuser "$USERF")" -H "X-Rucio-Auth-Token: $UTOKEN"
expect "testuser reads its seeded file" 200 '"scope": ?"user.testuser"'

# CTAO NAME schema: a leading '/' is required.
req POST /replicas "${A[@]}" -H 'Content-Type: application/json' \
    -d '{"rse": "STORAGE-1", "files": [{"scope": "tests", "name": "noslash.dat", "bytes": 1, "adler32": "00000001"}]}'
expect "a name without a leading / violates the CTAO NAME schema (500 InvalidObject)" 500 'InvalidObject'

if [ -n "${RUCIO_X509_URL:-}" ]; then
    . "$HERE/x509.sh"
    rd_x509_selftest
fi

echo "$pass passed, $fail failed"
if [ "$stop_at_end" = 1 ]; then "$HERE/stop.sh" >/dev/null 2>&1 || true; fi
[ "$fail" = 0 ]
