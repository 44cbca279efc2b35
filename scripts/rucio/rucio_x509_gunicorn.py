"""gunicorn configuration for the x509 listener of the Rucio test peer (start.sh RUCIO_DEV_X509=1).

Only the TLS context is customised: client certificates are requested but optional (userpass still
works on this port), verified against the hashed CA directory $RUCIO_DEV_X509_CA_DIR (the
/etc/grid-security/certificates layout of scripts/make-certs.sh), and RFC 3820 proxy certificates
are accepted, as mod_ssl + the grid CA setup of a production Rucio server do.
frontend_wsgi.py turns the verified peer certificate into SSL_CLIENT_S_DN for Rucio's /auth/x509.
"""
import os
import ssl


def ssl_context(conf, default_ssl_context_factory):
    context = default_ssl_context_factory()   # certfile/keyfile from the command line
    context.verify_mode = ssl.CERT_OPTIONAL
    context.load_verify_locations(capath=os.environ["RUCIO_DEV_X509_CA_DIR"])
    context.verify_flags |= ssl.VERIFY_ALLOW_PROXY_CERTS
    return context
