"""Interop harness: the real DIRAC 9.1.22 client against the gateway binary over HTTPS on loopback.

Session fixtures make test credentials with the project's scripts/make-certs.sh, write a gateway
configuration, start `dirac-rucio-gateway serve` on a free port, and give tests a `dirac` callable that
runs one DIRAC client call in its own process (DIRAC's configuration and credentials are process-global).
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
USER_DN = "/C=ch/O=CTAO/OU=DPPS Test/CN=testuser"
HOST_DN = "/C=ch/O=CTAO/OU=DPPS Test/CN=localhost"
OTHER_HOST_DN = "/C=ch/O=CTAO/OU=DPPS Test/CN=otherhost.test"
STRANGER_DN = "/C=ch/O=CTAO/OU=DPPS Test/CN=stranger"

# The Registry of the default test gateway: testuser in ctao_user and ctao_production, the local host trusted.
DEFAULT_AUTH_YAML = f"""
auth:
  writeGroups: [ctao_production]
  users:
    - name: testuser
      dn: "{USER_DN}"
      groups: [ctao_user, ctao_production]
  hosts:
    - name: localhost
      dn: "{HOST_DN}"
      trusted: true
    - name: otherhost
      dn: "{OTHER_HOST_DN}"
"""


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class CallResult:
    exit_code: int
    result: dict
    stderr: str

    @property
    def ok(self):
        return bool(self.result.get("OK"))

    @property
    def value(self):
        assert self.ok, f"expected S_OK, got {self.result} (stderr tail: {self.stderr[-500:]})"
        return self.result["Value"]


@dataclass
class Gateway:
    url: str
    certs: str
    base_env: dict = field(default_factory=dict)
    log_path: str = ""
    metrics_url: str = ""

    def env(self, **extra):
        env = dict(os.environ)
        env.update(self.base_env)
        env.update({k: str(v) for k, v in extra.items()})
        return env

    def call(self, method, *args, via="filecatalog", **env):
        cmd = [sys.executable, os.path.join(HERE, "dirac_call.py"), "--via", via, method]
        cmd += [a if isinstance(a, str) else json.dumps(a) for a in args]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=self.env(**env), timeout=180)
        lines = [line for line in proc.stdout.splitlines() if line.strip()]
        assert lines, f"no output from the DIRAC client (exit {proc.returncode}); stderr:\n{proc.stderr[-2000:]}"
        return CallResult(proc.returncode, json.loads(lines[-1]), proc.stderr)

    def calls(self, calls, **env):
        """Several calls in one DIRAC client process: `calls` is a list of (via, method, [args]); the results, in order."""
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
            json.dump([list(c) for c in calls], fh)
            script = fh.name
        try:
            proc = subprocess.run([sys.executable, os.path.join(HERE, "dirac_call.py"), "--script", script],
                                  capture_output=True, text=True, env=self.env(**env), timeout=600)
        finally:
            os.unlink(script)
        lines = [line for line in proc.stdout.splitlines() if line.strip()]
        assert lines, f"no output from the DIRAC client (exit {proc.returncode}); stderr:\n{proc.stderr[-2000:]}"
        return [CallResult(0 if r.get("OK") else 1, r, "") for r in json.loads(lines[-1])]

    def log(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as fh:
            return fh.read()


@pytest.fixture(scope="session")
def certs(tmp_path_factory):
    given = os.environ.get("GATEWAY_TEST_CERTS")
    if given:
        return given
    directory = str(tmp_path_factory.mktemp("certs"))
    subprocess.run(["bash", os.path.join(REPO, "scripts", "make-certs.sh"), directory], check=True,
                   capture_output=True)
    return directory


def gateway_binary():
    path = os.environ.get("GATEWAY_BIN", os.path.join(REPO, ".build", "debug", "dirac-rucio-gateway"))
    assert os.access(path, os.X_OK), f"gateway binary {path} not built: run `swift build` first (or set GATEWAY_BIN)"
    return path


def write_config(path, certs, port, metrics_port, extra_yaml="", auth_yaml=DEFAULT_AUTH_YAML):
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(f"""
server:
  host: 127.0.0.1
  port: {port}
  certificate: {certs}/host/hostcert.pem
  privateKey: {certs}/host/hostkey.pem
  caDirectory: {certs}/certificates
  caReloadSeconds: 3600
{auth_yaml}
metrics:
  host: 127.0.0.1
  port: {metrics_port}
