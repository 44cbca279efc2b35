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


def write_config(path, certs, port, metrics_port, extra_yaml=""):
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(f"""
server:
  host: 127.0.0.1
  port: {port}
  certificate: {certs}/host/hostcert.pem
  privateKey: {certs}/host/hostkey.pem
  caDirectory: {certs}/certificates
  caReloadSeconds: 3600
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
metrics:
  host: 127.0.0.1
  port: {metrics_port}
logging:
  level: info
{extra_yaml}""")


@pytest.fixture(scope="session")
def gateway(certs, tmp_path_factory):
    work = tmp_path_factory.mktemp("gateway")
    port = free_port()
    metrics_port = free_port()
    config = os.path.join(work, "gateway.yaml")
    write_config(config, certs, port, metrics_port)
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
    yield gw
    # SIGTERM must end the service group promptly (listeners, metrics, CA reloader) with exit status 0.
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    log.close()
    assert proc.returncode == 0, f"gateway did not shut down cleanly on SIGTERM (exit {proc.returncode})"


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
