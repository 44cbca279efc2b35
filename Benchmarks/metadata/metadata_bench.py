#!/usr/bin/env python3
"""Metadata query benchmark: findFilesByMetadata through the stock DIRAC client (in this process, as a job calls
it) against the direct Rucio requests the same answer needs, on a CTAO-like tree in the real Rucio.

Tree (created once as root, idempotent; N files, 1000 per run directory):
  /ctao/tests/metabench-N/PROD6/<site>/<particle>/sim_telarray/<trans>/Data/<run>xxx/f<i>.dat
directory metadata on the levels (MCCampaign, site, particle, tel_sim_prog, thetaP, outputType), file metadata
nsb (1/5/19) and split on every file.

Queries: (a) directory keys only {particle: gamma, thetaP: 20.0}; (b) file keys only {nsb: 5}; (c) both
{particle: gamma, nsb: 5}; all under the tree's root. Per query: median of RUNS wall times through the DIRAC client,
the gateway's peak resident memory growth during the first run, the number of files, the Rucio requests of the
plan (from `explain --execute`), and the direct side: the Rucio searches and the bulkmeta checks a client needs for
the same exact answer (files only, not removed), parsing every line, sequential.

  metadata_bench.py --gateway URL --proxy PEM --ca-dir DIR --gateway-pid PID --rucio-env rucio.env
                    --explain "BIN explain -c CFG --account dirac" [--files N] [--runs R]
"""
import argparse
import ast
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from urllib.parse import quote, urlencode

import requests

SCOPE = "tests"
RSE = "STORAGE-1"
SITES = ["Paranal", "LaPalma"]
PARTICLES = ["gamma", "proton"]
DIR_FIELDS = {"MCCampaign": "VARCHAR(128)", "site": "VARCHAR(128)", "particle": "VARCHAR(128)",
              "tel_sim_prog": "VARCHAR(128)", "thetaP": "FLOAT", "outputType": "VARCHAR(128)"}
FILE_FIELDS = {"nsb": "INT", "split": "VARCHAR(128)"}


def read_env(path):
    env = {}
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if line.startswith("export "):
            line = line[7:]
        if "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            env[key] = value.strip("'\"")
    return env


class Rucio:
    def __init__(self, url, account, username, password):
        self.url, self.requests = url, 0
        self.session = requests.Session()
        self.session.trust_env = False
        answer = self.session.get(f"{url}/auth/userpass", headers={
            "X-Rucio-Account": account, "X-Rucio-Username": username, "X-Rucio-Password": password})
        answer.raise_for_status()
        self.session.headers["X-Rucio-Auth-Token"] = answer.headers["X-Rucio-Auth-Token"]

    def call(self, method, path, body=None, ok=(200, 201), stream=False):
        self.requests += 1
        answer = self.session.request(method, self.url + path, data=None if body is None else json.dumps(body),
                                      headers={"Content-Type": "application/json"} if body is not None else {},
                                      stream=stream)
        if answer.status_code not in ok:
            raise SystemExit(f"{method} {path}: {answer.status_code} {answer.text[:300]}")
        return answer

    def lines(self, method, path, body=None):
        answer = self.call(method, path, body, stream=True)
        return [json.loads(line) for line in answer.iter_lines() if line]


def did(name):
    return {"scope": SCOPE, "name": name}


