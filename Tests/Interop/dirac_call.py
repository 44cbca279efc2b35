#!/usr/bin/env python3
"""Run one call through the stock DIRAC client and print its result as JSON (one process per call, since
DIRAC's configuration and credentials are process-global).

  dirac_call.py [--via filecatalog|client|rpc] METHOD [ARG ...]
  dirac_call.py --script CALLS.json     (a JSON list of [via, method, [args...]]: one process, a JSON list out)

ARGs are JSON when they parse as JSON, else plain strings.
--via filecatalog  DIRAC.Resources.Catalog.FileCatalog.FileCatalog(catalogs=["Gateway"])  (what DataManager uses)
--via client       FileCatalogClient(url=$DIRAC_FC_URL)
--via rpc          TornadoClient($DIRAC_FC_URL): raw RPC, no client-side normalisation

Environment: DIRAC_FC_URL, X509_USER_PROXY, X509_CERT_DIR, DIRAC_TEST_USER_DN, DIRAC_TEST_GROUP;
DIRAC_USE_SERVER_CERT=1 with DIRAC_HOST_CERT/DIRAC_HOST_KEY to call as a host (extraCredentials "hosts");
DIRAC_DELEGATED_DN/DIRAC_DELEGATED_GROUP to delegate on top of that.
Exit 0 on S_OK, 1 on S_ERROR, 2 when the DIRAC client itself raised.
"""
import argparse
import datetime
import json
import os
import sys
import tempfile

CFG = """
DIRAC
{
  VirtualOrganization = ctao
  Security
  {
    UseServerCertificate = no
    CALocation = %(cadir)s
  }
}
Resources
{
  FileCatalogs
  {
    Gateway
    {
      CatalogType = FileCatalog
      CatalogURL = %(url)s
      AccessType = Read-Write
      Status = Active
      Master = True
    }
  }
}
Operations
{
  Defaults
  {
    Services
    {
      Catalogs
      {
        CatalogList = Gateway
      }
    }
  }
}
Registry
{
  DefaultGroup = %(group)s
  Users
  {
    testuser
    {
      DN = %(dn)s
    }
  }
  Groups
  {
    %(group)s
    {
      Users = testuser
      Properties = NormalUser
      VO = ctao
    }
  }
}
"""


class Encoder(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            return {"datetime": o.strftime("%Y-%m-%d %H:%M:%S")}
        if isinstance(o, datetime.date):
            return {"date": o.strftime("%Y-%m-%d")}
        if isinstance(o, (set, tuple)):
            return list(o)
        return repr(o)


def parse(text):
    try:
        return json.loads(text)
    except ValueError:
        return text


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--via", choices=["filecatalog", "client", "rpc"], default="filecatalog")
    p.add_argument("--script", help="JSON file: a list of [via, method, [args...]], run in this one process")
    p.add_argument("method", nargs="?")
    p.add_argument("args", nargs="*")
    a = p.parse_args()
    # requests lets these override the CA directory DIRAC sets on its session
    for var in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        os.environ.pop(var, None)
    out = sys.stdout
    sys.stdout = sys.stderr  # DIRAC logs to stdout
    url = os.environ["DIRAC_FC_URL"]
    with tempfile.TemporaryDirectory(prefix="dirac-call-") as tmp:
        cfg = os.path.join(tmp, "dirac.cfg")
        with open(cfg, "w", encoding="utf-8") as fh:
            fh.write(CFG % {"url": url, "cadir": os.environ["X509_CERT_DIR"],
                            "dn": os.environ.get("DIRAC_TEST_USER_DN", "/C=ch/O=CTAO/OU=DPPS Test/CN=testuser"),
                            "group": os.environ.get("DIRAC_TEST_GROUP", "ctao_user")})
        os.environ.setdefault("DIRAC_ROOT_PATH", tmp)
        import DIRAC
        from DIRAC.FrameworkSystem.private.standardLogging.LogLevels import LogLevel

        host = None
        if os.environ.get("DIRAC_USE_SERVER_CERT") == "1":
            host = (os.environ["DIRAC_HOST_CERT"], os.environ["DIRAC_HOST_KEY"])
        DIRAC.initialize(require_auth=False, extra_config_files=[cfg], log_level=LogLevel.ERROR,
                         host_credentials=host)
        if os.environ.get("DIRAC_DELEGATED_DN"):
            from DIRAC.Core.DISET.ThreadConfig import ThreadConfig

            ThreadConfig().setID(os.environ["DIRAC_DELEGATED_DN"], os.environ.get("DIRAC_DELEGATED_GROUP", ""))

        def target(via):
            if via == "filecatalog":
                from DIRAC.Resources.Catalog.FileCatalog import FileCatalog

                return FileCatalog(catalogs=["Gateway"])
            if via == "client":
                from DIRAC.Resources.Catalog.FileCatalogClient import FileCatalogClient

                return FileCatalogClient(url=url)
            from DIRAC.Core.Tornado.Client.TornadoClient import TornadoClient

            return TornadoClient(url)

        def run(via, method, args):
            try:
                result = getattr(target(via), method)(*args)
            except Exception as exc:  # the client's own post-processing choked on the answer
                return {"OK": False, "Message": f"client raised {type(exc).__name__}: {exc}", "Raised": True}
            if isinstance(result, dict):
                result = {k: v for k, v in result.items() if k not in ("CallStack", "rpcStub")}
            return result

        if a.script:
            with open(a.script, encoding="utf-8") as fh:
                calls = json.load(fh)
            results = [run(via, method, args) for via, method, args in calls]
            print(json.dumps(results, cls=Encoder, sort_keys=True), file=out)
            return 0
        result = run(a.via, a.method, [parse(x) for x in a.args])
    print(json.dumps(result, cls=Encoder, sort_keys=True), file=out)
    if isinstance(result, dict) and result.get("Raised"):
        return 2
    return 0 if isinstance(result, dict) and result.get("OK") else 1


if __name__ == "__main__":
    sys.exit(main())
