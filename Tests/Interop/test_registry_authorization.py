"""Who may read and write, through the real DIRAC 9.1.22 client against the gateway and the real Rucio, with the
Registry read from a DIRAC CFG file (auth.registrySource: cfgFile): every combination of registered/unregistered
DN, member/non-member group, direct/delegated, read/write, and the gateway's verdict compared with DIRAC's own
AuthManager.authQuery run on the same Registry (dirac_authquery.py)."""
import json
import os
import subprocess
import sys
import time

import pytest

from conftest import (HERE, HOST_DN, OTHER_HOST_DN, STRANGER_DN, USER_DN, rucio_yaml, scope_of, start_gateway,
                      stop_gateway, unwrap)

READ_LFN = "/ctao/MC/PROD6/never-registered.simtel.zst"


def registry_cfg(production_members=("testuser",)):
    """DIRAC's Registry in its own CFG format, one entry per line as a CS dump writes it."""
    members = ", ".join(production_members)
    return f"""Registry
{{
  DefaultGroup = ctao_user
  Users
  {{
    testuser
    {{
      DN = {USER_DN}
    }}
    stranger_in_cs
    {{
      DN = /C=ch/O=CTAO/OU=DPPS Test/CN=someone-else
    }}
  }}
  Groups
  {{
    ctao_user
    {{
      Users = testuser
    }}
    ctao_production
    {{
      Users = {members}
      Properties = ProductionManagement
    }}
    ctao_analysis
    {{
      Users = stranger_in_cs
    }}
  }}
  Hosts
  {{
    localhost
    {{
      DN = {HOST_DN}
      Properties = TrustedHost
    }}
    otherhost
    {{
      DN = {OTHER_HOST_DN}
    }}
  }}
}}
"""


def strangers_dn_in(cfg):
    return cfg.replace("stranger_in_cs\n    {\n      DN = /C=ch/O=CTAO/OU=DPPS Test/CN=someone-else",
                       f"stranger_in_cs\n    {{\n      DN = {STRANGER_DN}")


def write_atomically(path, text):
    tmp = path + ".new"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


AUTH_YAML = """
auth:
  writeGroups: [ctao_production]
  registrySource:
    type: cfgFile
    path: {path}
    refreshSeconds: 1
"""


@pytest.fixture(scope="module")
def registry_file(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("registry") / "Registry.cfg")
    write_atomically(path, registry_cfg())
    return path


@pytest.fixture(scope="module")
def cs_gateway(certs, tmp_path_factory, rucio_env, registry_file):
    work = tmp_path_factory.mktemp("gateway-registry")
    # Hosts read in the user account; the visitor group is mapped too, so that only the gateway's rules refuse.
    accounts = rucio_yaml(rucio_env) + f"      hosts: {rucio_env['RUCIO_USER_ACCOUNT']}\n      visitor: {rucio_env['RUCIO_USER_ACCOUNT']}\n"
    gw, proc, log = start_gateway(certs, str(work), accounts, AUTH_YAML.format(path=registry_file))
    yield gw
    assert stop_gateway(proc, log) == 0


@pytest.fixture(scope="module")
def production_env(certs):
    return {"X509_USER_PROXY": f"{certs}/user/proxy-production.pem", "DIRAC_TEST_GROUP": "ctao_production"}


class Identity:
    """One way of calling: the client's environment, the credDict DIRAC's server would build from it, and what the
    matrix says it may do (reads: a registered DN in a group that lists it; writes: also a write group)."""

    def __init__(self, name, env, cred, reads, writes):
        self.name, self.env, self.cred, self.reads, self.writes = name, env, cred, reads, writes

    def __repr__(self):
        return self.name


