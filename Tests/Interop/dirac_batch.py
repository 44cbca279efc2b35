#!/usr/bin/env python3
"""Many calls through the stock DIRAC client in one process (DIRAC initialised once), for the bulk tests and
benchmarks that make hundreds of calls: one JSON request per line on stdin, one JSON answer per line on stdout.

  request:  {"method": "addFile", "args": [{...}], "via": "filecatalog"}      (via as in dirac_call.py)
  answer:   {"result": {...S_OK/S_ERROR...}, "seconds": 1.23}

Each call is what DIRAC makes it: `FileCatalog(catalogs=["Gateway"])` (DataManager's view) or
`FileCatalogClient` builds a new TornadoClient per call (a new HTTPS connection, the 120 s RPC timeout of the
catalog client). Environment as for dirac_call.py (DIRAC_FC_URL, X509_USER_PROXY, X509_CERT_DIR, DIRAC_TEST_GROUP...).
"""
import json
import os
import sys
import tempfile
import time

from dirac_call import CFG, Encoder


def main():
    for var in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        os.environ.pop(var, None)
    out = sys.stdout
    sys.stdout = sys.stderr  # DIRAC logs to stdout
    url = os.environ["DIRAC_FC_URL"]
    with tempfile.TemporaryDirectory(prefix="dirac-batch-") as tmp:
        cfg = os.path.join(tmp, "dirac.cfg")
        with open(cfg, "w", encoding="utf-8") as fh:
            fh.write(CFG % {"url": url, "cadir": os.environ["X509_CERT_DIR"],
                            "dn": os.environ.get("DIRAC_TEST_USER_DN", "/C=ch/O=CTAO/OU=DPPS Test/CN=testuser"),
                            "group": os.environ.get("DIRAC_TEST_GROUP", "ctao_user")})
        os.environ.setdefault("DIRAC_ROOT_PATH", tmp)
        import DIRAC
        from DIRAC.FrameworkSystem.private.standardLogging.LogLevels import LogLevel

        DIRAC.initialize(require_auth=False, extra_config_files=[cfg], log_level=LogLevel.ERROR)
        from DIRAC.Resources.Catalog.FileCatalog import FileCatalog
        from DIRAC.Resources.Catalog.FileCatalogClient import FileCatalogClient

        targets = {"filecatalog": FileCatalog(catalogs=["Gateway"]), "client": FileCatalogClient(url=url)}
        print(json.dumps({"ready": True}), file=out, flush=True)
        for line in sys.stdin:
            if not line.strip():
                continue
            request = json.loads(line)
            target = targets[request.get("via", "filecatalog")]
            start = time.monotonic()
            try:
                result = getattr(target, request["method"])(*request.get("args", []))
            except Exception as exc:  # the client's own post-processing choked on the answer
                result = {"OK": False, "Message": f"client raised {type(exc).__name__}: {exc}"}
            seconds = time.monotonic() - start
            if isinstance(result, dict):
                result = {k: v for k, v in result.items() if k not in ("CallStack", "rpcStub")}
            print(json.dumps({"result": result, "seconds": seconds}, cls=Encoder, sort_keys=True), file=out,
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
