"""WSGI entry point of the Rucio test peer: the stock Rucio REST app behind a small front end.

    gunicorn --pythonpath scripts/rucio frontend_wsgi:application      (RUCIO_CONFIG exported)

RUCIO_DEV_FRONT
  nodecode  (default) as CTAO runs Rucio in production: Apache with `AllowEncodedSlashes NoDecode`
            and RUCIO_HTTPD_ENCODED_SLASHES_NO_DECODE=True. PATH_INFO is rebuilt from the raw
            request URI with every escape decoded except %2F. Rucio then splits <scope>/<name> at
            the one unencoded '/' and unquote_plus()es the name, so the name's own slashes must be
            sent as %2F (/dids/MC/%2Fctao%2FMC%2F...), which is what the python rucio client sends.
  decoding  the app as gunicorn hands it requests: %2F is decoded like any other escape (Apache
            `AllowEncodedSlashes On`) and the policy's SCOPE_NAME_REGEXP splits scope and name.

RUCIO_DEV_REPLICA_SORT (default random; empty: Rucio's own default, geoip)
  sort applied to replica listings that ask for none. The peer has no GeoIP database, so every
  unsorted listing would try (and fail) to download one, costing time and a log line per call.

x509 (only on a TLS listener, see start.sh RUCIO_DEV_X509=1): mod_ssl puts the client
certificate's subject into SSL_CLIENT_S_DN, which Rucio's /auth/x509 reads. gunicorn does not, so
this front does it from the verified peer certificate, in mod_ssl's LegacyDNStringFormat
(/C=../O=../CN=..); for an RFC 3820 proxy the leaf is the proxy, whose extra /CN=<serial> Rucio
strips itself (rucio.core.authentication.strip_x509_proxy_attributes).
"""
import os
import re
from urllib.parse import unquote

FRONT = os.environ.get("RUCIO_DEV_FRONT") or "nodecode"
if FRONT not in ("nodecode", "decoding"):
    raise RuntimeError(f"RUCIO_DEV_FRONT must be nodecode or decoding, not {FRONT!r}")
# Read by rucio.web.rest.flaskapi.v1.common at import time: set it before importing the app.
os.environ["RUCIO_HTTPD_ENCODED_SLASHES_NO_DECODE"] = "True" if FRONT == "nodecode" else "False"

from rucio.web.rest.flaskapi.v1.main import application as _rucio_app  # noqa: E402

REPLICA_SORT = os.environ.get("RUCIO_DEV_REPLICA_SORT", "random")
if REPLICA_SORT:
    import rucio.web.rest.flaskapi.v1.replicas as _replicas_api

    _stock_sort = _replicas_api.sort_replicas

    def _sort_replicas(dictreplica, client_location, selection=None):
        return _stock_sort(dictreplica, client_location, selection=selection or REPLICA_SORT)

    _replicas_api.sort_replicas = _sort_replicas

_SLASH = re.compile("%2f", re.IGNORECASE)


def _path_keeping_encoded_slashes(raw_path):
    # WSGI strings carry bytes as latin-1, as gunicorn's own PATH_INFO does.
    return "%2F".join(unquote(piece, encoding="latin-1") for piece in _SLASH.split(raw_path))


def _legacy_dn(cert):
    """Subject of a getpeercert() dict as mod_ssl's LegacyDNStringFormat: /C=ch/O=CTAO/CN=x."""
    short = {"countryName": "C", "organizationName": "O", "organizationalUnitName": "OU",
             "commonName": "CN", "localityName": "L", "stateOrProvinceName": "ST",
             "domainComponent": "DC", "emailAddress": "emailAddress"}
    parts = []
    for rdn in cert.get("subject", ()):
        for key, value in rdn:
            parts.append(f"/{short.get(key, key)}={value}")
    return "".join(parts)


def application(environ, start_response):
    if FRONT == "nodecode":
        raw = environ.get("RAW_URI")
        if raw:
            raw_path = raw.split("?", 1)[0]
            if "://" in raw_path:  # absolute-form request target
                rest = raw_path.split("://", 1)[1]
                raw_path = "/" + rest.split("/", 1)[1] if "/" in rest else "/"
            path = _path_keeping_encoded_slashes(raw_path)
            script = environ.get("SCRIPT_NAME", "")
            if script and path.startswith(script):
                path = path[len(script):]
            environ["PATH_INFO"] = path
    # Never trust a DN from the request itself; set it only from a verified TLS client certificate.
    environ.pop("SSL_CLIENT_S_DN", None)
    sock = environ.get("gunicorn.socket")
    getpeercert = getattr(sock, "getpeercert", None)
    if getpeercert is not None:
        cert = getpeercert()
        if cert:
            environ["SSL_CLIENT_S_DN"] = _legacy_dn(cert)
    return _rucio_app(environ, start_response)