def identities(certs):
    host = {"DIRAC_USE_SERVER_CERT": "1"}
    other_host = dict(host, DIRAC_HOST_CERT=f"{certs}/otherhost/hostcert.pem",
                      DIRAC_HOST_KEY=f"{certs}/otherhost/hostkey.pem")

    def delegate(env, dn, group):
        return dict(env, DIRAC_DELEGATED_DN=dn, DIRAC_DELEGATED_GROUP=group)

    def proxy(name):
        return {"X509_USER_PROXY": f"{certs}/{name}"}

    return [
        Identity("registered DN, member of the write group, direct", proxy("user/proxy-production.pem"),
                 {"DN": USER_DN, "group": "ctao_production"}, True, True),
        Identity("registered DN, member of a read group, direct", proxy("user/proxy.pem"),
                 {"DN": USER_DN, "group": "ctao_user"}, True, False),
        Identity("registered DN, no group in the proxy (default group), direct", proxy("user/proxy-nogroup.pem"),
                 {"DN": USER_DN}, True, False),
        Identity("registered DN, non-member group, direct", proxy("user/proxy-foreign.pem"),
                 {"DN": USER_DN, "group": "ctao_analysis"}, False, False),
        Identity("unregistered DN claiming the write group, direct", proxy("stranger/proxy-production.pem"),
                 {"DN": STRANGER_DN, "group": "ctao_production"}, False, False),
        Identity("unregistered DN claiming a read group, direct", proxy("stranger/proxy.pem"),
                 {"DN": STRANGER_DN, "group": "ctao_user"}, False, False),
        Identity("registered DN, member of the write group, delegated by a trusted host",
                 delegate(host, USER_DN, "ctao_production"),
                 {"DN": HOST_DN, "extraCredentials": [USER_DN, "ctao_production"]}, True, True),
        Identity("registered DN, member of a read group, delegated by a trusted host",
                 delegate(host, USER_DN, "ctao_user"),
                 {"DN": HOST_DN, "extraCredentials": [USER_DN, "ctao_user"]}, True, False),
        Identity("registered DN, non-member group, delegated by a trusted host",
                 delegate(host, USER_DN, "ctao_analysis"),
                 {"DN": HOST_DN, "extraCredentials": [USER_DN, "ctao_analysis"]}, False, False),
        Identity("unregistered DN claiming the write group, delegated by a trusted host",
                 delegate(host, STRANGER_DN, "ctao_production"),
                 {"DN": HOST_DN, "extraCredentials": [STRANGER_DN, "ctao_production"]}, False, False),
        Identity("registered DN, member of the write group, delegated by an untrusted host",
                 delegate(other_host, USER_DN, "ctao_production"),
                 {"DN": OTHER_HOST_DN, "extraCredentials": [USER_DN, "ctao_production"]}, False, False),
        Identity("a registered host with host credentials", host, {"DN": HOST_DN, "extraCredentials": "hosts"},
                 True, False),
    ]


