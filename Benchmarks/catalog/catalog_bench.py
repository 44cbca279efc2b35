#!/usr/bin/env python3
"""Catalog bulk benchmark: the same data through the gateway (raw DIRAC RPC over HTTPS, kept-alive) and straight
from Rucio's REST API (the requests the gateway itself makes, kept-alive), on one Rucio server in one run.

Cases: isFile, getFileMetadata, getReplicas for 1,000 and 10,000 LFNs; listDirectory of a 1,000-file directory.
Each case runs RUNS times per path, interleaved, after one unmeasured round (median reported). Time is to the last byte of the answer (neither side parses),
so the difference is what the gateway adds. Memory: the gateway's peak resident set growth while answering the
10,000-LFN getReplicas, measured first on the freshly started gateway (VmHWM reset through
/proc/PID/clear_refs before the call).

Data (created once, as root, idempotent): datasets /ctao/tests/bench/files-1000 and files-10000 of file DIDs
with a replica on STORAGE-1.

  catalog_bench.py --gateway URL --proxy PEM --ca-dir DIR --gateway-pid PID --rucio-env rucio.env [--runs N]
"""
import argparse
import json
import statistics
import sys
import time
import zlib
from urllib.parse import quote

import requests

DATASETS = {1000: "/ctao/tests/bench/files-1000", 10000: "/ctao/tests/bench/files-10000"}
SCOPE = "tests"
RSE = "STORAGE-1"


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
        self.url = url
        self.session = requests.Session()
        self.session.trust_env = False
        answer = self.session.get(f"{url}/auth/userpass", headers={
            "X-Rucio-Account": account, "X-Rucio-Username": username, "X-Rucio-Password": password})
        answer.raise_for_status()
        self.session.headers["X-Rucio-Auth-Token"] = answer.headers["X-Rucio-Auth-Token"]

    def call(self, method, path, body=None, ok=(200, 201)):
        answer = self.session.request(method, self.url + path, data=None if body is None else json.dumps(body),
                                      headers={"Content-Type": "application/json"} if body is not None else {})
        if answer.status_code not in ok:
            raise SystemExit(f"{method} {path}: {answer.status_code} {answer.text[:300]}")
        return answer


def did_path(name):
    return f"/dids/{SCOPE}/{quote(name, safe='')}"


def lfns_of(count):
    return [f"{DATASETS[count]}/bench_{i:05d}.dat" for i in range(count)]


def ensure_data(root):
    for count, dataset in DATASETS.items():
        answer = root.call("GET", did_path(dataset) + "?dynamic_depth=FILE", ok=(200, 404))
        if answer.status_code == 200 and answer.json().get("length") == count:
            continue
        started = time.time()
        lfns = lfns_of(count)
        for start in range(0, count, 1000):
            files = [{"scope": SCOPE, "name": lfn, "bytes": 1000 + i,
                      "adler32": "%08x" % zlib.adler32(lfn.encode())}
                     for i, lfn in enumerate(lfns[start:start + 1000])]
            root.call("POST", "/replicas", {"rse": RSE, "files": files, "ignore_availability": True})
        root.call("POST", did_path(dataset), {"type": "DATASET"}, ok=(201, 409))
        for start in range(0, count, 1000):
            root.call("POST", "/dids/attachments", {"ignore_duplicate": True, "attachments": [{
                "scope": SCOPE, "name": dataset,
                "dids": [{"scope": SCOPE, "name": lfn} for lfn in lfns[start:start + 1000]]}]})
        print(f"# created {dataset} ({count} files) in {time.time() - started:.1f} s", file=sys.stderr)


def direct_bulkmeta(rucio, lfns):
    total = 0
    for start in range(0, len(lfns), 1000):
        body = {"dids": [{"scope": SCOPE, "name": n} for n in lfns[start:start + 1000]], "inherit": False,
                "plugin": "DID_COLUMN"}
        total += len(rucio.call("POST", "/dids/bulkmeta", body).content)
    return total


def direct_replicas(rucio, lfns):
    total = 0
    for start in range(0, len(lfns), 1000):
        body = {"dids": [{"scope": SCOPE, "name": n} for n in lfns[start:start + 1000]], "all_states": False,
                "ignore_availability": False}
        total += len(rucio.call("POST", "/replicas/list", body).content)
    return total


def direct_listing(rucio, directory):
    content = rucio.call("GET", did_path(directory) + "/dids").content
    names = [json.loads(line)["name"] for line in content.splitlines() if line.strip()]
    return len(content) + direct_bulkmeta(rucio, names)


