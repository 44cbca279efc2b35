# x509 listener of the Rucio test peer (RUCIO_DEV_X509=1). Sourced by start.sh and selftest.sh.
#
# Credentials come from the project's own scripts/make-certs.sh layout in RUCIO_DEV_X509_CERTS
# (default <repo>/.work/certs; generated when missing): the server presents host/hostcert.pem
# (CN=localhost, SAN 127.0.0.1, issued by the test CA ca/ca.pem) and trusts the hashed CA dir
# certificates/. The seeded account testuser has the X509 identity of user/usercert.pem.

RUCIO_DEV_X509_CERTS="$(realpath -m "${RUCIO_DEV_X509_CERTS:-$RD_REPO/.work/certs}")"

rd_x509_prepare() {
    if [ ! -f "$RUCIO_DEV_X509_CERTS/ca/ca.pem" ] || [ ! -d "$RUCIO_DEV_X509_CERTS/certificates" ] \
        || [ ! -f "$RUCIO_DEV_X509_CERTS/host/hostcert.pem" ]; then
        rd_log "generating test credentials with scripts/make-certs.sh $RUCIO_DEV_X509_CERTS"
        # make-certs.sh needs python3 with 'cryptography': the Rucio venv has it.
        PATH="$RUCIO_DEV_VENV/bin:$PATH" "$RD_REPO/scripts/make-certs.sh" "$RUCIO_DEV_X509_CERTS" >"$RD_LOG/make-certs.log" 2>&1 \
            || { tail -n 20 "$RD_LOG/make-certs.log" >&2; rd_die "scripts/make-certs.sh failed"; }
    fi
    # gunicorn reads the key as this user; keep copies next to the config (the originals may be 0600
    # files of another user) and point the CA variables at the make-certs layout.
    mkdir -p "$RD_ETC/x509"
    cp "$RUCIO_DEV_X509_CERTS/host/hostcert.pem" "$RD_ETC/x509/server.crt"
    install -m 600 "$RUCIO_DEV_X509_CERTS/host/hostkey.pem" "$RD_ETC/x509/server.key"
    cp "$RUCIO_DEV_X509_CERTS/ca/ca.pem" "$RD_ETC/x509/ca.pem"
    export RUCIO_DEV_X509_CA_DIR="$RUCIO_DEV_X509_CERTS/certificates"
}

# Checks run by selftest.sh when RUCIO_X509_URL is set (uses req/expect/ok/bad from selftest.sh).
rd_x509_selftest() {
    local certs="$RUCIO_DEV_X509_CERTS" url="$RUCIO_X509_URL" t h
    x509_auth() {  # x509_auth DESC WANT_STATUS [curl args]: GET /auth/x509 over https
        local desc="$1" want="$2"; shift 2
        status="$(curl -sS -o "$tmp/body" -D "$tmp/headers" -w '%{http_code}' --cacert "$RUCIO_X509_CA" "$@" "$url/auth/x509" 2>"$tmp/curl.err" || true)"
        [ -n "$status" ] || status=000
        body="$(cat "$tmp/body" 2>/dev/null || true)"
        expect "$desc" "$want"
    }
    x509_auth "x509: token for testuser with an RFC 3820 proxy (no account header)" 200 \
        --cert "$certs/user/proxy.pem" --key "$certs/user/proxy.pem"
    t="$(header X-Rucio-Auth-Token)"
    case "$t" in testuser-*) ok "x509: the proxy's DN maps to account testuser" ;;
        *) bad "x509: the proxy's DN maps to account testuser" "token '$t'" ;; esac
    x509_auth "x509: token with the user certificate itself and X-Rucio-Account" 200 \
        --cert "$certs/user/usercert.pem" --key "$certs/user/userkey.pem" -H 'X-Rucio-Account: testuser'
    x509_auth "x509: a second-level proxy also authenticates" 200 \
        --cert "$certs/user/proxy-level2.pem" --key "$certs/user/proxy-level2.pem"
    x509_auth "x509: no client certificate: 401" 401
    x509_auth "x509: a proxy from an untrusted CA is refused in the TLS handshake" 000 \
        --cert "$certs/other-ca/proxy.pem" --key "$certs/other-ca/proxy.pem"
    x509_auth "x509: testuser's DN cannot log in as root" 401 \
        --cert "$certs/user/proxy.pem" --key "$certs/user/proxy.pem" -H 'X-Rucio-Account: root'
    h="$(curl -sS -o /dev/null -w '%{http_code}' -H 'SSL_CLIENT_S_DN: /C=ch/O=CTAO/OU=DPPS Test/CN=testuser' \
        -H 'X-Rucio-Account: testuser' "$RUCIO_URL/auth/x509" || true)"
    if [ "$h" = 401 ]; then ok "x509: a DN sent as a header on the plain http port is ignored (401)"
    else bad "x509: a DN sent as a header on the plain http port is ignored" "HTTP $h"; fi
}