def tree(root, count):
    """(directory chain with metadata, run datasets with their files' metadata)."""
    levels, runs = [], []
    per_leaf = max(1, count // (len(SITES) * len(PARTICLES)))
    levels.append((f"{root}/PROD6", {"MCCampaign": "PROD6"}))
    for site in SITES:
        levels.append((f"{root}/PROD6/{site}", {"site": site}))
        for i, particle in enumerate(PARTICLES):
            p = f"{root}/PROD6/{site}/{particle}"
            t = f"{p}/sim_telarray/{100 + i}"
            levels += [(p, {"particle": particle}), (f"{p}/sim_telarray", {"tel_sim_prog": "sim_telarray"}),
                       (t, {"thetaP": 20.0 if site == "Paranal" else 40.0}), (f"{t}/Data", {"outputType": "Data"})]
            for start in range(0, per_leaf, 1000):
                run = f"{t}/Data/{start // 1000:03d}xxx"
                files = [(f"{run}/f{n}.dat", {"nsb": [1, 5, 19][n % 3], "split": "test" if n % 2 else "train_en"})
                         for n in range(start, min(per_leaf, start + 1000))]
                runs.append((run, files))
    return levels, runs


def ensure_data(root_rucio, root, count):
    levels, runs = tree(root, count)
    last_run = runs[-1][0]
    answer = root_rucio.call("GET", f"/dids/{SCOPE}/{quote(last_run, safe='')}?dynamic_depth=FILE", ok=(200, 404))
    if answer.status_code == 200 and answer.json().get("length") == len(runs[-1][1]):
        return levels, runs
    started = time.time()
    root_rucio.call("POST", f"/dids/{SCOPE}/{quote(root, safe='')}", {"type": "CONTAINER"}, ok=(201, 409))
    root_rucio.call("POST", "/dids/attachments", {"attachments": [{"scope": SCOPE, "name": "/ctao/tests", "dids": [did(root)]}],
                                                   "ignore_duplicate": True}, ok=(200, 201))
    parent_of = lambda name: name.rsplit("/", 1)[0]
    for name, meta in levels:
        root_rucio.call("POST", f"/dids/{SCOPE}/{quote(name, safe='')}", {"type": "CONTAINER"}, ok=(201, 409))
        root_rucio.call("POST", "/dids/attachments", {"attachments": [{"scope": SCOPE, "name": parent_of(name), "dids": [did(name)]}],
                                                       "ignore_duplicate": True}, ok=(200, 201))
    root_rucio.call("POST", "/dids/bulkdidsmeta", {"dids": [{**did(n), "meta": m} for n, m in levels]})
    for run, files in runs:
        root_rucio.call("POST", f"/dids/{SCOPE}/{quote(run, safe='')}", {"type": "DATASET"}, ok=(201, 409))
        root_rucio.call("POST", "/dids/attachments", {"attachments": [{"scope": SCOPE, "name": parent_of(run), "dids": [did(run)]}],
                                                       "ignore_duplicate": True}, ok=(200, 201))
        replicas = [{**did(lfn), "bytes": 1000, "adler32": "%08x" % zlib.adler32(lfn.encode())} for lfn, _ in files]
        root_rucio.call("POST", "/replicas", {"rse": RSE, "files": replicas, "ignore_availability": True}, ok=(201, 409))
        root_rucio.call("POST", "/dids/attachments", {"attachments": [{"scope": SCOPE, "name": run, "dids": [did(l) for l, _ in files]}],
                                                       "ignore_duplicate": True}, ok=(200, 201))
        root_rucio.call("POST", "/dids/bulkdidsmeta", {"dids": [{**did(lfn), "meta": m} for lfn, m in files]})
    print(f"# seeded {sum(len(f) for _, f in runs)} files in {time.time() - started:.0f} s", file=sys.stderr)
    return levels, runs


def search(rucio, filters):
    query = urlencode({"type": "all", "filters": repr([filters]), "long": "false"})
    return [line for line in rucio.lines("GET", f"/dids/{SCOPE}/dids/search?{query}")]


def bulkmeta(rucio, names):
    found = {}
    for start in range(0, len(names), 1000):
        for record in rucio.lines("POST", "/dids/bulkmeta", {"dids": [did(n) for n in names[start:start + 1000]],
                                                             "plugin": "ALL", "inherit": False}):
            found[record["name"]] = record
    return found


def direct(rucio, root, query):
    """What a client needs in Rucio for the exact answer: the directory keys' searches (collections below the
    root, checked), the files below the selected ones (searched with the file keys or listed), checked."""
    rucio.requests = 0
    started = time.perf_counter()
    dir_keys = {k: v for k, v in query.items() if k in DIR_FIELDS}
    file_keys = {k: v for k, v in query.items() if k not in DIR_FIELDS}
    roots = [root]
    for key, value in dir_keys.items():
        names = search(rucio, {key: value, "name": root + "/*"})
        meta = bulkmeta(rucio, names)
        selected = [n for n, r in meta.items() if r["did_type"] != "FILE" and r.get(key) == value]
        roots = [r for r in selected if any(r == x or r.startswith(x + "/") for x in roots)] or \
                [x for x in roots if any(x.startswith(r + "/") for r in selected)]
    if file_keys:
        names = []
        for r in roots:
            names += [n for n in search(rucio, {**file_keys, "name": r + "/*"})]
        meta = bulkmeta(rucio, names)
        lfns = sorted(n for n, r in meta.items() if r["did_type"] == "FILE" and all(r.get(k) == v for k, v in file_keys.items()))
    else:
        lfns = set()
        for r in roots:
            lfns.update(f["name"] for f in rucio.lines("GET", f"/dids/{SCOPE}/{quote(r, safe='')}/files"))
        lfns = sorted(lfns)
    return time.perf_counter() - started, lfns, rucio.requests


def peak_rss_mb(pid):
    with open(f"/proc/{pid}/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:")) / 1024