logging:
  level: info
{extra_yaml}""")


RUCIO_ENV = os.environ.get("RUCIO_ENV", os.path.join(REPO, ".work", "rucio", "rucio.env"))


def rucio_environment():
    """The Rucio peer's settings (scripts/rucio/start.sh writes them); the tests need the peer running."""
    assert os.path.exists(RUCIO_ENV), (
        f"no {RUCIO_ENV}: start the Rucio peer (scripts/rucio/setup.sh, start.sh, seed.sh) or run scripts/test.sh")
    env = {}
    with open(RUCIO_ENV, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line.startswith("export "):
                line = line[len("export "):]
            if not line or line.startswith("#") or "=" not in line:
                continue
            key, value = line.split("=", 1)
            env[key] = value.strip("'\"")
    return env


def rucio_yaml(env, url=None, timeout=60):
    """The gateway's rucio: section for the peer (or for a fault proxy in front of it)."""
    return f"""
rucio:
  url: {url or env["RUCIO_URL"]}
  timeoutSeconds: {timeout}
  auth:
    type: userpass
    username: {env["RUCIO_SERVICE_USERNAME"]}
    password: {env["RUCIO_SERVICE_PASSWORD"]}
  scopeAlgorithm: {env.get("RUCIO_SCOPE_ALGORITHM", "ctao_bdms")}
  accounts:
    groups:
      ctao_production: {env["RUCIO_SERVICE_ACCOUNT"]}
      ctao_user: {env["RUCIO_USER_ACCOUNT"]}
"""


def start_gateway(certs, work, extra_yaml="", auth_yaml=DEFAULT_AUTH_YAML):
    """Starts the gateway binary on free ports; returns (Gateway, process, log file)."""
    port = free_port()
    metrics_port = free_port()
    config = os.path.join(work, "gateway.yaml")
    write_config(config, certs, port, metrics_port, extra_yaml, auth_yaml)
    log_path = os.path.join(work, "gateway.log")
    port_file = os.path.join(work, "port")
    log = open(log_path, "w", encoding="utf-8")
    proc = subprocess.Popen([gateway_binary(), "serve", "--config", config, "--port-file", port_file],
                            stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 30
    while not os.path.exists(port_file):
        assert proc.poll() is None, f"gateway exited early:\n{open(log_path).read()}"
        assert time.time() < deadline, f"gateway did not start:\n{open(log_path).read()}"
        time.sleep(0.1)
    url = f"https://127.0.0.1:{port}/DataManagement/FileCatalog"
    gw = Gateway(
        url=url, certs=certs, log_path=log_path, metrics_url=f"http://127.0.0.1:{metrics_port}/metrics",
        base_env={
            "DIRAC_FC_URL": url,
            "X509_CERT_DIR": f"{certs}/certificates",
            "X509_USER_PROXY": f"{certs}/user/proxy.pem",
            "DIRAC_TEST_USER_DN": USER_DN,
            "DIRAC_TEST_GROUP": "ctao_user",
            "DIRAC_HOST_CERT": f"{certs}/host/hostcert.pem",
            "DIRAC_HOST_KEY": f"{certs}/host/hostkey.pem",
        })
    return gw, proc, log


def stop_gateway(proc, log):
    """SIGTERM, as an orchestrator stops it; returns the exit status."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    log.close()
    return proc.returncode


@pytest.fixture(scope="session")
def rucio_env():
    return rucio_environment()


@pytest.fixture(scope="session")
def gateway(certs, tmp_path_factory, rucio_env):
    work = tmp_path_factory.mktemp("gateway")
    gw, proc, log = start_gateway(certs, str(work), rucio_yaml(rucio_env))
    yield gw
    # SIGTERM must end the service group promptly (listeners, metrics, CA reloader) with exit status 0.
    status = stop_gateway(proc, log)
    assert status == 0, f"gateway did not shut down cleanly on SIGTERM (exit {status})"


@pytest.fixture
def raw_post(gateway):
    """POST a raw body with the user's proxy as client certificate (Python requests, like DIRAC's client)."""
    import requests

    def post(body, headers=None, cert=None):
        session = requests.Session()
        session.trust_env = False
        cert = cert or f"{gateway.certs}/user/proxy.pem"
        return session.post(gateway.url, data=body, cert=cert, verify=f"{gateway.certs}/certificates",
                            headers={"Content-Type": "application/x-www-form-urlencoded", **(headers or {})},
                            timeout=30)
    return post


class RucioRoot:
    """Rucio's own state, read and written as root over REST, behind the gateway's back."""

    def __init__(self, env):
        import requests

        self.url = env["RUCIO_URL"]
        self.session = requests.Session()
        self.session.trust_env = False
        answer = self.session.get(f"{self.url}/auth/userpass", headers={
            "X-Rucio-Account": "root", "X-Rucio-Username": env["RUCIO_USERNAME"],
            "X-Rucio-Password": env["RUCIO_PASSWORD"]}, timeout=30)
        answer.raise_for_status()
        self.session.headers["X-Rucio-Auth-Token"] = answer.headers["X-Rucio-Auth-Token"]

    @staticmethod
    def did_path(scope, name):
        from urllib.parse import quote

        return f"/dids/{quote(scope, safe='')}/{quote(name, safe='')}"

    def request(self, method, path, body=None):
        answer = self.session.request(method, self.url + path, json=body, timeout=60)
        return answer.status_code, answer.text

    def json(self, path):
        status, text = self.request("GET", path)
        return status, (json.loads(text) if status == 200 and text.strip() else text)

    def lines(self, method, path, body=None):
        status, text = self.request(method, path, body)
        assert status == 200, f"{method} {path}: {status} {text[:300]}"
        return [json.loads(line) for line in text.splitlines() if line.strip()]

    def did(self, scope, name):
        """The DID's row (did_type, bytes, adler32, guid, expired_at...), or None when Rucio has no such DID."""
        status, value = self.json(self.did_path(scope, name) + "/meta")
        return value if status == 200 else None

    def content(self, scope, name):
        return {(c["scope"], c["name"]): c["type"] for c in self.lines("GET", self.did_path(scope, name) + "/dids")}

    def replicas(self, scope, name, all_states=True):
        records = self.lines("POST", "/replicas/list", {
            "dids": [{"scope": scope, "name": name}], "all_states": all_states, "ignore_availability": True})
        return {rse: state for r in records for rse, state in r.get("states", {}).items()}

    def rules(self, scope, name):
        return self.lines("GET", self.did_path(scope, name) + "/rules")


@pytest.fixture(scope="session")
def rucio(rucio_env):
    return RucioRoot(rucio_env)


@pytest.fixture(scope="session")
def production(certs):
    """Environment of a caller in ctao_production, the group allowed to write (Rucio account dirac)."""
    return {"X509_USER_PROXY": f"{certs}/user/proxy-production.pem", "DIRAC_TEST_GROUP": "ctao_production"}


@pytest.fixture
def fresh_dir():
    """A directory path nobody has used, below /ctao/tests (Rucio scope tests)."""
    return f"/ctao/tests/e2e-{int(time.time() * 1000)}-{os.getpid()}-{os.urandom(3).hex()}"


def scope_of(lfn):
    """CTAO's ctao_bdms scope of an LFN below /ctao (enough for the tests' paths)."""
    parts = lfn.strip("/").split("/")
    if len(parts) < 2:
        return "root"
    if parts[1] == "user" and len(parts) >= 4:
        return f"user.{parts[3]}"
    return parts[1]


def unwrap(value):
    """FileCatalog (what DataManager uses) reports writes per catalog: {lfn: {"Gateway": result}}."""
    def one(v):
        return v["Gateway"] if isinstance(v, dict) and set(v) == {"Gateway"} else v
    return {"Successful": {k: one(v) for k, v in value["Successful"].items()},
            "Failed": {k: one(v) for k, v in value["Failed"].items()}}


def write(gateway, method, *args, **env):
    """A catalog write through FileCatalog, as DataManager makes it; the per-catalog wrapping removed."""
    return unwrap(gateway.call(method, *args, **env).value)
