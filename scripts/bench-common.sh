# Sourced by the benchmark scripts (bench-catalog.sh, load.sh): starts the Rucio peer, builds the release gateway,
# makes test credentials and a gateway configuration for it under $WORK, listening on $PORT (metrics on PORT+1).
# Sets VENV (the DIRAC client venv, with requests), BIN (the release binary directory), CERTS.
# Needs REPO, WORK and PORT set, and the current directory at REPO. With GATEWAY_BIN set (a gateway binary built
# beforehand), nothing is built and BIN is that binary's directory.
VENV="$(bash scripts/bootstrap.sh | tail -1)"
bash scripts/rucio/setup.sh >/dev/null
RUCIO_DEV_X509=1 bash scripts/rucio/start.sh >/dev/null
bash scripts/rucio/seed.sh >/dev/null
if [ -n "${GATEWAY_BIN:-}" ]; then
  BIN="$(cd "$(dirname "$GATEWAY_BIN")" && pwd)"
else
  swift build -c release --product dirac-rucio-gateway >&2
  BIN="$(swift build -c release --show-bin-path)"
fi
[ -f "$WORK/certs/stranger/proxy.pem" ] || bash scripts/make-certs.sh "$WORK/certs" >/dev/null
CERTS="$WORK/certs"
RUCIO_ENV="$REPO/.work/rucio/rucio.env" bash scripts/local-config.sh "$CERTS" "$PORT" "$((PORT + 1))" warning \
  >"$WORK/gateway.yaml"
