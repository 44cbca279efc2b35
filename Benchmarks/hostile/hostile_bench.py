"""What hostile calls cost the gateway (hardening issue, item 2), measured on the gateway process from /proc:
wall time, CPU seconds and peak resident memory (VmHWM) of
  (a) a ~200 KB gzip body inflating to 200 MB that holds one huge LFN (`exists`), with pings sent meanwhile;
  (b) a 50 MB LFN sent uncompressed;
  (c) one `hasAccess` of 1,000,000 LFNs (answered without Rucio, so the gateway's own decoding, answer and encoding
      are what is measured), and the resident memory once it is answered.
Prints one JSON line.
"""
import argparse
import gzip
import json
import os
import threading
import time
from urllib.parse import quote

import requests


def stat(pid):
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    values = {}
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith(("VmRSS:", "VmHWM:")):
                values[line.split(":")[0]] = int(line.split()[1]) / 1024
    return cpu, values["VmRSS"], values["VmHWM"]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True)
    p.add_argument("--proxy", required=True)
    p.add_argument("--ca-dir", required=True)
    p.add_argument("--gateway-pid", type=int, required=True)
    a = p.parse_args()
    form = {"Content-Type": "application/x-www-form-urlencoded"}

    def post(body, headers=None, timeout=300):
        s = requests.Session()
        s.trust_env = False
        return s.post(a.url, data=body, cert=a.proxy, verify=a.ca_dir, headers=dict(form, **(headers or {})),
                      timeout=timeout)

    def measure(name, body, headers=None, pings=False):
        cpu0, _, _ = stat(a.gateway_pid)
        latencies = []
        done = threading.Event()

        def pinger():
            while not done.is_set():
                t = time.time()
                post("method=ping&args=%5B%5D", timeout=120)
                latencies.append(time.time() - t)

        thread = threading.Thread(target=pinger) if pings else None
        if thread:
            thread.start()
        started = time.time()
        answer = post(body, headers)
        wall = time.time() - started
        done.set()
        if thread:
            thread.join()
        cpu1, rss, hwm = stat(a.gateway_pid)
        return {"case": name, "status": answer.status_code, "wall_s": round(wall, 2), "cpu_s": round(cpu1 - cpu0, 2),
                "peak_rss_mib": round(hwm, 1), "rss_after_mib": round(rss, 1),
                "answer": answer.text[:160], **({"pings": len(latencies),
                                                 "slowest_ping_s": round(max(latencies or [0]), 3)} if pings else {})}

    results = []
    huge = "/ctao/" + "a" * (200 << 20)
    body = gzip.compress(("method=exists&args=" + quote(json.dumps([[huge]]))).encode(), compresslevel=9)
    results.append(measure(f"gzip {len(body) >> 10} KB inflating to 200 MB, one LFN", body, {"Content-Encoding": "gzip"},
                           pings=True))
    del huge, body
    big = "/ctao/" + "b" * (50 << 20)
    results.append(measure("50 MB LFN, uncompressed", "method=exists&args=" + quote(json.dumps([[big]]))))
    del big
    lfns = [f"/ctao/MC/PROD6/bench/f{i:07d}.simtel.zst" for i in range(1_000_000)]
    body = gzip.compress(("method=hasAccess&args=" + quote(json.dumps([lfns, "isFile"]))).encode(), compresslevel=6)
    results.append(measure("hasAccess of 1,000,000 LFNs", body, {"Content-Encoding": "gzip"}))
    time.sleep(2)
    results[-1]["rss_2s_after_mib"] = round(stat(a.gateway_pid)[1], 1)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
