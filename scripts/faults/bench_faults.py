#!/usr/bin/env python3
"""Faults during bulk writes at production size (issue 10, item 8): for each fault case of
Tests/Interop/bulk_faults.py (the scenarios and checks the CI test uses, at a few hundred files), addFile and then
removeFile of FILES new files (10,000) in 100-LFN calls through the real DIRAC 9.1.22 client, the fault striking
half-way (call 51 of 100) and lasting until healed (the answer-holding ones for 10 calls); then the proxy healed, the same calls again, and Rucio's state verified as root.

Prints per case and operation: calls, wall time of the faulty run, the slowest single call, the answers seen
(S_ERROR messages, Failed counts), wall time of the retry, and the verification verdict (with the problems
found); one JSON line per case and operation goes to --json.

  bench_faults.py --certs DIR [--files 10000] [--batch 100] [--timeout 30] [--cases a,b] [--strike N]
                  [--delay-calls 10] [--parallel 1] [--work DIR] [--json FILE]
Needs GATEWAY_BIN (the gateway binary) and the Rucio peer (.work/rucio/rucio.env).
"""
import argparse
import json
import os
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "Tests", "Interop"))

import bulk_faults  # noqa: E402
from conftest import RucioRoot, rucio_environment  # noqa: E402


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--certs", required=True, help="scripts/make-certs.sh output")
    p.add_argument("--files", type=int, default=10_000)
    p.add_argument("--batch", type=int, default=bulk_faults.BATCH)
    p.add_argument("--timeout", type=int, default=30, help="the gateway's rucio.timeoutSeconds (product default 30)")
    p.add_argument("--cases", default="", help="comma list of fault cases (default all)")
    p.add_argument("--strike", type=int, default=0,
                   help="the call in which the fault strikes (default: half-way, call FILES/BATCH/2 + 1)")
    p.add_argument("--delay-calls", type=int, default=10,
                   help="calls the answer-holding faults last (the others last until healed)")
    p.add_argument("--parallel", type=int, default=1, help="cases at a time (1: figures not disturbed by others)")
    p.add_argument("--work", default=os.path.join(REPO, ".work", "bench-faults"))
    p.add_argument("--json", default="")
    a = p.parse_args()

    selected = [c for c in a.cases.split(",") if c]
    calls = -(-a.files // a.batch)
    strike = a.strike or calls // 2 + 1
    cases = [c for c in bulk_faults.fault_cases(a.timeout, strike=strike, batch=a.batch, delay_calls=a.delay_calls)
             if not selected or c.name in selected]
    print(f"{len(cases)} fault cases, {a.files} files each in {calls} calls of {a.batch}; the fault strikes in call "
          f"{strike}; gateway rucio.timeoutSeconds {a.timeout}", flush=True)
    env = rucio_environment()
    production = {"X509_USER_PROXY": f"{a.certs}/user/proxy-production.pem", "DIRAC_TEST_GROUP": "ctao_production"}
    os.makedirs(a.work, exist_ok=True)
    out = open(a.json, "a", encoding="utf-8") if a.json else None
    start = time.monotonic()

    def log(line):
        print(f"{time.strftime('%H:%M:%S')} {line}", file=sys.stderr, flush=True)

    all_reports = {}
    for group in ([cases] if a.parallel > 1 else [[c] for c in cases]):
        reports = bulk_faults.run_cases(group, parallel=a.parallel, certs=a.certs, rucio_env=env,
                                        root=RucioRoot(env), production_env=production, work=a.work, files=a.files,
                                        batch=a.batch, timeout=a.timeout, log=log)
        for case, phases in reports.items():
            all_reports[case] = phases
            for r in phases:
                d = r.as_dict()
                print(f"\n== {case} / {r.operation}: {r.files} files, {r.calls} calls of {a.batch}; fault {r.fault}"
                      f" ({r.fault_hits} hits)\n"
                      f"   faulty run {r.faulty_wall:.1f} s, slowest call {r.slowest_call:.1f} s; "
                      f"{r.successful_in_faulty_run} Successful, {r.failed_in_faulty_run} not\n"
                      + "".join(f"   {n:>4} × {answer}\n" for answer, n in sorted(r.answers.items(), key=lambda x: -x[1]))
                      + f"   retry {r.retry_wall:.1f} s (slowest call {r.retry_slowest_call:.1f} s)\n"
                      f"   verdict: {r.verdict}"
                      + "".join(f"\n     - {x}" for x in r.unclear + r.claims + r.retry_problems + r.final),
                      flush=True)
                if out:
                    out.write(json.dumps({"case": case, **d}) + "\n")
                    out.flush()
    print(f"\n{bulk_faults.table(all_reports)}\n\ntotal {time.monotonic() - start:.0f} s", flush=True)
    return 0 if all(r.verdict == "ok" for phases in all_reports.values() for r in phases) else 1


if __name__ == "__main__":
    sys.exit(main())
