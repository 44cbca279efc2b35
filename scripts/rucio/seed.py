#!/usr/bin/env python3
"""Seed the Rucio test peer with what the gateway's tests need, over REST only, as CTAO would.

Standard library only (any python3 >= 3.9 works; seed.sh uses the venv's). Idempotent: every
object is checked or created with "already exists" tolerated, so re-running changes nothing.
Reads RUCIO_URL, RUCIO_USERNAME, RUCIO_PASSWORD and RUCIO_DEV_FRONT from the environment
(start.sh writes them to $RUCIO_DEV_WORK/rucio.env) and writes a manifest of what it created to
$RUCIO_DEV_WORK/seed.json (argument 1 overrides the path).

What it creates (docs/rucio-dev.md has the full list):
  accounts   dirac     SERVICE, userpass dirac/dirac-secret, attribute admin=true: the gateway's
                       service account (registering replicas on STORAGE-* needs root or admin)
             testuser  USER, userpass testuser/testuser-secret + x509 identity of the project's
                       test DN; no admin attribute: owns only its scope user.testuser
  scopes     root (the /ctao top container), acada, MC, tests (owned by root), user.testuser
  RSEs       STORAGE-1 (ONSITE), STORAGE-2 (OFFSITE): deterministic DISK, davs://, as CTAO's chart;
             STORAGE-ND: non-deterministic DISK (replicas need an explicit pfn)
             all with ANY=true (needed by /dirac/addfiles) and unlimited quotas for the 3 accounts
  namespace  root:/ctao, <scope>:/ctao/<scope> attached to it (as CTAO's DPPS tests do), then
             - ACADA DL0 data ingested as ctao-bdms-clients does it (containers from /ctao/acada/DL0,
               dataset = day directory, replicas on STORAGE-1, `__` metadata keys, a rule to OFFSITE)
             - MC files registered through POST /dirac/addfiles as `dirac` (as DIRAC's
               RucioFileCatalogClient.addFile does), then copied to STORAGE-2, CTADIRAC-style metadata
             - a user file under /ctao/user/t/testuser (scope user.testuser) via /dirac/addfiles
             - a replica with an explicit PFN on the non-deterministic STORAGE-ND
"""
import hashlib
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zlib

URL = os.environ.get("RUCIO_URL", "http://127.0.0.1:18080").rstrip("/")
ROOT_USERNAME = os.environ.get("RUCIO_USERNAME", "root")
ROOT_PASSWORD = os.environ.get("RUCIO_PASSWORD", "secret")
FRONT = os.environ.get("RUCIO_DEV_FRONT") or "nodecode"
MANIFEST = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.environ.get("RUCIO_DEV_WORK", "."), "seed.json")

VO = "/ctao"
ACCOUNTS = {
    # account: (type, username, password, admin, x509 DN)
    "dirac": ("SERVICE", "dirac", "dirac-secret", True, None),
    "testuser": ("USER", "testuser", "testuser-secret", False, "/C=ch/O=CTAO/OU=DPPS Test/CN=testuser"),
}
GATEWAY_IDENTITY = ("dirac", "dirac-secret")  # userpass identity of the gateway, mapped to every account
SCOPES = {"root": "root", "acada": "root", "MC": "root", "tests": "root", "user.testuser": "testuser"}
DOMAINS = {"lan": {"read": 1, "write": 1, "delete": 1},
           "wan": {"read": 1, "write": 1, "delete": 1,
                   "third_party_copy_read": 1, "third_party_copy_write": 1}}
# CTAO's chart: protocol davs, port 1094, prefix //rucio, ANY/ONSITE/OFFSITE attributes, DIRAC-SITE.
RSES = {
    "STORAGE-1": {"deterministic": True, "attrs": {"ANY": True, "ONSITE": True, "DIRAC-SITE": "CTAO.CI.de"},
                  "hostname": "rucio-storage-1"},
    "STORAGE-2": {"deterministic": True, "attrs": {"ANY": True, "OFFSITE": True, "DIRAC-SITE": "CTAO.CI.de"},
                  "hostname": "rucio-storage-2"},
    "STORAGE-ND": {"deterministic": False, "attrs": {"ANY": True}, "hostname": "rucio-storage-nd"},
}
ND_PFN_BASE = "davs://rucio-storage-nd:1094/rucio/nondet"


