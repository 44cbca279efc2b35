"""Bulk writes under faults between the gateway and Rucio (issue 10, item 8), shared by the CI test
(Tests/Interop/test_bulk_write_faults.py, a few hundred files per fault) and the benchmark
(scripts/bench-faults.sh → scripts/faults/bench_faults.py, 10,000 files per fault).

For every fault case and every bulk write operation (`OPERATIONS`: addFile, then removeFile of the same files):

1. the *faulty run*: the operation's DIRAC-sized batches through the real DIRAC client (DataManager's
   `FileCatalog`), with the fault switched on in the proxy between the gateway and Rucio so that it strikes
   part-way (after the first K matching Rucio requests); every call must end with a clear answer (an S_ERROR
   naming Rucio, or per-LFN `Failed` reasons) well within the DIRAC client's 120 s, and what it reported as
   `Successful` must already be so in Rucio (judged once the gateway is idle: a call the client gave up on may
   still be running);
2. the proxy healed, the *retry*: exactly the same calls again, each must answer `Successful` for every LFN (a
   call that Rucio itself answered too slowly for the gateway's timeout, "Rucio did not answer in time", is run
   again, up to 3 rounds, as a DIRAC client would: the peer is shared; `retry_overloaded` records it);
3. Rucio's own state, read as root straight from Rucio: exactly the intended one for every file (DIDs with their
   bytes, Adler32 and GUID, one AVAILABLE replica on the RSE, attached to the right dataset and nowhere else, one
   rule each, nothing else under the test directory; after removeFile: detached, replicas UNAVAILABLE, lifetime
   expired), and the DIRAC view through the gateway agrees.

Batches: 100 LFNs per call. That is what DIRAC's own tools send per catalog call (`dirac-dms-remove-files`,
`dirac-dms-directory-sync` and the move/removal request scripts `breakListIntoChunks(lfns, 100)`), and what
DIRAC's own `RucioFileCatalogClient.addFile` sends to Rucio per `/dirac/addfiles` request; so one DIRAC call is
one registration transaction in Rucio, and a fault after K requests leaves earlier batches done and later ones
not. (`DataManager.registerFile`/`putAndRegister` pass whatever list they get in one call; a production job
registers its outputs in batches of this order.)

Each batch mixes both kinds of directory the gateway registers into: half of the files go into a directory that
`addFile` creates (a Rucio DATASET, through `/dirac/addfiles`), half into a directory made by `createDirectory`
(a CONTAINER; the files go into its hidden `.dfc-files` dataset: replica, rule and attachment as separate
requests, so that a fault can leave a half-registered file for the retry to complete).

Adding an operation (setMetadataBulk, next): a class like `AddFiles`/`RemoveFiles` (the call's arguments for a
batch, the Rucio state a Successful LFN must be in, the final check), put into `OPERATIONS` between them, and
a fault for it in each `FaultCase.faults` (its Rucio requests: `POST /dids/bulkdidsmeta`).
"""
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from urllib.parse import quote

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from conftest import rucio_yaml, scope_of, start_gateway, stop_gateway, unwrap  # noqa: E402
from rucio_fault_proxy import Fault, FaultProxy  # noqa: E402

CLIENT_LIMIT = 120.0  # FileCatalogClient's RPC timeout
RETRY_ROUNDS = 3
# The gateway's answer when Rucio did not answer one request within rucio.timeoutSeconds.
OVERLOAD = re.compile(r"Rucio did not answer in time")
BATCH = 100
RSE = "STORAGE-1"
RUCIO_DATE = "%a, %d %b %Y %H:%M:%S UTC"
DID = r"/dids/[^/]+/[^/]+"  # /dids/{scope}/{name with / as %2F}


# ---------------------------------------------------------------------------------------------------- faults

@dataclass
class FaultCase:
    name: str
    what: str
    faults: dict  # DIRAC method -> Fault keyword arguments (a fresh Fault per run)

    def fault(self, method):
        spec = self.faults.get(method)
        return Fault(**spec) if spec else None


