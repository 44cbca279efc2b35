"""Faults between the gateway and Rucio, put there by a proxy in front of the real Rucio peer: the DIRAC client
gets a clear S_ERROR or a per-LFN failure, never a truncated Successful, and a retry afterwards completes the
write, as DIRAC clients retry."""
import os
import uuid

import pytest

from conftest import rucio_yaml, scope_of, start_gateway, stop_gateway, unwrap, write
from rucio_fault_proxy import Fault, FaultProxy

GAMMA_DIR = "/ctao/MC/PROD6/Paranal/gamma/sim_telarray/2147/Data/000xxx"


@pytest.fixture(scope="module")
def proxy(rucio_env):
    proxy = FaultProxy(rucio_env["RUCIO_URL"]).start()
    yield proxy
    proxy.stop()


@pytest.fixture(scope="module")
def faulty(certs, tmp_path_factory, rucio_env, proxy):
    """A gateway that reaches Rucio through the fault proxy (short timeouts)."""
    work = tmp_path_factory.mktemp("faulty-gateway")
    gw, proc, log = start_gateway(certs, str(work), rucio_yaml(rucio_env, url=proxy.url, timeout=20))
    yield gw
    assert stop_gateway(proc, log) == 0


@pytest.fixture(autouse=True)
def healthy_afterwards(proxy):
    yield
    proxy.fault = None


def new_file(directory, name="f1.dat", size=1234):
    lfn = f"{directory}/{name}"
    return lfn, {"PFN": f"davs://rucio-storage-1:1094//rucio{lfn}", "SE": "STORAGE-1", "Size": size,
                 "GUID": str(uuid.uuid4()).upper(), "Checksum": "0a0b0c0d"}


def test_rucio_unreachable_gives_a_clear_error_and_a_retry_completes_the_write(faulty, proxy, production, rucio,
                                                                              fresh_dir):
    lfn, info = new_file(f"{fresh_dir}/run")
    proxy.go_down()
    try:
        assert not faulty.call("exists", [lfn]).ok  # DataManager's view: FileCatalog fails the call
        read = faulty.call("exists", [lfn], via="client")  # the gateway's own S_ERROR
        assert not read.ok and "Rucio unreachable" in read.result["Message"]
        attempt = faulty.call("addFile", {lfn: info}, **production)
        assert not attempt.ok or unwrap(attempt.value)["Failed"], attempt.result
        assert not (attempt.ok and unwrap(attempt.value)["Successful"])
    finally:
        proxy.come_back()
    assert rucio.did(scope_of(lfn), lfn) is None
    retry = write(faulty, "addFile", {lfn: info}, **production)
    assert retry["Successful"] == {lfn: True}
    assert rucio.did(scope_of(lfn), lfn)["bytes"] == info["Size"]


def test_rucio_answering_500_gives_a_clear_error(faulty, proxy):
    lfn = os.path.join(GAMMA_DIR, "x")
    proxy.fault = Fault("POST", "/dids/bulkmeta", "500")
    assert not faulty.call("getFileMetadata", [lfn]).ok
    result = faulty.call("getFileMetadata", [lfn], via="client")
    assert not result.ok
    assert "500" in result.result["Message"] and "Rucio" in result.result["Message"]
    proxy.fault = None
    assert faulty.call("getFileMetadata", [lfn]).ok


def test_a_cut_replica_stream_never_gives_a_truncated_successful(faulty, proxy):
    listing = faulty.call("listDirectory", GAMMA_DIR, False, via="client").value
    lfns = sorted(listing["Successful"][GAMMA_DIR]["Files"])
    assert len(lfns) >= 4
    proxy.fault = Fault("POST", "/replicas/list", "cut")
    assert not faulty.call("getReplicas", lfns).ok
    result = faulty.call("getReplicas", lfns, via="client")
    assert not result.ok, f"a cut stream must not answer S_OK: {result.result}"
    assert "Rucio" in result.result["Message"]
    proxy.fault = None
    assert set(faulty.call("getReplicas", lfns).value["Successful"]) == set(lfns)


def test_a_registration_whose_answer_was_lost_is_completed_by_the_retry(faulty, proxy, production, rucio, fresh_dir):
    lfn, info = new_file(f"{fresh_dir}/run")
    # Twice: libcurl itself resends a request once when a reused connection dies without an answer.
    proxy.fault = Fault("POST", "/dirac/addfiles", "drop-answer", times=2)
    first = faulty.call("addFile", {lfn: info}, **production)
    assert not (first.ok and unwrap(first.value)["Successful"]), first.result
    assert ("POST", "/dirac/addfiles", "drop-answer") in proxy.hits
    retry = write(faulty, "addFile", {lfn: info}, **production)
    assert retry == {"Successful": {lfn: True}, "Failed": {}}
    assert set(rucio.replicas(scope_of(lfn), lfn)) == {"STORAGE-1"}


def test_a_half_done_registration_into_a_created_directory_is_completed_by_the_retry(faulty, proxy, production,
                                                                                   rucio, fresh_dir):
    assert write(faulty, "createDirectory", [fresh_dir], **production)["Successful"] == {fresh_dir: True}
    lfn, info = new_file(fresh_dir)
    proxy.fault = Fault("POST", "/dids/attachments", "500", times=1)
    first = faulty.call("addFile", {lfn: info}, **production)
    assert not (first.ok and unwrap(first.value)["Successful"]), first.result
    retry = write(faulty, "addFile", {lfn: info}, **production)
    assert retry["Successful"] == {lfn: True}
    listing = faulty.call("listDirectory", fresh_dir, False, via="client").value
    assert lfn in listing["Successful"][fresh_dir]["Files"]
    hidden = f"{fresh_dir}/.dfc-files"
    assert (scope_of(lfn), lfn) in rucio.content(scope_of(hidden), hidden)
