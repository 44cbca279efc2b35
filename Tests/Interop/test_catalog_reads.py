"""End to end, reads: the real DIRAC 9.1.22 client → the gateway over HTTPS → the real Rucio, on data registered
natively in Rucio by the seed (ACADA files by root with POST /replicas, MC files by /dirac/addfiles), every answer
checked against Rucio's own state read as root."""
import json
import os

import pytest

from conftest import RUCIO_ENV, scope_of

SEED = json.load(open(os.path.join(os.path.dirname(RUCIO_ENV), "seed.json"), encoding="utf-8"))
FILES = {f["lfn"]: f for f in SEED["files"]}


def seed_lfn(part):
    return next(lfn for lfn in FILES if part in lfn)


GAMMA1 = seed_lfn("gamma_20deg_0deg_run1___")
GAMMA3 = seed_lfn("gamma_20deg_0deg_run3___")
ACADA1 = seed_lfn("CHUNK001")
GAMMA_DIR = os.path.dirname(GAMMA1)
ACADA_DIR = os.path.dirname(ACADA1)
MISSING = "/ctao/MC/PROD6/no-such-file.simtel.zst"


def test_exists_answers_the_lfn_for_files_and_directories(gateway):
    value = gateway.call("exists", [GAMMA1, GAMMA_DIR, MISSING]).value
    assert value["Successful"] == {GAMMA1: GAMMA1, GAMMA_DIR: GAMMA_DIR, MISSING: False}
    assert value["Failed"] == {}


def test_is_file_and_is_directory_follow_rucio_did_types(gateway, rucio):
    assert rucio.did(scope_of(GAMMA1), GAMMA1)["did_type"] == "FILE"
    assert rucio.did(scope_of(GAMMA_DIR), GAMMA_DIR)["did_type"] == "DATASET"
    files = gateway.call("isFile", [GAMMA1, GAMMA_DIR]).value
    assert files["Successful"] == {GAMMA1: GAMMA1, GAMMA_DIR: False}  # the DFC answers the LFN (exists)
    dirs = gateway.call("isDirectory", [GAMMA1, GAMMA_DIR, "/ctao"]).value
    assert dirs["Successful"] == {GAMMA1: False, GAMMA_DIR: True, "/ctao": True}


def test_file_size_and_metadata_are_rucios_with_exactly_the_dfc_keys(gateway, rucio):
    row = rucio.did(scope_of(ACADA1), ACADA1)
    sizes = gateway.call("getFileSize", [ACADA1, MISSING]).value
    assert sizes["Successful"] == {ACADA1: row["bytes"]}
    assert sizes["Failed"] == {MISSING: "No such file or directory"}
    meta = gateway.call("getFileMetadata", [GAMMA1, MISSING]).value
    record = meta["Successful"][GAMMA1]
    assert set(record) == {"Size", "Checksum", "ChecksumType", "UID", "Owner", "GID", "OwnerGroup", "GUID",
                           "CreationDate", "ModificationDate", "Mode", "Status", "FileID"}
    gamma = rucio.did(scope_of(GAMMA1), GAMMA1)
    assert record["Checksum"] == gamma["adler32"]
    assert record["GUID"].replace("-", "").lower() == gamma["guid"]
    assert record["Owner"] == gamma["account"]
    assert record["Status"] == "AprioriGood"
    assert "datetime" in record["CreationDate"]
    assert meta["Failed"] == {MISSING: "No such file or directory"}


def test_get_replicas_names_rses_as_ses_and_reports_missing_files(gateway, rucio):
    value = gateway.call("getReplicas", [GAMMA1, GAMMA3, MISSING]).value
    assert set(value["Successful"][GAMMA1]) == set(rucio.replicas(scope_of(GAMMA1), GAMMA1)) == {"STORAGE-1", "STORAGE-2"}
    assert set(value["Successful"][GAMMA3]) == {"STORAGE-1"}
    assert value["Failed"] == {MISSING: "No such file or directory"}


def test_get_replica_status(gateway):
    value = gateway.call("getReplicaStatus", {GAMMA3: "STORAGE-1", GAMMA1: "STORAGE-9"}, via="client").value
    assert value["Successful"] == {GAMMA3: "AprioriGood"}
    assert value["Failed"] == {GAMMA1: "No replica at supplied site"}