def main():
    p = argparse.ArgumentParser()
    for name in ("--gateway", "--proxy", "--ca-dir", "--rucio-env", "--explain"):
        p.add_argument(name, required=True)
    p.add_argument("--gateway-pid", type=int, required=True)
    p.add_argument("--files", type=int, default=100000)
    p.add_argument("--runs", type=int, default=3)
    a = p.parse_args()
    env = read_env(a.rucio_env)
    rucio = Rucio(env["RUCIO_URL"], "root", "root", env.get("RUCIO_PASSWORD", "secret"))
    root = f"/ctao/tests/metabench-{a.files}"
    ensure_data(rucio, root, a.files)

    # The stock DIRAC client, in this process.
    for var in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        os.environ.pop(var, None)
    os.environ["X509_USER_PROXY"] = a.proxy
    os.environ["X509_CERT_DIR"] = a.ca_dir
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "Interop"))
    import dirac_call  # noqa: E402  (its CFG template)
    tmp = tempfile.mkdtemp(prefix="metabench-")
    cfg = os.path.join(tmp, "dirac.cfg")
    with open(cfg, "w") as fh:
        fh.write(dirac_call.CFG % {"url": a.gateway, "cadir": a.ca_dir, "dn": "/C=ch/O=CTAO/OU=DPPS Test/CN=testuser",
                                   "group": "ctao_production"})
    os.environ.setdefault("DIRAC_ROOT_PATH", tmp)
    real_stdout = sys.stdout
    sys.stdout = sys.stderr
    import DIRAC
    from DIRAC.FrameworkSystem.private.standardLogging.LogLevels import LogLevel
    DIRAC.initialize(require_auth=False, extra_config_files=[cfg], log_level=LogLevel.ERROR)
    from DIRAC.Resources.Catalog.FileCatalogClient import FileCatalogClient
    fc = FileCatalogClient(url=a.gateway)
    for fields, flag in ((DIR_FIELDS, "-d"), (FILE_FIELDS, "-f")):
        for name, kind in fields.items():
            result = fc.addMetadataField(name, kind, flag)
            assert result["OK"], result
    sys.stdout = real_stdout

    queries = {"a: directory keys": {"particle": "gamma", "thetaP": 20.0},
               "b: file keys": {"nsb": 5},
               "c: both": {"particle": "gamma", "nsb": 5}}
    rows = []
    for label, query in queries.items():
        with open(f"/proc/{a.gateway_pid}/clear_refs", "w") as fh:
            fh.write("5")
        before = peak_rss_mb(a.gateway_pid)
        times, answer = [], None
        for run in range(a.runs):
            started = time.perf_counter()
            result = fc.findFilesByMetadata(query, root)
            times.append(time.perf_counter() - started)
            assert result["OK"], result
            answer = sorted(result["Value"])
            if run == 0:
                growth = peak_rss_mb(a.gateway_pid) - before
        direct_times, direct_answer, direct_requests = [], None, 0
        for _ in range(a.runs):
            elapsed, direct_answer, direct_requests = direct(rucio, root, query)
            direct_times.append(elapsed)
        assert direct_answer == answer, f"{label}: the gateway and the direct requests disagree"
        plan = subprocess.run(shlex.split(a.explain) + ["--execute", json.dumps(query), root], capture_output=True, text=True)
        ran = [line for line in plan.stdout.splitlines() if line.startswith("ran:")]
        rows.append({"query": label, "files": len(answer), "gateway_s": round(statistics.median(times), 3),
                     "direct_s": round(statistics.median(direct_times), 3),
                     "overhead": f"{statistics.median(times) / statistics.median(direct_times) - 1:+.0%}",
                     "gateway_peak_rss_growth_mb": round(growth, 1), "direct_requests": direct_requests,
                     "gateway_plan": ran[0][5:] if ran else plan.stderr[-300:]})
    for row in rows:
        print(json.dumps(row))


if __name__ == "__main__":
    main()
