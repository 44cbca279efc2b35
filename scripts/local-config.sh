#!/usr/bin/env bash
# Prints a gateway configuration for local runs with the test credentials of scripts/make-certs.sh:
# the RPC listener on 127.0.0.1:PORT, metrics on METRICS_PORT, the test user (groups ctao_user and
# ctao_production, the latter allowed to write) and localhost as a trusted host; with RUCIO_ENV (the
# rucio.env of scripts/rucio/start.sh) the catalog is served from that Rucio peer: the gateway logs in as
# the service identity and acts as account dirac for ctao_production, testuser for ctao_user.
# Usage: [RUCIO_ENV=.work/rucio/rucio.env] local-config.sh CERTS_DIR PORT METRICS_PORT [LOG_LEVEL]
set -euo pipefail
CERTS="$1" PORT="$2" METRICS_PORT="$3" LEVEL="${4:-info}"
if [ -n "${RUCIO_ENV:-}" ]; then
  # shellcheck disable=SC1090
  . "$RUCIO_ENV"
fi
cat <<YAML
# written by scripts/local-config.sh
server:
  host: 127.0.0.1
  port: $PORT
  certificate: $CERTS/host/hostcert.pem
  privateKey: $CERTS/host/hostkey.pem
  caDirectory: $CERTS/certificates
auth:
  writeGroups: [ctao_production]
  users:
    - name: testuser
      dn: "/C=ch/O=CTAO/OU=DPPS Test/CN=testuser"
      groups: [ctao_user, ctao_production]
  hosts:
    - name: localhost
      dn: "/C=ch/O=CTAO/OU=DPPS Test/CN=localhost"
      trusted: true
metrics:
  host: 127.0.0.1
  port: $METRICS_PORT
logging:
  level: $LEVEL
YAML
if [ -n "${RUCIO_ENV:-}" ]; then
cat <<YAML
rucio:
  url: $RUCIO_URL
  timeoutSeconds: 60
  auth:
    type: userpass
    username: $RUCIO_SERVICE_USERNAME
    password: $RUCIO_SERVICE_PASSWORD
  scopeAlgorithm: ${RUCIO_SCOPE_ALGORITHM:-ctao_bdms}
  accounts:
    groups:
      ctao_production: $RUCIO_SERVICE_ACCOUNT
      ctao_user: $RUCIO_USER_ACCOUNT
YAML
fi