def test_bad_lfns_fail_alone_with_a_reason(gateway):
    bad = "/ctao/acada/bad name"
    value = gateway.call("isFile", [ACADA1, bad]).value
    assert value["Successful"] == {ACADA1: ACADA1}
    assert value["Failed"][bad].startswith("Invalid LFN: ")


def test_list_directory_of_a_native_dataset(gateway, rucio):
    value = gateway.call("listDirectory", GAMMA_DIR, False, via="client").value
    listing = value["Successful"][GAMMA_DIR]
    assert set(listing) >= {"Files", "SubDirs", "Links"}
    expected = {c[1] for c, kind in rucio.content(scope_of(GAMMA_DIR), GAMMA_DIR).items() if kind == "FILE"}
    assert set(listing["Files"]) == expected
    assert listing["Files"][GAMMA1]["MetaData"]["Size"] == FILES[GAMMA1]["bytes"]
    assert listing["SubDirs"] == {}


def test_list_directory_of_a_container_shows_sub_directories(gateway, rucio):
    parent = os.path.dirname(GAMMA_DIR)
    value = gateway.call("listDirectory", parent, False, via="client").value
    listing = value["Successful"][parent]
    assert set(listing["SubDirs"]) == {c[1] for c in rucio.content(scope_of(parent), parent)}
    assert listing["Files"] == {}


def test_list_directory_verbose_carries_replicas(gateway):
    value = gateway.call("listDirectory", GAMMA_DIR, True, via="client").value
    replicas = value["Successful"][GAMMA_DIR]["Files"][GAMMA1]["Replicas"]
    assert set(replicas) == {"STORAGE-1", "STORAGE-2"}


def test_list_directory_of_a_missing_directory_fails(gateway):
    value = gateway.call("listDirectory", "/ctao/MC/none", False, via="client").value
    assert "/ctao/MC/none" in value["Failed"]


def test_directory_metadata_has_owner_and_group(gateway, rucio):
    value = gateway.call("getDirectoryMetadata", [GAMMA_DIR], via="client").value
    record = value["Successful"][GAMMA_DIR]
    assert record["Owner"] == rucio.did(scope_of(GAMMA_DIR), GAMMA_DIR)["account"]
    assert "OwnerGroup" in record


def test_directory_size_with_physical_size_per_se(gateway):
    value = gateway.call("getDirectorySize", [GAMMA_DIR], True, False, via="client").value
    size = value["Successful"][GAMMA_DIR]
    gamma = [f for lfn, f in FILES.items() if os.path.dirname(lfn) == GAMMA_DIR]
    assert size["LogicalFiles"] == len(gamma)
    assert size["LogicalSize"] == sum(f["bytes"] for f in gamma)
    physical = size["PhysicalSize"]
    assert physical["STORAGE-1"]["Files"] == sum("STORAGE-1" in f["rses"] for f in gamma)
    assert physical["TotalFiles"] == sum(len(f["rses"]) for f in gamma)


def test_directory_dump_is_recursive(gateway):
    top = "/ctao/MC/PROD6/Paranal/gamma"
    value = gateway.call("getDirectoryDump", [top], via="client").value
    dump = value["Successful"][top]
    assert GAMMA1 in dump["Files"]
    assert GAMMA_DIR in dump["SubDirs"]


def test_directory_replicas(gateway):
    value = gateway.call("getDirectoryReplicas", [GAMMA_DIR], False, via="client").value
    replicas = value["Successful"][GAMMA_DIR]
    assert set(replicas[GAMMA1]) == {"STORAGE-1", "STORAGE-2"}


def test_lfn_for_guid_and_pfn(gateway):
    guid = FILES[GAMMA1]["guid"].upper()
    value = gateway.call("getLFNForGUID", [guid], via="rpc").value
    assert value["Successful"] == {guid: GAMMA1}
    pfn = FILES[ACADA1]["pfns"][0]
    value = gateway.call("getLFNForPFN", [pfn], via="rpc").value
    assert value["Successful"] == {pfn: ACADA1}


def test_file_details_over_raw_rpc(gateway):
    value = gateway.call("getFileDetails", [GAMMA1], via="rpc").value
    assert value[GAMMA1]["Size"] == FILES[GAMMA1]["bytes"]
    assert value[GAMMA1]["Metadata"]["particle"] == "gamma"


def test_reads_work_for_a_group_without_write_rights(gateway):
    value = gateway.call("exists", [GAMMA1], DIRAC_TEST_GROUP="ctao_user").value
    assert value["Successful"] == {GAMMA1: GAMMA1}