class Gateway:
    def __init__(self, url, proxy, ca_dir):
        self.url = url
        self.session = requests.Session()
        self.session.trust_env = False
        self.session.cert = proxy
        self.session.verify = ca_dir

    def call(self, method, args):
        answer = self.session.post(self.url, data={"method": method, "args": json.dumps(args),
                                                   "clientVO": "ctao", "clientSetup": "bench"}, timeout=300)
        answer.raise_for_status()
        if not answer.content.startswith(b'{"OK":true') and b'"OK": true' not in answer.content[:40]:
            raise SystemExit(f"{method}: {answer.content[:300]!r}")
        return len(answer.content)


def rss(pid, field):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024.0  # MiB
    return 0.0


def timed_pair(through_gateway, direct, runs):
    """Median times of both paths, runs interleaved (gateway, direct, gateway, ...) so that drift in the Rucio
    server's speed (caches, autovacuum) hits both alike; one unmeasured round first."""
    through_gateway(), direct()
    gateway_times, direct_times = [], []
    sizes = (0, 0)
    for _ in range(runs):
        started = time.perf_counter()
        gw_size = through_gateway()
        gateway_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        direct_size = direct()
        direct_times.append(time.perf_counter() - started)
        sizes = (gw_size, direct_size)
    return statistics.median(gateway_times), statistics.median(direct_times), sizes


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--gateway", required=True)
    p.add_argument("--proxy", required=True)
    p.add_argument("--ca-dir", required=True)
    p.add_argument("--gateway-pid", type=int, required=True)
    p.add_argument("--rucio-env", required=True)
    p.add_argument("--runs", type=int, default=3)
    a = p.parse_args()
    env = read_env(a.rucio_env)
    root = Rucio(env["RUCIO_URL"], "root", env["RUCIO_USERNAME"], env["RUCIO_PASSWORD"])
    ensure_data(root)
    rucio = Rucio(env["RUCIO_URL"], env["RUCIO_SERVICE_ACCOUNT"], env["RUCIO_SERVICE_USERNAME"],
                  env["RUCIO_SERVICE_PASSWORD"])
    gateway = Gateway(a.gateway, a.proxy, a.ca_dir)
    gateway.call("isFile", [lfns_of(1000)[:10]])  # warm up: connection, token
    direct_bulkmeta(rucio, lfns_of(1000)[:10])

    # Memory first, on the freshly started gateway (warmed up by one small call only), so the growth is not hidden
    # by memory an earlier large call left with the allocator.
    before = rss(a.gateway_pid, "VmRSS")
    with open(f"/proc/{a.gateway_pid}/clear_refs", "w") as fh:
        fh.write("5")  # reset VmHWM to the current RSS
    gateway.call("getReplicas", [lfns_of(10000), False])
    peak = rss(a.gateway_pid, "VmHWM")
    print(f"gateway RSS before getReplicas 10000: {before:.1f} MiB, peak during: {peak:.1f} MiB, "
          f"growth {peak - before:.1f} MiB")

    cases = []
    for count in (1000, 10000):
        lfns = lfns_of(count)
        cases += [
            (f"isFile {count}", lambda l=lfns: gateway.call("isFile", [l]), lambda l=lfns: direct_bulkmeta(rucio, l)),
            (f"getFileMetadata {count}", lambda l=lfns: gateway.call("getFileMetadata", [l]),
             lambda l=lfns: direct_bulkmeta(rucio, l)),
            (f"getReplicas {count}", lambda l=lfns: gateway.call("getReplicas", [l, False]),
             lambda l=lfns: direct_replicas(rucio, l)),
        ]
    cases.append(("listDirectory 1000 files", lambda: gateway.call("listDirectory", [[DATASETS[1000]], False]),
                  lambda: direct_listing(rucio, DATASETS[1000])))

    print(f"{'case':28} {'gateway s':>10} {'direct s':>10} {'overhead':>9} {'gw bytes':>10} {'rucio bytes':>11}")
    results = []
    for name, through_gateway, direct in cases:
        gw_time, direct_time, (gw_size, direct_size) = timed_pair(through_gateway, direct, a.runs)
        overhead = (gw_time / direct_time - 1) * 100
        results.append({"case": name, "gateway_s": gw_time, "direct_s": direct_time, "overhead_pct": overhead})
        print(f"{name:28} {gw_time:10.3f} {direct_time:10.3f} {overhead:8.1f}% {gw_size:10d} {direct_size:11d}")

    print(json.dumps({"results": results, "rss_before_mib": before, "rss_peak_mib": peak}), file=sys.stderr)


if __name__ == "__main__":
    main()