# ------------------------------------------------------------------------------- data to seed
def file_entry(lfn, meta, rses):
    """A file with deterministic fake size and checksums (no storage behind the peer)."""
    digest = hashlib.md5(lfn.encode()).hexdigest()
    return {"lfn": lfn, "meta": meta, "rses": rses,
            "bytes": 1_000_000 + int(digest[:5], 16),
            "adler32": "%08x" % (zlib.adler32(lfn.encode()) & 0xFFFFFFFF),
            "md5": digest,
            "guid": str(uuid.uuid5(uuid.NAMESPACE_URL, "rucio-dev:" + lfn))}


def acada_files():
    """ACADA DL0 as ctao-bdms-clients ingests it: /<vo>/<scope>/DL0/<tel>/<site>/<division>/Y/M/D/f."""
    out = []
    day = f"{VO}/acada/DL0/LSTN-01/ctao-north/Event/2025/12/07"
    for chunk in (1, 2, 3):
        name = f"TEL001_SDH0001_20251207T031500_SBID0000000123_OBSID0000000456_CHUNK{chunk:03d}.fits.fz"
        out.append(file_entry(f"{day}/{name}", {
            "ctao_metadata_version": "2.0",
            "data__level": "DL0", "data__division": "Event", "data__association": "Telescope",
            "data__type": "Observation", "instance__obs_id": 456, "acquisition__sb_id": 123,
            "instance__site_id": "CTAO-North", "instance__chunk_id": chunk,
            "contact__organization": "CTAO", "valid_fits_checksum": True,
        }, ["STORAGE-1"]))
    return out


def mc_files():
    """DIRAC-produced MC files (CTADIRAC-style metadata), registered through /dirac/addfiles."""
    out = []
    base = f"{VO}/MC/PROD6/Paranal/gamma/sim_telarray/2147/Data/000xxx"
    for run in (1, 2, 3, 4):
        name = f"gamma_20deg_0deg_run{run}___cta-prod6-paranal-2147m-Paranal-dark.simtel.zst"
        out.append(file_entry(f"{base}/{name}", {
            "MCCampaign": "PROD6", "site": "Paranal", "particle": "gamma", "thetaP": 20.0,
            "phiP": 0.0, "array_layout": "Alpha", "configuration_id": 16, "data_level": 0,
            "outputType": "Data", "tel_sim_prog": "sim_telarray", "runNumber": run,
        }, ["STORAGE-1", "STORAGE-2"] if run <= 2 else ["STORAGE-1"]))
    base = f"{VO}/MC/PROD6/Paranal/proton/ctapipe-process/2150/Data/000xxx"
    for run in (1, 2):
        name = f"proton_20deg_0deg_run{run}___cta-prod6-paranal-2147m-Paranal-dark.DL1.h5"
        out.append(file_entry(f"{base}/{name}", {
            "MCCampaign": "PROD6", "site": "Paranal", "particle": "proton", "thetaP": 20.0,
            "phiP": 0.0, "array_layout": "Alpha", "configuration_id": 16, "data_level": 1,
            "outputType": "Data", "analysis_prog": "ctapipe-process", "runNumber": run,
        }, ["STORAGE-2"]))
    return out


def user_files():
    return [file_entry(f"{VO}/user/t/testuser/analysis/result_001.h5",
                       {"owner": "testuser", "data_level": 2}, ["STORAGE-1"])]


def nondet_files():
    return [file_entry(f"{VO}/tests/nondeterministic/Data/file_nd_001.dat",
                       {"purpose": "non-deterministic RSE"}, ["STORAGE-ND"])]


# ---------------------------------------------------------------------------------- the client
def scope_of(lfn):
    """The ctao_bdms scope algorithm (bdms_rucio_policy.scope, 0.3.0+) for an LFN without 'scope:'."""
    parts = [p for p in lfn.split("/") if p]
    if len(parts) < 2:
        return "root"
    if parts[1] == "user":
        return "root" if len(parts) < 4 else f"user.{parts[3]}"
    return parts[1]


def did_path(scope, name):
    """URL path of a DID. nodecode (CTAO production): one unencoded '/' between scope and name,
    every '/' of the name as %2F. decoding + CTAO schema (SCOPE_NAME_REGEXP /([^/]*)(?=/)(.*)):
    the name's own leading '/' follows the scope."""
    if FRONT == "decoding":
        return f"/dids/{scope}{urllib.parse.quote(name)}"
    return f"/dids/{scope}/{urllib.parse.quote(name, safe='')}"


