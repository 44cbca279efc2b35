#!/usr/bin/env bash
# Prints a gateway configuration for local runs with the test credentials of scripts/make-certs.sh:
# the RPC listener on 127.0.0.1:PORT, metrics on METRICS_PORT, the test user (groups ctao_user and
# ctao_production, the latter allowed to write) and localhost as a trusted host.
# Usage: local-config.sh CERTS_DIR PORT METRICS_PORT [LOG_LEVEL]
set -euo pipefail
CERTS="$1" PORT="$2" METRICS_PORT="$3" LEVEL="${4:-info}"
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
