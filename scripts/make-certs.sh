#!/usr/bin/env bash
# make-certs.sh — throw-away X.509 grid-security setup for tests and local runs of the gateway.
#
# Usage: scripts/make-certs.sh [--empty-crl] DIR
#
# Needs only `openssl` (1.1.1 or 3.x) and `python3` with the `cryptography` package. Everything is
# generated locally so the project never depends on certificates from outside its repository.
#
# Why it looks the way it does:
#   * DIRAC clients authenticate with RFC 3820 proxy chains (proxy → user cert → CA). The proxies
#     below are shaped like the ones `dirac-proxy-init` writes: subject = user DN + "/CN=<decimal
#     serial>", critical keyUsage, critical proxyCertInfo (id-ppl-inheritAll), the DIRAC group in
#     the private extension 1.2.42.42 as an IA5String, and a file holding proxy cert, proxy key and
#     then the rest of the chain.
#   * The CA directory mimics /etc/grid-security/certificates: `<subject hash>.0` links to CA
#     certificates and `<hash>.r0` CRLs, which is what OpenSSL's hash-dir lookup reads.
#   * `openssl x509 -req` cannot back-date or post-date a certificate, so the time-based negative
#     cases (and the CRLs) are made with python3 + cryptography, reusing the extension bytes of
#     an openssl-made proxy so that no ASN.1 is written by hand.
#
# Layout produced under DIR (existing generated sub-directories are replaced):
#   ca/ca.pem ca/ca.key                  test CA "/C=ch/O=CTAO/OU=DPPS Test/CN=DPPS Test CA"
#   ca/crl-empty.pem ca/crl-revoked.pem   CRLs issued by the CA (empty / revoking revokeduser)
#   certificates/                         hashed CA dir (no CRL unless --empty-crl is given)
#   certificates-crl/                     hashed CA dir + CRL revoking revoked/usercert.pem
#   host/hostcert.pem host/hostkey.pem    CN=localhost, SAN DNS:localhost + IP:127.0.0.1
#   otherhost/hostcert.pem hostkey.pem    CN=otherhost.test (a second, "untrusted" host identity)
#   user/usercert.pem userkey.pem         CN=testuser
#   user/proxy.pem                        RFC 3820 proxy with group ($DIRAC_TEST_GROUP, default ctao_user)
#   user/proxy-nogroup.pem                proxy without the group extension
#   user/proxy-production.pem             proxy with group ctao_production (the group allowed to write)
#   user/proxy-limited.pem                limited proxy (policy language 1.3.6.1.4.1.3536.1.1.1.9)
#   user/proxy-level2.pem                 proxy of the proxy (cert, key, level-1 proxy, user cert)
#   bad/proxy-expired.pem                 expired yesterday
#   bad/proxy-notyetvalid.pem             valid from tomorrow to the day after
#   bad/proxy-wrongsig.pem                issuer name = user DN, signed by another key
#   bad/proxy-badsubject.pem              subject is not "issuer DN + one CN"
#   other-ca/ca.pem ca.key certificates/  a second CA that the gateway does not trust
#   other-ca/usercert.pem userkey.pem     ... whose user has the *same DN* as user/usercert.pem
#   other-ca/proxy.pem                    ... and a proxy of it (must be refused)
#   revoked/usercert.pem userkey.pem proxy.pem   CN=revokeduser, listed in certificates-crl's CRL
#   user/proxy-foreign.pem                proxy of testuser claiming ctao_analysis (a group that does not list it)
#   stranger/usercert.pem userkey.pem     CN=stranger: issued by the trusted CA, but in no Registry
#   stranger/proxy-production.pem         ... its proxy claiming ctao_production (must not get write access)
#   stranger/proxy.pem                    ... its proxy claiming $DIRAC_TEST_GROUP (ctao_user)
#   env.sh                                exports X509_CERT_DIR, X509_USER_PROXY, DIRAC_TEST_* ...
set -euo pipefail

usage() {
    echo "usage: $0 [--empty-crl] DIR" >&2
    echo "  --empty-crl  also install an empty (valid) CRL <hash>.r0 into DIR/certificates" >&2
    exit 2
}