class Rest:
    def __init__(self, account, username, password):
        self.account, self.username, self.password = account, username, password
        self.token = None

    def call(self, method, path, body=None, headers=None, ok=(200, 201), accept=None):
        # No Accept header = anything; a wrong one gives 406.
        hdrs = {"Accept": accept} if accept else {}
        if self.token:
            hdrs["X-Rucio-Auth-Token"] = self.token
        hdrs.update(headers or {})
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            hdrs["Content-Type"] = "application/json"
        req = urllib.request.Request(URL + path, data=data, headers=hdrs, method=method)
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                status, rh, text = r.status, r.headers, r.read().decode()
        except urllib.error.HTTPError as e:
            status, rh, text = e.code, e.headers, e.read().decode()
        if status not in ok:
            raise SystemExit(f"[seed] {self.account}: {method} {path} -> HTTP {status} "
                             f"{rh.get('ExceptionClass', '')}: {text[:400]}")
        return status, rh, text

    def login(self):
        _, h, _ = self.call("GET", "/auth/userpass", headers={
            "X-Rucio-Account": self.account, "X-Rucio-Username": self.username,
            "X-Rucio-Password": self.password})
        self.token = h["X-Rucio-Auth-Token"]
        return self

    def create(self, method, path, body=None):
        """Create; 409 (already exists) is fine. True when something new was made."""
        return self.call(method, path, body, ok=(200, 201, 409))[0] != 409

    def exists(self, scope, name):
        return self.call("GET", did_path(scope, name), ok=(200, 404))[0] == 200

    def lines(self, method, path, body=None):
        _, _, text = self.call(method, path, body, accept="application/x-json-stream")
        return [json.loads(line) for line in text.splitlines() if line.strip()]


def parents_of(path):
    """'/a/b/c/d' -> ['/a/b/c', '/a/b', '/a']"""
    parts = path.split("/")
    return ["/".join(parts[:i]) for i in range(len(parts) - 1, 1, -1)]


