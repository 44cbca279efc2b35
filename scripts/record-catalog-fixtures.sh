#!/usr/bin/env bash
# Records the catalog replay fixtures (Fixtures/catalog/) with the gateway's record mode: the gateway runs against the
# project's Rucio peer with `serve --record-rucio`, the calls of Fixtures/catalog/<name>.calls.json go through it as
# raw DIRAC RPCs (`dirac-rucio-gateway call --raw`, group ctao_production), and the run leaves
#   <name>.rucio.json    every exchange between the gateway and Rucio (secrets masked)
#   <name>.answers.json  the gateway's answer to every call, as sent on the wire
# Tests/FileCatalogTests/Replay replays the catalog layer against them without any server.
# Usage: scripts/record-catalog-fixtures.sh [NAME]   (default: reads). Needs the Rucio peer (started if needed).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
NAME="${1:-reads}"
FIXTURES="$REPO/Fixtures/catalog"
WORK="$REPO/.work/record-catalog"
PORT="${PORT:-28643}"
mkdir -p "$WORK"

bash scripts/rucio/setup.sh >/dev/null
RUCIO_DEV_X509=1 bash scripts/rucio/start.sh >/dev/null
bash scripts/rucio/seed.sh >/dev/null
swift build --product dirac-rucio-gateway >&2
BIN="$(swift build --show-bin-path)/dirac-rucio-gateway"
[ -f "$WORK/certs/env.sh" ] || bash scripts/make-certs.sh "$WORK/certs" >/dev/null
CERTS="$WORK/certs"
RUCIO_ENV="$REPO/.work/rucio/rucio.env" bash scripts/local-config.sh "$CERTS" "$PORT" "$((PORT + 1))" warning \
  >"$WORK/gateway.yaml"

rm -f "$WORK/port" "$FIXTURES/$NAME.rucio.json"
"$BIN" serve --config "$WORK/gateway.yaml" --port-file "$WORK/port" --record-rucio "$FIXTURES/$NAME.rucio.json" \
  2>"$WORK/gateway.log" &
GW=$!
trap 'kill $GW 2>/dev/null; wait $GW 2>/dev/null' EXIT
for _ in $(seq 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done

python3 - "$BIN" "https://127.0.0.1:$PORT/DataManagement/FileCatalog" "$CERTS" "$FIXTURES/$NAME.calls.json" \
  "$FIXTURES/$NAME.answers.json" <<'PY'
import json, subprocess, sys
binary, url, certs, calls_file, answers_file = sys.argv[1:]
answers = []
for call in json.load(open(calls_file)):
    cmd = [binary, "call", "--raw", "--url", url, "--proxy", f"{certs}/user/proxy-production.pem",
           "--ca-dir", f"{certs}/certificates", call["method"]] + [json.dumps(a) for a in call["args"]]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    answers.append({"method": call["method"], "args": call["args"], "answer": json.loads(out)})
with open(answers_file, "w") as fh:
    json.dump(answers, fh, indent=1)  # argument order kept: requests are replayed by their bodies
    fh.write("\n")
print(f"recorded {len(answers)} calls into {answers_file}", file=sys.stderr)
PY