def fault_cases(timeout, strike=2, batch=BATCH, delay_calls=None):
    """The faults, each placed so that it strikes part-way through a run of `batch`-LFN calls: in call number
    `strike` (counting from 1; the calls before it go through), and from then on until the proxy is healed
    (`delay_calls`: the faults that hold answers back strike that many calls only, so that a 10,000-file run
    does not spend an hour in timeouts). The request counts are those of the gateway's plans: an addFile call
    makes one POST /dirac/addfiles, one POST /replicas and one POST /rules/ (for the container files) and two
    POST /dids/attachments (hidden dataset, then files); a removeFile call one GET parents per LFN, one DELETE
    per parent dataset (two), one POST /replicas/list, one PUT /replicas and one POST /dids/bulkdidsmeta.
    `timeout` is the gateway's rucio.timeoutSeconds (the delay case holds answers beyond it)."""
    hold = timeout + 5
    k = strike - 1  # calls let through first
    times = {} if delay_calls is None else {"times": delay_calls}

    def at(method, path, action, per_call=1, within=0, **extra):
        return dict(method=method, path_prefix=path, action=action, after=per_call * k + within, **extra)

    parents = DID + "/parents$"
    return [
        FaultCase("500-json", "Rucio answers 500 DatabaseException (JSON body, ExceptionClass headers)", {
            "addFile": at("POST", "/dirac/addfiles$", "500-json"),
            "removeFile": at("POST", "/dids/bulkdidsmeta$", "500-json")}),
        FaultCase("500-html", "a front answers 500 with an HTML page", {
            "addFile": at("POST", "/dids/attachments$", "500", per_call=2, within=1),
            "removeFile": at("DELETE", DID + "/dids$", "500", per_call=2)}),
        FaultCase("502", "an nginx front answers 502 Bad Gateway (HTML)", {
            "addFile": at("POST", "/replicas$", "502"),
            "removeFile": at("PUT", "/replicas$", "502")}),
        FaultCase("503", "Rucio answers 503 (database pool full: DatabaseException, 'too many requests')", {
            "addFile": at("POST", "/rules/$", "503"),
            "removeFile": at("GET", parents, "503", per_call=batch, within=batch // 2)}),
        FaultCase("delay", f"an answer held {hold} s, beyond the gateway's {timeout} s Rucio timeout (Rucio did the write)", {
            "addFile": at("POST", "/dirac/addfiles$", "delay", seconds=hold, **times),
            "removeFile": at("POST", "/dids/bulkdidsmeta$", "delay", seconds=hold, **times)}),
        FaultCase("slow", "Rucio slow: every answer held 8 s (below the gateway's timeout), for the first requests", {
            "addFile": dict(method="*", path_prefix="", action="delay", times=5, seconds=8),
            "removeFile": dict(method="*", path_prefix="", action="delay", times=120, seconds=8)}),
        FaultCase("reset", "the connection reset (TCP RST) before Rucio sees the request", {
            "addFile": at("POST", "/dirac/addfiles$", "reset"),
            "removeFile": at("PUT", "/replicas$", "reset")}),
        FaultCase("reset-after", "the connection reset (TCP RST) after Rucio did the write", {
            "addFile": at("POST", "/rules/$", "reset-after"),
            "removeFile": at("POST", "/dids/bulkdidsmeta$", "reset-after")}),
        FaultCase("cut", "Rucio's answer cut mid-stream (headers and half the body, then closed)", {
            "addFile": at("POST", "/dirac/addfiles$", "cut"),
            "removeFile": at("POST", "/replicas/list$", "cut")}),
        FaultCase("cut-request", "the request body cut mid-stream (half read, then reset)", {
            "addFile": at("POST", "/dirac/addfiles$", "cut-request"),
            "removeFile": at("POST", "/dids/bulkdidsmeta$", "cut-request")}),
        FaultCase("kill", "Rucio killed mid-batch: open connections reset, then connection refused", {
            "addFile": at("POST", "/rules/$", "kill"),
            "removeFile": at("GET", parents, "kill", per_call=batch, within=batch // 2)}),
    ]


# The cases the CI test runs by default (each kind of fault of the issue once; Rucio's registration rate on the
# project's peer, about 7 files/s, makes every case cost about a minute): the others (Rucio's own 500, a reset before
# Rucio sees the request, a cut request body) take the same code paths in the gateway and run in the benchmark, or
# in CI with BULK_FAULTS_CASES=all.
CI_CASES = ("500-html", "502", "503", "delay", "slow", "reset-after", "cut", "kill")


# ------------------------------------------------------------------------------------------------ the files

@dataclass
class Plan:
    """The files of one case: `base/run/…` (a directory addFile creates: a Rucio DATASET through
    /dirac/addfiles) and `base/ctr/…` (made by createDirectory: a CONTAINER, files in its hidden dataset)."""
    base: str
    files: dict  # lfn -> addFile info, in order

    @property
    def dataset_dir(self):
        return f"{self.base}/run"

    @property
    def container_dir(self):
        return f"{self.base}/ctr"

    @property
    def hidden(self):
        return f"{self.container_dir}/.dfc-files"

    def dataset_of(self, lfn):
        return self.dataset_dir if lfn.startswith(self.dataset_dir + "/") else self.hidden

    def ancestors_of(self, lfn):
        """Every collection above the file, as Rucio's resolve_parents names them ("scope:name")."""
        chain = [self.dataset_of(lfn)]
        path = chain[0]
        while path.count("/") > 1:
            path = path.rsplit("/", 1)[0]
            chain.append(path)
        return {f"{scope_of(p)}:{p}" for p in chain}

    def batches(self, size=BATCH):
        lfns = list(self.files)
        return [lfns[i:i + size] for i in range(0, len(lfns), size)]


def make_plan(base, count, seed=None):
    rng = random.Random(seed if seed is not None else base)
    files = {}
    for i in range(count):
        directory = f"{base}/run" if i % 2 == 0 else f"{base}/ctr"
        lfn = f"{directory}/file_{i:06d}.dat"
        files[lfn] = {"PFN": f"davs://rucio-storage-1:1094//rucio{lfn}", "SE": RSE,
                      "Size": rng.randint(1, 4 * 10**9), "Checksum": f"{rng.getrandbits(32):08x}",
                      "GUID": str(uuid.UUID(int=rng.getrandbits(128), version=4)).upper()}
    return Plan(base, files)


def rucio_guid(guid):
    return guid.replace("-", "").lower()


# ----------------------------------------------------------------------------------------- the DIRAC client

class DiracClient:
    """The real DIRAC client in one long-lived process (Tests/Interop/dirac_batch.py); each call is still a
    new HTTPS connection with the catalog client's 120 s timeout."""

    def __init__(self, env, log_path, limit=CLIENT_LIMIT + 60):
        self.env, self.log_path, self.limit = env, log_path, limit
        self.proc = None
        self._start()

    def _start(self):
        self.log = open(self.log_path, "a", encoding="utf-8")
        self.proc = subprocess.Popen([sys.executable, os.path.join(HERE, "dirac_batch.py")], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.log, text=True, env=self.env, bufsize=1)
        ready = self._read(120)
        assert ready and ready.get("ready"), f"DIRAC client did not start (see {self.log_path})"

    def _read(self, limit):
        box = []
        reader = threading.Thread(target=lambda: box.append(self.proc.stdout.readline()), daemon=True)
        reader.start()
        reader.join(limit)
        if not box or not box[0]:
            return None
        return json.loads(box[0])

    def call(self, method, *args, via="filecatalog"):
        """(result, seconds); a client that gives no answer at all in `limit` seconds is restarted."""
        start = time.monotonic()
        self.proc.stdin.write(json.dumps({"method": method, "args": list(args), "via": via}) + "\n")
        self.proc.stdin.flush()
        answer = self._read(self.limit)
        if answer is None:
            self.close()
            self._start()
            return {"OK": False, "Message": f"harness: no answer from the DIRAC client in {self.limit:.0f} s"}, \
                time.monotonic() - start
        return answer["result"], answer["seconds"]

    def close(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


# ------------------------------------------------------------------------------------------- Rucio's state

class RucioState:
    """Bulk reads of Rucio's own state as root, straight from Rucio (not through the proxy)."""

    def __init__(self, root):
        self.root = root  # conftest.RucioRoot

    def _ndjson(self, method, path, body=None):
        status, text = self.root.request(method, path, body)
        assert status == 200, f"{method} {path}: {status} {text[:300]}"
        return [json.loads(line) for line in text.splitlines() if line.strip()]

    def meta(self, names):
        rows = {}
        for chunk in chunks(names, 1000):
            body = {"dids": [{"scope": scope_of(n), "name": n} for n in chunk], "inherit": False,
                    "plugin": "DID_COLUMN"}
            for row in self._ndjson("POST", "/dids/bulkmeta", body):
                rows[row["name"]] = row
        return rows

    def replicas(self, names):
        records = {}
        for chunk in chunks(names, 1000):
            body = {"dids": [{"scope": scope_of(n), "name": n} for n in chunk], "all_states": True,
                    "ignore_availability": True, "resolve_parents": True}
            for record in self._ndjson("POST", "/replicas/list", body):
                records[record["name"]] = record
        return records

    def content(self, name):
        """The direct children's names, or None when the collection does not exist."""
        status, text = self.root.request("GET", self.root.did_path(scope_of(name), name) + "/dids")
        if status == 404:
            return None
        assert status == 200, f"content of {name}: {status} {text[:300]}"
        return {json.loads(line)["name"] for line in text.splitlines() if line.strip()}

    def rules_since(self, since, account, prefix):
        """Rules of `account` in the prefix's scope created after `since` (epoch s), on names under `prefix`."""
        created = datetime.fromtimestamp(since, timezone.utc).strftime(RUCIO_DATE)
        query = f"/rules/?account={account}&scope={quote(scope_of(prefix))}&created_after={quote(created)}"
        rules = {}
        for rule in self._ndjson("GET", query):
            if rule["name"].startswith(prefix + "/"):
                rules.setdefault(rule["name"], []).append(rule)
        return rules

    def below(self, prefix):
        """Names of every DID below `prefix` (Rucio's DID search)."""
        query = f"/dids/{quote(scope_of(prefix), safe='')}/dids/search?type=all&name={quote(prefix + '/*', safe='')}"
        status, text = self.root.request("GET", query)
        assert status == 200, f"search {query}: {status} {text[:300]}"
        return {json.loads(line) for line in text.splitlines() if line.strip()}


def chunks(items, size):
    items = list(items)
    return [items[i:i + size] for i in range(0, len(items), size)]


def parse_date(text):
    return datetime.strptime(text, RUCIO_DATE).replace(tzinfo=timezone.utc).timestamp() if text else None


def summarise(problems, limit=8):
    """`problems` (lfn -> reason): the reasons counted, with an example LFN each."""
    counted = Counter(problems.values())
    out = []
    for reason, n in counted.most_common(limit):
        example = next(lfn for lfn, r in problems.items() if r == reason)
        out.append(f"{n} × {reason} (e.g. {example})")
    if len(counted) > limit:
        out.append(f"... {len(counted) - limit} other reasons")
    return out


# -------------------------------------------------------------------------------------------- operations

class AddFiles:
    method = "addFile"

    def setup(self, plan, client):
        """Healthy, before any fault: the container directory exists (createDirectory)."""
        result, _ = client.call("createDirectory", [plan.container_dir])
        assert result.get("OK") and plan.container_dir in unwrap(result["Value"])["Successful"], result

    def args(self, plan, lfns):
        return [{lfn: plan.files[lfn] for lfn in lfns}]

    def file_problems(self, state, plan, lfns, since):
        """lfn -> why it is not registered exactly as intended."""
        meta, replicas = state.meta(lfns), state.replicas(lfns)
        rules = state.rules_since(since, "dirac", plan.base)
        problems = {}
        for lfn in lfns:
            info, row, record = plan.files[lfn], meta.get(lfn), replicas.get(lfn)
            if row is None:
                problems[lfn] = "not in Rucio"
                continue
            wrong = [key for key, have, want in (
                ("type", row.get("did_type"), "FILE"), ("bytes", row.get("bytes"), info["Size"]),
                ("adler32", row.get("adler32"), info["Checksum"]), ("guid", row.get("guid"), rucio_guid(info["GUID"])),
                ("expired_at", row.get("expired_at"), None)) if have != want]
            if wrong:
                problems[lfn] = "wrong " + ", ".join(wrong)
                continue
            states = (record or {}).get("states", {})
            if states != {RSE: "AVAILABLE"}:
                problems[lfn] = f"replicas {states or 'none'}"
                continue
            ancestors = set((record or {}).get("parents", []))
            if ancestors != plan.ancestors_of(lfn):
                problems[lfn] = (f"attached under {sorted(ancestors) or 'nothing'}, expected "
                                 f"{plan.dataset_of(lfn).rsplit('/', 1)[-1]}")
                continue
            own = [r for r in rules.get(lfn, []) if r["rse_expression"] == RSE and r["copies"] == 1]
            if len(own) != 1 or len(rules.get(lfn, [])) != 1:
                problems[lfn] = f"{len(rules.get(lfn, []))} rules ({len(own)} of dirac on {RSE})"
        return problems

    def claimed(self, state, plan, lfns, since):
        return summarise(self.file_problems(state, plan, lfns, since))

    def final(self, state, plan, client, since):
        lfns = list(plan.files)
        out = summarise(self.file_problems(state, plan, lfns, since))
        run = {l for l in lfns if plan.dataset_of(l) == plan.dataset_dir}
        for dataset, want in ((plan.dataset_dir, run), (plan.hidden, set(lfns) - run)):
            have = state.content(dataset)
            if have != want:
                extra, missing = (have or set()) - want, want - (have or set())
                out.append(f"dataset {dataset}: {len(missing)} files missing, {len(extra)} others"
                           f" (e.g. {sorted(missing | extra)[:2]})")
        collections = {plan.dataset_dir, plan.container_dir, plan.hidden}
        if state.content(plan.base) != {plan.dataset_dir, plan.container_dir}:
            out.append(f"{plan.base} holds {state.content(plan.base)}")
        if state.content(plan.container_dir) != {plan.hidden}:
            out.append(f"{plan.container_dir} holds {state.content(plan.container_dir)}")
        stray = state.below(plan.base) - set(lfns) - collections
        if stray:
            out.append(f"{len(stray)} unexpected DIDs below {plan.base}, e.g. {sorted(stray)[:3]}")
        dataset_rules = state.rules_since(since - 3600, "dirac", plan.base).get(plan.dataset_dir, [])
        if [r["rse_expression"] for r in dataset_rules] != ["ANY=true"]:
            out.append(f"rules on {plan.dataset_dir}: {[r['rse_expression'] for r in dataset_rules]}")
        # What DIRAC sees through the (healed) gateway.
        wrong = {}
        for chunk in chunks(lfns, 1000):
            result, _ = client.call("getFileMetadata", chunk)
            if not result.get("OK"):
                out.append(f"getFileMetadata: {result.get('Message')}")
                break
            value = unwrap(result["Value"])
            for lfn in chunk:
                meta, info = value["Successful"].get(lfn), plan.files[lfn]
                if meta is None:
                    wrong[lfn] = f"getFileMetadata Failed: {value['Failed'].get(lfn)}"
                elif (meta.get("Size"), meta.get("Checksum"), meta.get("GUID")) != (
                        info["Size"], info["Checksum"], info["GUID"]):
                    wrong[lfn] = "getFileMetadata differs"
        out += summarise(wrong)
        for directory, want in ((plan.dataset_dir, run), (plan.container_dir, set(lfns) - run)):
            result, _ = client.call("listDirectory", [directory])
            files = set()
            if result.get("OK"):
                files = {os.path.basename(f) for f in
                         unwrap(result["Value"])["Successful"].get(directory, {}).get("Files", {})}
            if files != {os.path.basename(l) for l in want}:
                out.append(f"listDirectory {directory}: {len(files)} files, expected {len(want)}")
        return out


class RemoveFiles:
    method = "removeFile"

    def setup(self, plan, client):
        pass

    def args(self, plan, lfns):
        return [lfns]

    def file_problems(self, state, plan, lfns, since):
        """lfn -> why it is not removed as the gateway's removeFile intends (RucioCatalog+Removal.swift)."""
        meta, replicas = state.meta(lfns), state.replicas(lfns)
        now = time.time()
        problems = {}
        for lfn in lfns:
            row, record = meta.get(lfn), replicas.get(lfn) or {}
            if row is None:
                continue  # the undertaker has deleted it already
            expired = parse_date(row.get("expired_at"))
            ancestors = set(record.get("parents", []))
            states = set(record.get("states", {}).values())
            if ancestors:
                problems[lfn] = "still attached"
            elif states - {"UNAVAILABLE", "BEING_DELETED"}:
                problems[lfn] = f"replicas {record.get('states')}"
            elif expired is None or expired > now:
                problems[lfn] = f"not expired (expired_at {row.get('expired_at')})"
        return problems

    def claimed(self, state, plan, lfns, since):
        return summarise(self.file_problems(state, plan, lfns, since))

    def final(self, state, plan, client, since):
        lfns = list(plan.files)
        out = summarise(self.file_problems(state, plan, lfns, since))
        for dataset in (plan.dataset_dir, plan.hidden):
            have = state.content(dataset)
            if have:
                out.append(f"dataset {dataset} still holds {len(have)} files")
        seen = {}
        for chunk in chunks(lfns, 1000):
            result, _ = client.call("exists", chunk)
            if not result.get("OK"):
                out.append(f"exists: {result.get('Message')}")
                break
            value = result["Value"]
            for lfn in chunk:
                answer = value["Successful"].get(lfn, value["Failed"].get(lfn))
                if answer is not False:
                    seen[lfn] = "exists: still there" if answer == lfn or answer is True else f"exists: {answer!r}"
        out += summarise(seen)
        for directory in (plan.dataset_dir, plan.container_dir):
            result, _ = client.call("listDirectory", [directory])
            if result.get("OK"):
                files = unwrap(result["Value"])["Successful"].get(directory, {}).get("Files", {})
                if files:
                    out.append(f"listDirectory {directory} still lists {len(files)} files")
        return out


# setMetadataBulk goes between the two once the gateway serves it (see the module's docstring).
OPERATIONS = [AddFiles(), RemoveFiles()]


# ------------------------------------------------------------------------------------------------ running

@dataclass
class CallRecord:
    seconds: float
    answer: str  # "ok", "failed", "error"
    clear: bool
    message: str = ""
    successful: int = 0
    failed: int = 0


@dataclass
class PhaseReport:
    case: str
    operation: str
    files: int
    calls: int = 0
    fault: str = ""
    fault_hits: int = 0
    faulty_wall: float = 0.0
    slowest_call: float = 0.0
    answers: dict = field(default_factory=dict)  # answer summary -> count
    successful_in_faulty_run: int = 0
    failed_in_faulty_run: int = 0
    unclear: list = field(default_factory=list)
    claims: list = field(default_factory=list)  # Successful in the faulty run but not so in Rucio
    idle_after_faulty_run: bool = True
    retry_wall: float = 0.0
    retry_slowest_call: float = 0.0
    retry_problems: list = field(default_factory=list)
    retry_rounds: int = 1  # re-runs needed (more than 1 only after calls Rucio itself was too slow for)
    retry_overloaded: list = field(default_factory=list)
    final: list = field(default_factory=list)
    gateway_warnings: list = field(default_factory=list)
    rucio_requests_faulty: dict = field(default_factory=dict)  # "METHOD path" -> count, through the proxy
    rucio_requests_retry: dict = field(default_factory=dict)
    gateway_call_ms: list = field(default_factory=list)  # the gateway's own duration of each call (its log)

    @property
    def verdict(self):
        bad = self.unclear or self.claims or self.retry_problems or self.final
        return "FAIL" if bad else "ok"

    def as_dict(self):
        d = asdict(self)
        d["verdict"] = self.verdict
        return d


def shorten(message, limit=220):
    text = re.sub(r"/ctao/\S+?(?=[\s:'\",)]|$)", "<lfn>", str(message))
    text = re.sub(r"\b[0-9a-f]{32}\b", "<id>", text)
    text = re.sub(r"\s+", " ", text)
    return text[:limit]


def classify(result, seconds, lfns):
    if seconds >= CLIENT_LIMIT - 1:
        message = result.get("Message", "") if not result.get("OK") else "S_OK"
        return CallRecord(seconds, "error", False, f"no gateway answer within {CLIENT_LIMIT:.0f} s: {shorten(message)}")
    if not result.get("OK"):
        message = str(result.get("Message", ""))
        return CallRecord(seconds, "error", "Rucio" in message, shorten(message))
    value = unwrap(result["Value"])
    ok = {l for l, v in value["Successful"].items() if v is True}
    failed = value["Failed"]
    missing = set(lfns) - ok - set(failed)
    reasons = Counter(shorten(r) for r in failed.values())
    clear = not missing and all(isinstance(r, str) and r.strip() for r in failed.values())
    message = "; ".join(f"{n} × {r}" for r, n in reasons.most_common(3))
    if missing:
        message = f"{len(missing)} LFNs neither Successful nor Failed; " + message
    return CallRecord(seconds, "failed" if failed or missing else "ok", clear, message, len(ok), len(failed))


def request_counts(requests):
    counted = Counter()
    for _, method, path, _ in requests:
        path = re.sub(r"^/dids/[^/?]+/[^/?]+", "/dids/{did}", path.split("?")[0])
        path = re.sub(r"^/rules/[0-9a-f]{32}", "/rules/{id}", path)
        counted[f"{method} {path}"] += 1
    return dict(counted.most_common())


def successful_lfns(result):
    if not result.get("OK"):
        return []
    return [l for l, v in unwrap(result["Value"])["Successful"].items() if v is True]


class Harness:
    """One case's own proxy in front of Rucio, gateway behind it, and DIRAC client (production identity)."""

    def __init__(self, certs, rucio_env, work, production_env, timeout):
        os.makedirs(work, exist_ok=True)
        self.proxy = FaultProxy(rucio_env["RUCIO_URL"]).start()
        self.gateway, self.proc, self.log = start_gateway(certs, work, rucio_yaml(rucio_env, url=self.proxy.url,
                                                                                  timeout=timeout))
        self.client = DiracClient(self.gateway.env(**production_env), os.path.join(work, "dirac-client.log"))

    def gateway_log_offset(self):
        return os.path.getsize(self.gateway.log_path)

    def gateway_call_ms(self, offset, method):
        with open(self.gateway.log_path, encoding="utf-8", errors="replace") as fh:
            fh.seek(offset)
            return [float(m.group(1)) for l in fh if (m := re.search(rf"ms=([0-9.]+) .*\] {method} ", l))]

    def gateway_warnings(self, offset, limit=6):
        with open(self.gateway.log_path, encoding="utf-8", errors="replace") as fh:
            fh.seek(offset)
            lines = [l.rstrip() for l in fh if re.search(r"\b(warning|error|critical)\b", l)]
        return [f"{len(lines)} warning/error lines"] + [l[:400] for l in lines[:limit]]

    def close(self):
        self.client.close()
        status = stop_gateway(self.proc, self.log)
        self.proxy.stop()
        return status


def run_phase(harness, state, case, operation, plan, batch, log=print):
    lfn_batches = plan.batches(batch)
    report = PhaseReport(case.name, operation.method, len(plan.files), calls=len(lfn_batches))
    since = time.time() - 120
    offset = harness.gateway_log_offset()
    fault = case.fault(operation.method)
    report.fault = f"{fault.action} on {fault.method} {fault.path_prefix} after {fault.after}" if fault else "none"
    harness.proxy.hits.clear()
    harness.proxy.fault = fault
    claimed = []
    answers = Counter()
    first_request = len(harness.proxy.requests)
    start = time.monotonic()
    for lfns in lfn_batches:
        result, seconds = harness.client.call(operation.method, *operation.args(plan, lfns))
        record = classify(result, seconds, lfns)
        answers[f"{record.answer}: {record.message}" if record.message else record.answer] += 1
        report.slowest_call = max(report.slowest_call, seconds)
        report.successful_in_faulty_run += len(successful_lfns(result)) if result.get("OK") else 0
        report.failed_in_faulty_run += record.failed if result.get("OK") else len(lfns)
        if not record.clear:
            report.unclear.append(f"call of {len(lfns)} LFNs ({lfns[0]}…) after {seconds:.1f} s: {record.message}")
        claimed += successful_lfns(result)
    report.faulty_wall = time.monotonic() - start
    report.answers = dict(answers)
    report.fault_hits = len(harness.proxy.hits)
    # A call the DIRAC client gave up on may still be running in the gateway: let it end before judging.
    report.idle_after_faulty_run = harness.proxy.wait_idle()
    report.claims = operation.claimed(state, plan, claimed, since) if claimed else []
    report.rucio_requests_faulty = request_counts(harness.proxy.requests[first_request:])
    harness.proxy.heal()
    first_request = len(harness.proxy.requests)
    log(f"[{case.name}] {operation.method}: faulty run {report.faulty_wall:.1f} s, {report.fault_hits} fault hits,"
        f" answers {dict(answers)}")

    start = time.monotonic()
    pending = lfn_batches
    for round_ in range(1, RETRY_ROUNDS + 1):
        again = []
        for lfns in pending:
            result, seconds = harness.client.call(operation.method, *operation.args(plan, lfns))
            report.retry_slowest_call = max(report.retry_slowest_call, seconds)
            if not result.get("OK"):
                message = shorten(result.get("Message"))
                if OVERLOAD.search(message) and round_ < RETRY_ROUNDS:
                    # Rucio itself too slow for the gateway's timeout (the peer is shared): a DIRAC client
                    # retries that too; noted, not a fault of the gateway's.
                    report.retry_overloaded.append(f"round {round_}: S_ERROR after {seconds:.1f} s: {message}")
                    again.append(lfns)
                else:
                    report.retry_problems.append(f"retry S_ERROR after {seconds:.1f} s: {message}")
                continue
            value = unwrap(result["Value"])
            if set(value["Successful"]) != set(lfns) or value["Failed"] or \
                    any(v is not True for v in value["Successful"].values()):
                reasons = Counter(shorten(r) for r in value["Failed"].values())
                report.retry_problems.append(
                    f"retry: {len(value['Successful'])}/{len(lfns)} Successful, Failed {dict(reasons.most_common(3))}")
        pending = again
        if not pending:
            break
        harness.proxy.wait_idle()  # the timed-out requests may still be running in Rucio
    report.retry_rounds = round_
    report.retry_wall = time.monotonic() - start
    report.rucio_requests_retry = request_counts(harness.proxy.requests[first_request:])
    report.final = operation.final(state, plan, harness.client, since)
    report.gateway_warnings = harness.gateway_warnings(offset)
    report.gateway_call_ms = harness.gateway_call_ms(offset, operation.method)
    log(f"[{case.name}] {operation.method}: retry {report.retry_wall:.1f} s, verdict {report.verdict}"
        + (f": {report.unclear + report.claims + report.retry_problems + report.final}" if report.verdict != "ok" else ""))
    return report


def run_case(case, *, certs, rucio_env, root, production_env, work, files, batch=BATCH, timeout=30,
             operations=OPERATIONS, base=None, log=print):
    """Every operation of `operations` under `case`'s fault, on `files` new files; returns the PhaseReports."""
    base = base or f"/ctao/tests/bulkfaults-{int(time.time())}-{os.getpid()}-{os.urandom(3).hex()}/{case.name}"
    plan = make_plan(base, files)
    state = RucioState(root)
    harness = Harness(certs, rucio_env, os.path.join(work, case.name), production_env, timeout)
    reports = []
    try:
        for operation in operations:
            operation.setup(plan, harness.client)
            reports.append(run_phase(harness, state, case, operation, plan, batch, log=log))
    finally:
        status = harness.close()
        if status != 0 and reports:
            reports[-1].final.append(f"gateway exited with status {status} on SIGTERM")
    return reports


def run_cases(cases, parallel=1, **kwargs):
    """{case name: [PhaseReport]}, cases run `parallel` at a time (each has its own proxy, gateway and files)."""
    def one(case):
        try:
            return case.name, run_case(case, **kwargs)
        except Exception as exc:  # a broken harness must show as that case's failure, not hide the others
            import traceback

            report = PhaseReport(case.name, "setup", kwargs.get("files", 0))
            report.final.append(f"harness error: {type(exc).__name__}: {exc}\n{traceback.format_exc()[-1500:]}")
            return case.name, [report]
    # The cases that hold answers back take longest: started first, the others run beside them.
    ordered = sorted(cases, key=lambda c: not any(f.get("action") == "delay" for f in c.faults.values()))
    with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
        done = dict(pool.map(one, ordered))
    return {c.name: done[c.name] for c in cases}


def table(reports):
    """One line per case and operation (the benchmark's and the test's summary)."""
    lines = [f"{'fault':<12} {'op':<11} {'files':>6} {'calls':>5} {'hits':>5} {'faulty s':>9} {'slowest s':>9} "
             f"{'retry s':>8} {'verdict':<7} answers"]
    for case, phases in reports.items():
        for r in phases:
            answers = "; ".join(f"{n}× {a}" for a, n in sorted(r.answers.items(), key=lambda x: -x[1]))
            lines.append(f"{case:<12} {r.operation:<11} {r.files:>6} {r.calls:>5} {r.fault_hits:>5} "
                         f"{r.faulty_wall:>9.1f} {r.slowest_call:>9.1f} {r.retry_wall:>8.1f} {r.verdict:<7} "
                         f"{answers}")
    return "\n".join(lines)