# ---------------------------------------------------------------------------------------- seed
def main():
    new = {"accounts": 0, "scopes": 0, "rses": 0, "collections": 0, "files": 0, "replicas": 0, "rules": 0}
    root = Rest("root", ROOT_USERNAME, ROOT_PASSWORD).login()

    # Accounts and identities.
    for acc, (typ, user, pw, admin, dn) in ACCOUNTS.items():
        new["accounts"] += root.create("POST", f"/accounts/{acc}", {"type": typ, "email": f"{acc}@localhost"})
        idents = {(i["type"], i["identity"]) for i in root.lines("GET", f"/accounts/{acc}/identities")}
        if ("USERPASS", user) not in idents:
            root.create("POST", f"/accounts/{acc}/identities",
                        {"identity": user, "authtype": "USERPASS", "email": f"{acc}@localhost", "password": pw})
        if dn and ("X509", dn) not in idents:
            root.create("POST", f"/accounts/{acc}/identities",
                        {"identity": dn, "authtype": "X509", "email": f"{acc}@localhost"})
        if admin:
            root.create("POST", f"/accounts/{acc}/attr/admin", {"value": "true"})  # must be a string
        # The gateway logs in with one identity (the service's) and acts as the account each DIRAC group maps
        # to (X-Rucio-Account), so that identity is mapped to every account, as an operator would do.
        if acc != GATEWAY_IDENTITY[0] and ("USERPASS", GATEWAY_IDENTITY[0]) not in idents:
            root.create("POST", f"/accounts/{acc}/identities",
                        {"identity": GATEWAY_IDENTITY[0], "authtype": "USERPASS", "email": f"{acc}@localhost",
                         "password": GATEWAY_IDENTITY[1]})

    # Scopes (owner = account that may write in it without the admin attribute).
    for scope, owner in SCOPES.items():
        new["scopes"] += root.create("POST", f"/accounts/{owner}/scopes/{scope}")

    # RSEs, protocols, attributes, unlimited quotas (rules and /dirac/addfiles check quotas).
    for rse, spec in RSES.items():
        new["rses"] += root.create("POST", f"/rses/{rse}", {"deterministic": spec["deterministic"], "rse_type": "DISK"})
        proto = {"hostname": spec["hostname"], "port": 1094,
                 "prefix": "//rucio" if spec["deterministic"] else "/rucio/nondet",
                 "impl": "rucio.rse.protocols.webdav.Default", "domains": DOMAINS}
        root.create("POST", f"/rses/{rse}/protocols/davs", proto)
        for key, value in spec["attrs"].items():
            root.create("POST", f"/rses/{rse}/attr/{key}", {"value": value})
        for acc in ["root", *ACCOUNTS]:
            root.call("POST", f"/accounts/{acc}/limits/local/{rse}", {"bytes": -1})

    # Top of the tree: root:/ctao (the DIRAC integration needs it), then <scope>:/ctao/<scope>
    # attached to it, as CTAO's DPPS test fixtures do (ingestion itself starts lower).
    new["collections"] += root.create("POST", did_path("root", VO), {"type": "CONTAINER"})
    for scope in ("acada", "MC", "tests"):
        new["collections"] += root.create("POST", did_path(scope, f"{VO}/{scope}"), {"type": "CONTAINER"})
        root.call("POST", "/dids/attachments", {"attachments": [
            {"scope": "root", "name": VO, "dids": [{"scope": scope, "name": f"{VO}/{scope}"}]}],
            "ignore_duplicate": True})

    # ACADA DL0, the way ctao-bdms-clients' IngestionClient does it: containers from
    # /<vo>/<scope>/DL0 down to the month, dataset = day directory, file replicas on the onsite RSE,
    # metadata per file, one rule on the dataset to OFFSITE. (It leaves /<vo>/<scope>/DL0 unattached;
    # here it is attached to /ctao/acada so that the directory tree is walkable from /ctao.)
    acada = acada_files()
    dataset = acada[0]["lfn"].rsplit("/", 1)[0]
    chain = [p for p in reversed(parents_of(acada[0]["lfn"])) if p.count("/") >= 3]  # /ctao/acada/DL0 ...
    for name in chain:
        typ = "DATASET" if name == dataset else "CONTAINER"
        new["collections"] += root.create("POST", did_path(scope_of(name), name), {"type": typ})
        parent = name.rsplit("/", 1)[0]
        root.call("POST", "/dids/attachments", {"attachments": [
            {"scope": scope_of(parent), "name": parent, "dids": [{"scope": scope_of(name), "name": name}]}],
            "ignore_duplicate": True})
    for f in acada:
        scope = scope_of(f["lfn"])
        if not root.exists(scope, f["lfn"]):
            # POST /replicas for an existing replica answers 201 and changes nothing, even with other
            # bytes/checksums: existence is checked first.
            root.call("POST", "/replicas", {"rse": "STORAGE-1", "files": [
                {"scope": scope, "name": f["lfn"], "bytes": f["bytes"], "adler32": f["adler32"], "md5": f["md5"]}]})
            new["files"] += 1
            new["replicas"] += 1
        root.call("POST", "/dids/attachments", {"attachments": [
            {"scope": scope_of(dataset), "name": dataset, "dids": [{"scope": scope, "name": f["lfn"]}]}],
            "ignore_duplicate": True})
        root.call("POST", did_path(scope, f["lfn"]) + "/meta", {"meta": f["meta"]})
    rules = root.lines("GET", did_path(scope_of(dataset), dataset) + "/rules")
    if not any(r["rse_expression"] == "OFFSITE" for r in rules):
        root.call("POST", "/rules/", {"dids": [{"scope": scope_of(dataset), "name": dataset}],
                                      "account": "root", "copies": 1, "rse_expression": "OFFSITE",
                                      "grouping": "DATASET", "lifetime": None})
        new["rules"] += 1

    # MC and user files, the way DIRAC registers them: POST /dirac/addfiles as the service account
    # (creates the file, its replica and rule, the dataset with an ANY=true rule, and every missing
    # parent container up to the existing /ctao). Then DIRAC's setMetadataBulk = POST /dids/bulkdidsmeta.
    dirac = Rest("dirac", "dirac", ACCOUNTS["dirac"][2]).login()
    mc, users = mc_files(), user_files()
    todo = [f for f in mc + users if not dirac.exists(scope_of(f["lfn"]), f["lfn"])]
    if todo:
        dirac.call("POST", "/dirac/addfiles", {"lfns": [
            {"lfn": f["lfn"], "rse": f["rses"][0], "bytes": f["bytes"], "adler32": f["adler32"],
             "guid": f["guid"]} for f in todo], "ignore_availability": True})
        new["files"] += len(todo)
        new["replicas"] += len(todo)
    dirac.call("POST", "/dids/bulkdidsmeta", {"dids": [
        {"scope": scope_of(f["lfn"]), "name": f["lfn"], "meta": f["meta"]} for f in mc + users]})
    # Directory metadata on the MC transformation directories (DIRAC directory metadata -> collections).
    for f in mc:
        ds = f["lfn"].rsplit("/", 1)[0]
        transformation = ds.rsplit("/", 2)[0]
        common = {k: v for k, v in f["meta"].items() if k != "runNumber"}
        dirac.call("POST", did_path(scope_of(transformation), transformation) + "/meta", {"meta": common})
    # Second copies on STORAGE-2 (what a transfer would leave), registered as root.
    for f in mc:
        for rse in f["rses"][1:]:
            reps = root.lines("POST", "/replicas/list", {"dids": [{"scope": scope_of(f["lfn"]), "name": f["lfn"]}],
                                                         "all_states": True})
            if not reps or rse not in reps[0].get("states", {}):
                root.call("POST", "/replicas", {"rse": rse, "files": [
                    {"scope": scope_of(f["lfn"]), "name": f["lfn"], "bytes": f["bytes"], "adler32": f["adler32"]}]})
                new["replicas"] += 1

    # Non-deterministic RSE: the PFN is stored with the replica (it must match the protocol's
    # scheme, host, port and prefix).
    nd = nondet_files()
    for f in nd:
        scope, name = scope_of(f["lfn"]), f["lfn"]
        if not root.exists(scope, name):
            ds = name.rsplit("/", 1)[0]
            for coll in reversed(parents_of(name)):
                if coll.count("/") < 3:
                    continue  # /ctao and /ctao/tests exist
                typ = "DATASET" if coll == ds else "CONTAINER"
                new["collections"] += root.create("POST", did_path(scope_of(coll), coll), {"type": typ})
                parent = coll.rsplit("/", 1)[0]
                root.call("POST", "/dids/attachments", {"attachments": [
                    {"scope": scope_of(parent), "name": parent, "dids": [{"scope": scope_of(coll), "name": coll}]}],
                    "ignore_duplicate": True})
            f["pfn"] = ND_PFN_BASE + name
            root.call("POST", "/replicas", {"rse": "STORAGE-ND", "files": [
                {"scope": scope, "name": name, "bytes": f["bytes"], "adler32": f["adler32"], "pfn": f["pfn"],
                 "meta": f["meta"]}]})
            root.call("POST", "/dids/attachments", {"attachments": [
                {"scope": scope, "name": ds, "dids": [{"scope": scope, "name": name}]}], "ignore_duplicate": True})
            new["files"] += 1
            new["replicas"] += 1
        f["pfn"] = ND_PFN_BASE + name

    # ------------------------------------------------------------------------ check + manifest
    all_files = acada + mc + users + nd
    reps = root.lines("POST", "/replicas/list", {"dids": [
        {"scope": scope_of(f["lfn"]), "name": f["lfn"]} for f in all_files]})
    by_name = {r["name"]: r for r in reps}
    for f in all_files:
        r = by_name.get(f["lfn"])
        if r is None or sorted(r["states"]) != sorted(f["rses"]):
            raise SystemExit(f"[seed] replicas of {f['lfn']}: expected {f['rses']}, got {r and r['states']}")
        if r["adler32"] != f["adler32"] or r["bytes"] != f["bytes"]:
            raise SystemExit(f"[seed] {f['lfn']}: bytes/adler32 differ from the seed (registered earlier "
                             "with other values? stop.sh --wipe and start again)")
        f["pfns"] = sorted(r["pfns"])

    manifest = {
        "url": URL, "vo_root": VO, "scope_algorithm": "ctao_bdms", "front": FRONT,
        "accounts": {acc: {"type": t, "username": u, "password": p, "admin": a, "dn": dn}
                     for acc, (t, u, p, a, dn) in ACCOUNTS.items()},
        "scopes": SCOPES,
        "rses": {rse: {"deterministic": s["deterministic"], "attributes": s["attrs"],
                       "protocol": f"davs://{s['hostname']}:1094" + ("//rucio" if s["deterministic"] else "/rucio/nondet")}
                 for rse, s in RSES.items()},
        "files": [{"lfn": f["lfn"], "scope": scope_of(f["lfn"]), "bytes": f["bytes"], "adler32": f["adler32"],
                   "md5": f["md5"] if f in acada else None, "guid": None if f in acada or f in nd else f["guid"],
                   "rses": f["rses"], "pfns": f["pfns"], "meta": f["meta"],
                   "registered_by": "root POST /replicas" if f in acada or f in nd else "dirac POST /dirac/addfiles"}
                  for f in all_files],
    }
    os.makedirs(os.path.dirname(os.path.abspath(MANIFEST)), exist_ok=True)
    with open(MANIFEST, "w") as out:
        json.dump(manifest, out, indent=1)
        out.write("\n")
    print(f"[seed] ok: new {new}; {len(all_files)} files with replicas; manifest {MANIFEST}")


if __name__ == "__main__":
    main()