EMPTY_CRL=0
OUT=""
while [ $# -gt 0 ]; do
    case "$1" in
        --empty-crl) EMPTY_CRL=1 ;;
        -h|--help) usage ;;
        -*) echo "unknown option: $1" >&2; usage ;;
        *) [ -z "$OUT" ] || usage; OUT="$1" ;;
    esac
    shift
done
[ -n "$OUT" ] || usage

GROUP="${DIRAC_TEST_GROUP:-ctao_user}"
# The group ends up inside an openssl config line and an IA5String: keep it to DIRAC's group syntax.
if ! [[ "$GROUP" =~ ^[A-Za-z0-9_.-]+$ ]]; then
    echo "DIRAC_TEST_GROUP must match [A-Za-z0-9_.-]+ (got '$GROUP')" >&2
    exit 2
fi

command -v openssl >/dev/null || { echo "openssl not found" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 not found" >&2; exit 1; }
python3 -c 'import cryptography' 2>/dev/null || { echo "python3 lacks the 'cryptography' package" >&2; exit 1; }

mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd -P)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/make-certs.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

BASE_DN="/C=ch/O=CTAO/OU=DPPS Test"
CA_DN="$BASE_DN/CN=DPPS Test CA"
USER_DN="$BASE_DN/CN=testuser"
HOST_DN="$BASE_DN/CN=localhost"
OTHERHOST_DN="$BASE_DN/CN=otherhost.test"
REVOKED_DN="$BASE_DN/CN=revokeduser"
STRANGER_DN="$BASE_DN/CN=stranger"
OTHER_CA_DN="$BASE_DN/CN=Untrusted Test CA"

for sub in ca certificates certificates-crl host otherhost user bad other-ca revoked stranger; do
    rm -rf "${OUT:?}/$sub"
    mkdir -p "$OUT/$sub"
done
mkdir -p "$OUT/other-ca/certificates"
rm -f "$OUT/env.sh"
umask 022

# ---------------------------------------------------------------------------------------------
# Keys: RSA 2048, generated in parallel up front (key generation dominates the run time).
# PKCS#1 ("RSA PRIVATE KEY") like DIRAC writes into proxy files.
KEYS=(ca host otherhost user proxy proxy-production proxy-nogroup proxy-limited proxy-level2 bad-proxy bad-signer
      other-ca other-user other-proxy revoked-user revoked-proxy proxy-foreign stranger-user stranger-proxy stranger-proxy-user)
pids=()
for k in "${KEYS[@]}"; do
    openssl genrsa -traditional -out "$WORK/$k.key" 2048 2>/dev/null &
    pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done

# ---------------------------------------------------------------------------------------------
cat >"$WORK/ext.cnf" <<EOF
[req]
distinguished_name = req_dn
prompt = no
[req_dn]

[ca_ext]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash

