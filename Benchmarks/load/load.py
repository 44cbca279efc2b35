"""Load: N concurrent DIRAC-style clients against the gateway for a fixed time, each call on a new TLS connection
(full handshake, as DIRAC's client makes one per call), a mix of reads and writes against the real Rucio.

Every few seconds the gateway process is sampled from /proc (CPU seconds, resident memory, open file descriptors),
so a leak shows as a slope. Prints one JSON summary line at the end (error rate, p50/p99 by call kind, the samples'
first/last/max) and writes the timeline as CSV.

Mix (by weight): ping 20, whoami 10, exists of 5 seeded LFNs 25, getFileMetadata of 5 seeded LFNs 20,
listDirectory of a seeded directory 15, createDirectory of a new directory under /ctao/tests/load-<run> 10.
"""
import argparse
import json
import os
import random
import socket
import ssl
import threading
import time
from urllib.parse import quote

MIX = [("ping", 20), ("whoami", 10), ("exists", 25), ("getFileMetadata", 20), ("listDirectory", 15),
       ("createDirectory", 10)]


def proc_sample(pid):
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    cpu = (int(fields[11]) + int(fields[12])) / ticks
    with open(f"/proc/{pid}/status") as fh:
        rss = next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:")) / 1024
    fds = len(os.listdir(f"/proc/{pid}/fd"))
    return cpu, rss, fds


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True)
    p.add_argument("--proxy", required=True, help="a proxy of a write group (ctao_production)")
    p.add_argument("--ca-dir", required=True)
    p.add_argument("--gateway-pid", type=int, required=True)
    p.add_argument("--clients", type=int, default=32)
    p.add_argument("--seconds", type=int, default=600)
    p.add_argument("--lfns", required=True, help="JSON list of seeded LFNs")
    p.add_argument("--csv", required=True)
    a = p.parse_args()

    host, port = a.url.split("//")[1].split("/")[0].split(":")
    path = "/" + a.url.split("//")[1].split("/", 1)[1]
    lfns = json.loads(open(a.lfns).read())
    directories = sorted({lfn.rsplit("/", 1)[0] for lfn in lfns})
    run = f"/ctao/tests/load-{int(time.time())}-{os.getpid()}"
    context = ssl.create_default_context(capath=a.ca_dir)
    context.load_cert_chain(a.proxy)
    context.check_hostname = False
    kinds = [k for k, w in MIX for _ in range(w)]
    results = []  # (kind, seconds, ok)
    lock = threading.Lock()
    stop_at = time.time() + a.seconds
    counter = [0]

    def args_for(kind, rng):
        if kind in ("exists", "getFileMetadata"):
            return [rng.sample(lfns, min(5, len(lfns)))]
        if kind == "listDirectory":
            return [rng.choice(directories), False]
        if kind == "createDirectory":
            with lock:
                counter[0] += 1
                n = counter[0]
            return [f"{run}/d{n % 1000}/e{n}"]
        return []

    def call(kind, args):
        body = f"method={kind}&args={quote(json.dumps(args))}&clientVO=ctao&clientSetup=None".encode()
        request = (f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                   f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body
        with socket.create_connection((host, int(port)), timeout=120) as raw:
            with context.wrap_socket(raw, server_hostname=host) as tls:
                tls.sendall(request)
                data = b""
                while True:
                    chunk = tls.recv(65536)
                    if not chunk:
                        break
                    data += chunk
        head, _, payload = data.partition(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        return status == 200 and json.loads(payload).get("OK") is True

    def client(seed):
        rng = random.Random(seed)
        while time.time() < stop_at:
            kind = rng.choice(kinds)
            started = time.time()
            try:
                ok = call(kind, args_for(kind, rng))
            except Exception:
                ok = False
            with lock:
                results.append((kind, time.time() - started, ok, started))

    samples = []
    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(a.clients)]
    started = time.time()
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        cpu, rss, fds = proc_sample(a.gateway_pid)
        with lock:
            done = len(results)
            errors = sum(1 for r in results if not r[2])
        samples.append((round(time.time() - started, 1), cpu, rss, fds, done, errors))
        time.sleep(5)
    for t in threads:
        t.join()
    with open(a.csv, "w") as fh:
        fh.write("seconds,gateway_cpu_s,rss_mib,fds,calls,errors\n")
        for s in samples:
            fh.write(",".join(str(round(x, 2)) for x in s) + "\n")

    def pct(values, q):
        values = sorted(values)
        return round(values[min(len(values) - 1, int(q * len(values)))] * 1000, 1) if values else None

    by_kind = {}
    for kind, _ in MIX:
        times = [r[1] for r in results if r[0] == kind]
        by_kind[kind] = {"calls": len(times), "errors": sum(1 for r in results if r[0] == kind and not r[2]),
                         "p50_ms": pct(times, 0.5), "p99_ms": pct(times, 0.99)}
    elapsed = time.time() - started
    summary = {
        "clients": a.clients, "seconds": round(elapsed, 1), "calls": len(results),
        "calls_per_s": round(len(results) / elapsed, 1),
        "error_rate": round(sum(1 for r in results if not r[2]) / max(1, len(results)), 5),
        "p50_ms": pct([r[1] for r in results], 0.5), "p99_ms": pct([r[1] for r in results], 0.99),
        "gateway_cpu_ms_per_call": round((samples[-1][1] - samples[0][1]) * 1000 / max(1, len(results)), 2),
        "rss_mib": {"first": samples[0][2], "last": samples[-1][2], "max": max(s[2] for s in samples)},
        "fds": {"first": samples[0][3], "last": samples[-1][3], "max": max(s[3] for s in samples)},
        "by_kind": by_kind,
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