def dirac_verdicts(cfg, method, creds):
    """DIRAC's own AuthManager on the same Registry, in its own process."""
    proc = subprocess.run([sys.executable, os.path.join(HERE, "dirac_authquery.py")],
                          input=json.dumps({"cfg": cfg, "method": method, "queries": creds}),
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_reads_admit_exactly_whom_diracs_authmanager_admits(cs_gateway, certs):
    people = identities(certs)
    verdicts = dirac_verdicts(registry_cfg(), "exists", [p.cred for p in people])
    for person, dirac in zip(people, verdicts):
        who = cs_gateway.call("whoami", via="rpc", **person.env)
        read = cs_gateway.call("exists", [READ_LFN], via="client", **person.env)
        assert who.ok == dirac["allowed"], f"{person}: gateway {who.result}, DIRAC {dirac}"
        assert read.ok == dirac["allowed"], f"{person}: gateway {read.result}, DIRAC {dirac}"
        # The matrix's expectation, independent of both implementations.
        assert dirac["allowed"] == person.reads, f"{person}: DIRAC said {dirac}"
        if dirac["allowed"]:
            assert who.value["group"] == dirac["group"], person
            assert who.value.get("username", who.value.get("hostname")) == dirac["username"], person
        else:
            assert who.result["Errno"] == 13 and "No access" in who.result["Message"], (person, who.result)
            assert read.result["Errno"] == 13, (person, read.result)


def test_writes_only_for_registered_members_of_a_write_group(cs_gateway, certs, rucio, fresh_dir):
    for index, person in enumerate(identities(certs)):
        path = f"{fresh_dir}/w{index}"
        result = cs_gateway.call("createDirectory", path, **person.env)
        if person.writes:
            assert unwrap(result.value)["Successful"] == {path: True}, person
            assert rucio.did(scope_of(path), path)["did_type"] == "CONTAINER", person
        else:
            assert not result.ok or unwrap(result.value)["Failed"], (person, result.result)
            assert rucio.did(scope_of(path), path) is None, f"{person}: refused write reached Rucio"


def test_a_registry_change_takes_effect_without_restart(cs_gateway, certs, registry_file, rucio, fresh_dir):
    stranger = {"X509_USER_PROXY": f"{certs}/stranger/proxy-production.pem"}
    assert not cs_gateway.call("whoami", via="rpc", **stranger).ok
    write_atomically(registry_file, strangers_dn_in(registry_cfg(("testuser", "stranger_in_cs"))))
    try:
        deadline = time.time() + 20
        while not cs_gateway.call("whoami", via="rpc", **stranger).ok:
            assert time.time() < deadline, "the new Registry was not picked up"
            time.sleep(0.5)
        assert cs_gateway.call("whoami", via="rpc", **stranger).value["username"] == "stranger_in_cs"
        path = f"{fresh_dir}/granted"
        assert unwrap(cs_gateway.call("createDirectory", path, **stranger).value)["Successful"] == {path: True}
    finally:
        write_atomically(registry_file, registry_cfg())
    deadline = time.time() + 20
    while cs_gateway.call("whoami", via="rpc", **stranger).ok:
        assert time.time() < deadline, "the revocation was not picked up"
        time.sleep(0.5)
    assert "Registry loaded" in cs_gateway.log()


def test_a_broken_registry_file_keeps_the_last_good_one(cs_gateway, certs, registry_file):
    write_atomically(registry_file, "Registry\n{\n  Users\n  {\n")
    try:
        time.sleep(2.5)
        assert cs_gateway.call("whoami", via="rpc", X509_USER_PROXY=f"{certs}/user/proxy.pem").ok
        assert "Registry refresh failed" in cs_gateway.log()
    finally:
        write_atomically(registry_file, registry_cfg())


def test_unknown_dns_may_read_but_never_write_when_the_operator_opts_in(certs, tmp_path_factory, rucio_env, rucio,
                                                                        fresh_dir):
    work = tmp_path_factory.mktemp("gateway-readonly")
    auth = """
auth:
  writeGroups: [ctao_production]
  unknownDNs: readOnly
  users:
    - name: testuser
      dn: "%s"
      groups: [ctao_user, ctao_production]
""" % USER_DN
    accounts = rucio_yaml(rucio_env) + f"      visitor: {rucio_env['RUCIO_USER_ACCOUNT']}\n"
    gw, proc, log = start_gateway(certs, str(work), accounts, auth)
    try:
        stranger = {"X509_USER_PROXY": f"{certs}/stranger/proxy-production.pem"}
        who = gw.call("whoami", via="rpc", **stranger).value
        assert who["group"] == "visitor" and who["username"] == "anonymous" and who["validDN"] is False
        assert gw.call("exists", [READ_LFN], via="client", **stranger).ok
        path = f"{fresh_dir}/visitor"
        result = gw.call("createDirectory", path, **stranger)
        assert not result.ok and result.result["Errno"] == 13, result.result
        assert rucio.did(scope_of(path), path) is None
        # A registered DN claiming a group it is not a member of stays refused even here.
        assert not gw.call("exists", [READ_LFN], via="client", X509_USER_PROXY=f"{certs}/user/proxy-foreign.pem").ok
    finally:
        assert stop_gateway(proc, log) == 0


def test_delegation_from_a_user_proxy_is_refused_with_a_clear_reason(raw_post):
    body = ("method=whoami&args=%5B%5D&extraCredentials=%5B%22%2FC%3Dch%2FO%3DCTAO%2FOU%3DDPPS+Test%2FCN%3Dtestuser"
            "%22%2C+%22ctao_production%22%5D&clientVO=ctao&clientSetup=None")
    answer = raw_post(body)
    assert answer.status_code == 401
    assert "honoured only from a trusted host's certificate" in answer.text


def test_a_delegated_dn_with_a_newline_cannot_forge_a_log_line(gateway, certs):
    import requests
    from urllib.parse import quote

    forged = USER_DN + "\nFORGED-LOG-LINE: all is well"
    body = (f"method=whoami&args=%5B%5D&extraCredentials={quote(json.dumps([forged, 'ctao_user']))}"
            "&clientVO=ctao&clientSetup=None")
    session = requests.Session()
    session.trust_env = False
    answer = session.post(gateway.url, data=body, cert=(f"{certs}/host/hostcert.pem", f"{certs}/host/hostkey.pem"),
                          verify=f"{certs}/certificates",
                          headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=30)
    assert answer.status_code == 401
    time.sleep(0.5)
    log = gateway.log()
    assert "FORGED-LOG-LINE" in log
    assert not any(line.startswith("FORGED-LOG-LINE") for line in log.splitlines())


def test_a_64kb_method_name_is_bounded_in_the_answer_and_the_log(gateway, raw_post):
    name = "m" * 65536
    answer = raw_post(f"method={name}&args=%5B%5D")
    assert answer.status_code == 501
    assert len(answer.text) < 1024 and "more characters" in answer.text
    time.sleep(0.5)
    assert "m" * 1024 not in gateway.log()


@pytest.fixture(scope="module")
def configuration_service(certs, tmp_path_factory):
    """DIRAC's own CS handler and data (dirac_cs_peer.py) on loopback, serving registry_cfg()."""
    from conftest import free_port

    work = tmp_path_factory.mktemp("dirac-cs")
    cfg = str(work / "Production.cfg")
    write_atomically(cfg, registry_cfg())
    port = free_port()
    log = str(work / "requests.log")
    output_path = str(work / "cs.out")
    output = open(output_path, "w", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, os.path.join(HERE, "dirac_cs_peer.py"), cfg, str(port),
                             f"{certs}/host/hostcert.pem", f"{certs}/host/hostkey.pem", f"{certs}/certificates", log],
                            stdout=output, stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + 60
    while "ready" not in open(output_path, encoding="utf-8").read().split():
        assert proc.poll() is None and time.time() < deadline, open(output_path, encoding="utf-8").read()[-2000:]
        time.sleep(0.2)
    yield {"url": f"https://localhost:{port}/Configuration/Server", "cfg": cfg, "log": log}
    proc.terminate()
    proc.wait(timeout=10)
    output.close()


def cs_requests(service):
    with open(service["log"], encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def test_the_test_cs_answers_diracs_own_client(configuration_service, certs):
    """The peer speaks what DIRAC's TornadoClient speaks: a host calling getCompressedDataIfNewer("") gets the data."""
    code = f"""
import json, os, sys
import DIRAC
DIRAC.initialize(require_auth=False, host_credentials=("{certs}/host/hostcert.pem", "{certs}/host/hostkey.pem"))
from DIRAC.Core.Tornado.Client.TornadoClient import TornadoClient
result = TornadoClient("{configuration_service['url']}").getCompressedDataIfNewer("")
print(json.dumps({{"OK": result["OK"], "keys": sorted(result.get("Value", {{}}))}}))
"""
    env = dict(os.environ, X509_CERT_DIR=f"{certs}/certificates")
    env.pop("REQUESTS_CA_BUNDLE", None)
    env.pop("CURL_CA_BUNDLE", None)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    answer = json.loads(proc.stdout.strip().splitlines()[-1])
    assert answer == {"OK": True, "keys": ["data", "newestVersion"]}, proc.stderr[-1500:]


def test_the_registry_comes_from_diracs_configuration_service_and_follows_it(
        configuration_service, certs, tmp_path_factory, rucio_env, rucio, fresh_dir):
    work = tmp_path_factory.mktemp("gateway-cs")
    auth = f"""
auth:
  writeGroups: [ctao_production]
  registrySource:
    type: configurationServer
    urls: [{configuration_service['url']}]
    refreshSeconds: 1
"""
    before = len(cs_requests(configuration_service))
    gw, proc, log = start_gateway(certs, str(work), rucio_yaml(rucio_env), auth)
    stranger = {"X509_USER_PROXY": f"{certs}/stranger/proxy-production.pem"}
    try:
        # Users come from the CS: the configuration file lists nobody.
        assert gw.call("whoami", via="rpc", X509_USER_PROXY=f"{certs}/user/proxy-production.pem").value["username"] \
            == "testuser"
        assert not gw.call("whoami", via="rpc", **stranger).ok
        time.sleep(2.5)
        calls = cs_requests(configuration_service)[before:]
        assert calls[0]["method"] == "getCompressedDataIfNewer" and calls[0]["args"] == [""]
        later = [c for c in calls[1:] if c["method"] == "getCompressedDataIfNewer"]
        assert later and all(c["args"] == [calls[0]["version"]] and c["sentData"] is False for c in later), later
        # The CS master commits a Registry in which the stranger's DN belongs to ctao_production.
        write_atomically(configuration_service["cfg"], strangers_dn_in(registry_cfg(("testuser", "stranger_in_cs"))))
        deadline = time.time() + 20
        while not gw.call("whoami", via="rpc", **stranger).ok:
            assert time.time() < deadline, "the gateway did not follow the CS"
            time.sleep(0.5)
        path = f"{fresh_dir}/via-cs"
        assert unwrap(gw.call("createDirectory", path, **stranger).value)["Successful"] == {path: True}
        assert any(c["sentData"] for c in cs_requests(configuration_service)[before + len(calls):])
    finally:
        write_atomically(configuration_service["cfg"], registry_cfg())
        assert stop_gateway(proc, log) == 0