[host_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth,clientAuth
subjectAltName = DNS:localhost,IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[otherhost_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth,clientAuth
subjectAltName = DNS:otherhost.test
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[user_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment,dataEncipherment
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[proxy_ext]
keyUsage = critical,digitalSignature,keyEncipherment,dataEncipherment
proxyCertInfo = critical,language:id-ppl-inheritAll
1.2.42.42 = ASN1:IA5STRING:$GROUP

[proxy_production_ext]
keyUsage = critical,digitalSignature,keyEncipherment,dataEncipherment
proxyCertInfo = critical,language:id-ppl-inheritAll
1.2.42.42 = ASN1:IA5STRING:ctao_production

[proxy_foreign_ext]
keyUsage = critical,digitalSignature,keyEncipherment,dataEncipherment
proxyCertInfo = critical,language:id-ppl-inheritAll
1.2.42.42 = ASN1:IA5STRING:ctao_analysis

[proxy_nogroup_ext]
keyUsage = critical,digitalSignature,keyEncipherment,dataEncipherment
proxyCertInfo = critical,language:id-ppl-inheritAll

[proxy_limited_ext]
keyUsage = critical,digitalSignature,keyEncipherment,dataEncipherment
proxyCertInfo = critical,language:1.3.6.1.4.1.3536.1.1.1.9
1.2.42.42 = ASN1:IA5STRING:$GROUP
EOF

random_serial_hex() { openssl rand -hex 8; }
# dirac-proxy-init names the proxy after its (decimal) serial number.
random_serial_dec() { od -An -N4 -tu4 /dev/urandom | tr -d ' \n'; }

# make_ca KEY DN OUT_PEM
make_ca() {
    openssl req -new -x509 -key "$1" -subj "$2" -config "$WORK/ext.cnf" -extensions ca_ext \
        -days 3650 -set_serial "0x$(random_serial_hex)" -sha256 -out "$3"
}

# issue KEY SUBJECT ISSUER_CERT ISSUER_KEY EXT_SECTION DAYS SERIAL OUT_PEM
issue() {
    local csr="$WORK/$RANDOM$RANDOM.csr"
    openssl req -new -key "$1" -subj "$2" -config "$WORK/ext.cnf" -out "$csr"
    openssl x509 -req -in "$csr" -CA "$3" -CAkey "$4" -set_serial "$7" -days "$6" -sha256 \
        -extfile "$WORK/ext.cnf" -extensions "$5" -out "$8" 2>/dev/null
}

# make_proxy EXT_SECTION ISSUER_CERT ISSUER_KEY PROXY_KEY OUT_FILE [EXTRA_CHAIN_FILES...]
# Writes a proxy file the way dirac-proxy-init does: proxy cert, proxy key, issuer chain.
make_proxy() {
    local ext="$1" icert="$2" ikey="$3" pkey="$4" out="$5"
    shift 5
    local serial subject
    serial="$(random_serial_dec)"
    subject="$(openssl x509 -in "$icert" -noout -subject -nameopt compat | sed 's/^subject=//')/CN=$serial"
    issue "$pkey" "$subject" "$icert" "$ikey" "$ext" 1 "$serial" "$WORK/proxy.tmp"
    cat "$WORK/proxy.tmp" "$pkey" "$icert" "$@" >"$out"
    chmod 600 "$out"
}

# install_hashed CA_PEM DIR NAME — copy the CA and add the <hash>.0 link OpenSSL's hash-dir lookup needs.
install_hashed() {
    local h
    h="$(openssl x509 -in "$1" -noout -hash)"
    cp "$1" "$2/$3.pem"
    ln -sf "$3.pem" "$2/$h.0"
}

# ---------------------------------------------------------------------------------------------
# Trusted CA and its hashed directories.
cp "$WORK/ca.key" "$OUT/ca/ca.key"; chmod 600 "$OUT/ca/ca.key"
make_ca "$OUT/ca/ca.key" "$CA_DN" "$OUT/ca/ca.pem"
CA_HASH="$(openssl x509 -in "$OUT/ca/ca.pem" -noout -hash)"
install_hashed "$OUT/ca/ca.pem" "$OUT/certificates" dpps-test-ca
install_hashed "$OUT/ca/ca.pem" "$OUT/certificates-crl" dpps-test-ca

# Host identities (server certificate, and DIRAC "host" client certificates).
for h in host otherhost; do
    dn="$HOST_DN"; [ "$h" = otherhost ] && dn="$OTHERHOST_DN"
    cp "$WORK/$h.key" "$OUT/$h/hostkey.pem"; chmod 600 "$OUT/$h/hostkey.pem"
    issue "$OUT/$h/hostkey.pem" "$dn" "$OUT/ca/ca.pem" "$OUT/ca/ca.key" "${h}_ext" 365 \
        "0x$(random_serial_hex)" "$OUT/$h/hostcert.pem"
done

# The test user and its proxies.
cp "$WORK/user.key" "$OUT/user/userkey.pem"; chmod 600 "$OUT/user/userkey.pem"
issue "$OUT/user/userkey.pem" "$USER_DN" "$OUT/ca/ca.pem" "$OUT/ca/ca.key" user_ext 365 \
    "0x$(random_serial_hex)" "$OUT/user/usercert.pem"
U="$OUT/user"
make_proxy proxy_ext "$U/usercert.pem" "$U/userkey.pem" "$WORK/proxy.key" "$U/proxy.pem"
make_proxy proxy_production_ext "$U/usercert.pem" "$U/userkey.pem" "$WORK/proxy-production.key" "$U/proxy-production.pem"
make_proxy proxy_nogroup_ext "$U/usercert.pem" "$U/userkey.pem" "$WORK/proxy-nogroup.key" "$U/proxy-nogroup.pem"
make_proxy proxy_foreign_ext "$U/usercert.pem" "$U/userkey.pem" "$WORK/proxy-foreign.key" "$U/proxy-foreign.pem"
make_proxy proxy_limited_ext "$U/usercert.pem" "$U/userkey.pem" "$WORK/proxy-limited.key" "$U/proxy-limited.pem"
# Level 2: the issuer is the level-1 proxy (its cert is the first PEM block of proxy.pem).
openssl x509 -in "$U/proxy.pem" -out "$WORK/proxy1.pem"
make_proxy proxy_ext "$WORK/proxy1.pem" "$WORK/proxy.key" "$WORK/proxy-level2.key" "$U/proxy-level2.pem" "$U/usercert.pem"

# A second, untrusted CA whose user deliberately has the same DN as our test user.
cp "$WORK/other-ca.key" "$OUT/other-ca/ca.key"; chmod 600 "$OUT/other-ca/ca.key"
make_ca "$OUT/other-ca/ca.key" "$OTHER_CA_DN" "$OUT/other-ca/ca.pem"
install_hashed "$OUT/other-ca/ca.pem" "$OUT/other-ca/certificates" untrusted-test-ca
cp "$WORK/other-user.key" "$OUT/other-ca/userkey.pem"; chmod 600 "$OUT/other-ca/userkey.pem"
issue "$OUT/other-ca/userkey.pem" "$USER_DN" "$OUT/other-ca/ca.pem" "$OUT/other-ca/ca.key" user_ext 365 \
    "0x$(random_serial_hex)" "$OUT/other-ca/usercert.pem"
make_proxy proxy_ext "$OUT/other-ca/usercert.pem" "$OUT/other-ca/userkey.pem" "$WORK/other-proxy.key" "$OUT/other-ca/proxy.pem"

# The user that the CA revokes.
cp "$WORK/revoked-user.key" "$OUT/revoked/userkey.pem"; chmod 600 "$OUT/revoked/userkey.pem"
issue "$OUT/revoked/userkey.pem" "$REVOKED_DN" "$OUT/ca/ca.pem" "$OUT/ca/ca.key" user_ext 365 \
    "0x$(random_serial_hex)" "$OUT/revoked/usercert.pem"
make_proxy proxy_ext "$OUT/revoked/usercert.pem" "$OUT/revoked/userkey.pem" "$WORK/revoked-proxy.key" "$OUT/revoked/proxy.pem"

# A user of the trusted CA whom no Registry lists, with a proxy claiming the write group.
cp "$WORK/stranger-user.key" "$OUT/stranger/userkey.pem"; chmod 600 "$OUT/stranger/userkey.pem"
issue "$OUT/stranger/userkey.pem" "$STRANGER_DN" "$OUT/ca/ca.pem" "$OUT/ca/ca.key" user_ext 365 \
    "0x$(random_serial_hex)" "$OUT/stranger/usercert.pem"
make_proxy proxy_production_ext "$OUT/stranger/usercert.pem" "$OUT/stranger/userkey.pem" "$WORK/stranger-proxy.key" \
    "$OUT/stranger/proxy-production.pem"
make_proxy proxy_ext "$OUT/stranger/usercert.pem" "$OUT/stranger/userkey.pem" "$WORK/stranger-proxy-user.key" \
    "$OUT/stranger/proxy.pem"

# ---------------------------------------------------------------------------------------------
# Negative cases and CRLs (python3 + cryptography: openssl x509 -req cannot choose validity dates).
python3 - "$OUT" "$WORK" <<'PY'
import datetime, os, sys
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import NameOID, ObjectIdentifier

out, work = sys.argv[1], sys.argv[2]
now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
day = datetime.timedelta(days=1)

def load_cert(path):
    with open(path, "rb") as f:
        return x509.load_pem_x509_certificate(f.read())

def load_key(path):
    with open(path, "rb") as f:
        return serialization.load_pem_private_key(f.read(), password=None)

def pem(obj):
    return obj.public_bytes(serialization.Encoding.PEM)

def key_pem(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                             serialization.NoEncryption())

ca, ca_key = load_cert(f"{out}/ca/ca.pem"), load_key(f"{out}/ca/ca.key")
user, user_key = load_cert(f"{out}/user/usercert.pem"), load_key(f"{out}/user/userkey.pem")
good = load_cert(f"{out}/user/proxy.pem")  # first PEM block = the openssl-made proxy
proxy_key = load_key(f"{work}/bad-proxy.key")
signer_key = load_key(f"{work}/bad-signer.key")

# Copy proxyCertInfo (1.3.6.1.5.5.7.1.14), keyUsage and the DIRAC group (1.2.42.42) from the good
# proxy so the only difference in each bad proxy is the defect it is meant to carry.
copied = [e for e in good.extensions
          if e.oid.dotted_string in ("1.3.6.1.5.5.7.1.14", "2.5.29.15", "1.2.42.42")]
assert len(copied) == 3, copied

def bad_proxy(name, subject, not_before, not_after, sign_key):
    serial = x509.random_serial_number() >> 96  # small positive decimal, like DIRAC's CN serials
    if subject is None:
        subject = x509.Name(list(user.subject.rdns) +
                            [x509.RelativeDistinguishedName([x509.NameAttribute(NameOID.COMMON_NAME, str(serial))])])
    b = (x509.CertificateBuilder().subject_name(subject).issuer_name(user.subject)
         .public_key(proxy_key.public_key()).serial_number(serial)
         .not_valid_before(not_before).not_valid_after(not_after))
    for e in copied:
        b = b.add_extension(e.value, critical=e.critical)
    cert = b.sign(sign_key, hashes.SHA256())
    path = f"{out}/bad/{name}"
    with open(path, "wb") as f:
        f.write(pem(cert) + key_pem(proxy_key) + pem(user))
    os.chmod(path, 0o600)

bad_proxy("proxy-expired.pem", None, now - 2 * day, now - day, user_key)
bad_proxy("proxy-notyetvalid.pem", None, now + day, now + 2 * day, user_key)
bad_proxy("proxy-wrongsig.pem", None, now - datetime.timedelta(minutes=5), now + day, signer_key)
impostor = x509.Name(list(user.subject.rdns)[:-1] + [
    x509.RelativeDistinguishedName([x509.NameAttribute(NameOID.COMMON_NAME, "impostor")]),
    x509.RelativeDistinguishedName([x509.NameAttribute(NameOID.COMMON_NAME, "12345")]),
])
bad_proxy("proxy-badsubject.pem", impostor, now - datetime.timedelta(minutes=5), now + day, user_key)

def crl(revoked_serials):
    b = (x509.CertificateRevocationListBuilder().issuer_name(ca.subject)
         .last_update(now - datetime.timedelta(minutes=5)).next_update(now + 30 * day)
         .add_extension(x509.CRLNumber(len(revoked_serials) + 1), critical=False)
         .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False))
    for s in revoked_serials:
        b = b.add_revoked_certificate(x509.RevokedCertificateBuilder().serial_number(s)
                                      .revocation_date(now - datetime.timedelta(minutes=5)).build())
    return pem(b.sign(ca_key, hashes.SHA256()))

revoked = load_cert(f"{out}/revoked/usercert.pem")
with open(f"{out}/ca/crl-empty.pem", "wb") as f:
    f.write(crl([]))
with open(f"{out}/ca/crl-revoked.pem", "wb") as f:
    f.write(crl([revoked.serial_number]))
PY

cp "$OUT/ca/crl-revoked.pem" "$OUT/certificates-crl/$CA_HASH.r0"
if [ "$EMPTY_CRL" = 1 ]; then
    cp "$OUT/ca/crl-empty.pem" "$OUT/certificates/$CA_HASH.r0"
fi

# ---------------------------------------------------------------------------------------------
{
    echo "# generated by scripts/make-certs.sh — throw-away test credentials"
    printf 'export GATEWAY_TEST_CERTS=%q\n' "$OUT"
    printf 'export X509_CERT_DIR=%q\n' "$OUT/certificates"
    printf 'export X509_USER_PROXY=%q\n' "$OUT/user/proxy.pem"
    printf 'export DIRAC_TEST_HOST_CERT=%q\n' "$OUT/host/hostcert.pem"
    printf 'export DIRAC_TEST_HOST_KEY=%q\n' "$OUT/host/hostkey.pem"
    printf 'export DIRAC_TEST_USER_DN=%q\n' "$USER_DN"
    printf 'export DIRAC_TEST_GROUP=%q\n' "$GROUP"
} >"$OUT/env.sh"

# ---------------------------------------------------------------------------------------------
# Self-check with OpenSSL's own verifier: every positive case verifies, every negative one does not.
openssl x509 -in "$OUT/user/proxy-level2.pem" -out "$WORK/l2.pem"
cat "$WORK/proxy1.pem" "$U/usercert.pem" >"$WORK/l2-chain.pem"

failures=0
# expect ok|fail NAME CERT CAPATH UNTRUSTED [extra openssl verify options...]
expect() {
    local want="$1" name="$2" cert="$3" capath="$4" untrusted="$5"
    shift 5
    local args=(-CApath "$capath" -allow_proxy_certs -purpose sslclient "$@")
    [ -n "$untrusted" ] && args+=(-untrusted "$untrusted")
    local got=fail
    openssl verify "${args[@]}" "$cert" >"$WORK/verify.out" 2>&1 && got=ok
    if [ "$got" != "$want" ]; then
        echo "self-check FAILED: $name: expected $want, got $got" >&2
        sed 's/^/    /' "$WORK/verify.out" >&2
        failures=$((failures + 1))
    fi
}
C="$OUT/certificates"
expect ok   host            "$OUT/host/hostcert.pem"      "$C" ""
expect ok   otherhost       "$OUT/otherhost/hostcert.pem" "$C" ""
expect ok   usercert        "$U/usercert.pem"             "$C" ""
expect ok   proxy           "$U/proxy.pem"                "$C" "$U/usercert.pem"
expect ok   proxy-nogroup   "$U/proxy-nogroup.pem"        "$C" "$U/usercert.pem"
expect ok   proxy-production "$U/proxy-production.pem"    "$C" "$U/usercert.pem"
expect ok   proxy-foreign  "$U/proxy-foreign.pem"       "$C" "$U/usercert.pem"
expect ok   stranger-proxy "$OUT/stranger/proxy-production.pem" "$C" "$OUT/stranger/usercert.pem"
expect ok   proxy-limited   "$U/proxy-limited.pem"        "$C" "$U/usercert.pem"
expect ok   proxy-level2    "$WORK/l2.pem"                "$C" "$WORK/l2-chain.pem"
for b in expired notyetvalid wrongsig badsubject; do
    expect fail "bad/proxy-$b" "$OUT/bad/proxy-$b.pem" "$C" "$U/usercert.pem"
done
expect fail other-ca-proxy  "$OUT/other-ca/proxy.pem"     "$C" "$OUT/other-ca/usercert.pem"
expect ok   other-ca-own    "$OUT/other-ca/proxy.pem"     "$OUT/other-ca/certificates" "$OUT/other-ca/usercert.pem"
expect ok   revoked-no-crl  "$OUT/revoked/proxy.pem"      "$C" "$OUT/revoked/usercert.pem"
expect fail revoked-crl     "$OUT/revoked/proxy.pem"      "$OUT/certificates-crl" "$OUT/revoked/usercert.pem" -crl_check_all
expect ok   user-crl        "$U/proxy.pem"                "$OUT/certificates-crl" "$U/usercert.pem" -crl_check_all
if [ "$failures" -ne 0 ]; then
    echo "make-certs.sh: $failures self-check(s) failed" >&2
    exit 1
fi
echo "make-certs.sh: test credentials in $OUT (CA hash $CA_HASH, group $GROUP); source $OUT/env.sh"
