"""End to end, writes: the real DIRAC 9.1.22 client (as DataManager uses it, through FileCatalog) → the gateway →
the real Rucio; each result checked against Rucio's own state read as root."""
import os
import uuid

from conftest import scope_of, write


def file_info(lfn, size=2048, se="STORAGE-1", checksum="1a2b3c4d", guid=None):
    return {"PFN": f"davs://rucio-storage-1:1094//rucio{lfn}", "SE": se, "Size": size,
            "GUID": guid or str(uuid.uuid4()).upper(), "Checksum": checksum}


def test_ctadirac_production_flow(gateway, production, rucio, fresh_dir):
    """dirac-surface.md §6.5: levels created one by one while empty, then files registered into run
    sub-directories that addFile itself creates."""
    levels = [fresh_dir, f"{fresh_dir}/PROD6", f"{fresh_dir}/PROD6/Paranal", f"{fresh_dir}/PROD6/Paranal/2147",
              f"{fresh_dir}/PROD6/Paranal/2147/Data"]
    for level in levels:
        value = write(gateway, "createDirectory", level, **production)
        assert value["Successful"] == {level: True}
        assert rucio.did(scope_of(level), level)["did_type"] == "CONTAINER"
    lfns = [f"{levels[-1]}/000xxx/run{i}.simtel.zst" for i in (1, 2)]
    value = write(gateway, "addFile", {lfn: file_info(lfn) for lfn in lfns}, **production)
    assert value == {"Successful": {lfn: True for lfn in lfns}, "Failed": {}}
    run_dir = f"{levels[-1]}/000xxx"
    assert rucio.did(scope_of(run_dir), run_dir)["did_type"] == "DATASET"
    assert {name for _, name in rucio.content(scope_of(run_dir), run_dir)} == set(lfns)
    assert (scope_of(run_dir), run_dir) in rucio.content(scope_of(levels[-1]), levels[-1])
    listing = gateway.call("listDirectory", levels[-1], False, via="client").value["Successful"][levels[-1]]
    assert set(listing["SubDirs"]) == {run_dir}
    assert gateway.call("exists", lfns).value["Successful"] == {lfn: lfn for lfn in lfns}


def test_files_added_straight_into_a_created_directory(gateway, production, rucio, fresh_dir):
    sub = f"{fresh_dir}/sub"
    assert write(gateway, "createDirectory", [sub], **production)["Successful"] == {sub: True}
    lfn = f"{fresh_dir}/direct.dat"
    assert write(gateway, "addFile", {lfn: file_info(lfn)}, **production)["Successful"] == {lfn: True}
    hidden = f"{fresh_dir}/.dfc-files"
    assert rucio.did(scope_of(hidden), hidden)["did_type"] == "DATASET"
    listing = gateway.call("listDirectory", fresh_dir, False, via="client").value["Successful"][fresh_dir]
    assert set(listing["Files"]) == {lfn}
    assert set(listing["SubDirs"]) == {sub}


def test_identical_registration_succeeds_and_a_conflicting_one_fails(gateway, production, rucio, fresh_dir):
    lfn = f"{fresh_dir}/run/f.dat"
    info = file_info(lfn)
    assert write(gateway, "addFile", {lfn: info}, **production)["Successful"] == {lfn: True}
    assert write(gateway, "addFile", {lfn: info}, **production)["Successful"] == {lfn: True}
    conflicting = dict(info, Size=info["Size"] + 1)
    value = write(gateway, "addFile", {lfn: conflicting}, **production)
    assert value["Failed"] == {lfn: "File already registered with alternative metadata"}
    assert rucio.did(scope_of(lfn), lfn)["bytes"] == info["Size"]


def test_bad_lfns_and_missing_parameters_fail_per_lfn(gateway, production, fresh_dir):
    good = f"{fresh_dir}/run/good.dat"
    bad = f"{fresh_dir}/run/bad name.dat"
    incomplete = f"{fresh_dir}/run/incomplete.dat"
    info = file_info(incomplete)
    del info["Checksum"]
    value = gateway.call("addFile", {good: file_info(good), bad: file_info(bad), incomplete: info}, via="client",
                         **production).value
    assert value["Successful"] == {good: True}
    assert value["Failed"][bad].startswith("Invalid LFN: ")
    assert "Checksum" in value["Failed"][incomplete]


def test_remove_file_and_removal_of_what_does_not_exist(gateway, production, rucio, fresh_dir):
    lfn = f"{fresh_dir}/run/f.dat"
    missing = f"{fresh_dir}/run/never.dat"
    info = file_info(lfn)
    assert write(gateway, "addFile", {lfn: info}, **production)["Successful"] == {lfn: True}
    value = write(gateway, "removeFile", [lfn, missing], **production)
    assert value["Successful"] == {lfn: True, missing: True}
    assert gateway.call("exists", [lfn]).value["Successful"] == {lfn: False}
    run_dir = f"{fresh_dir}/run"
    assert (scope_of(lfn), lfn) not in rucio.content(scope_of(run_dir), run_dir)
    assert rucio.did(scope_of(lfn), lfn)["expired_at"] is not None
    # Rucio keeps the DID until its undertaker runs and never reuses a name: the same file can be registered
    # again, other content under the same LFN is refused with a reason.
    other = write(gateway, "addFile", {lfn: file_info(lfn, size=7)}, **production)
    assert other["Successful"] == {} and lfn in other["Failed"]
    assert write(gateway, "addFile", {lfn: info}, **production)["Successful"] == {lfn: True}
    assert gateway.call("exists", [lfn]).value["Successful"] == {lfn: lfn}


def test_replica_writes(gateway, production, rucio, fresh_dir):
    lfn = f"{fresh_dir}/run/f.dat"
    assert write(gateway, "addFile", {lfn: file_info(lfn)}, **production)["Successful"] == {lfn: True}
    second = {lfn: {"SE": "STORAGE-2", "PFN": f"davs://rucio-storage-2:1094//rucio{lfn}"}}
    assert write(gateway, "addReplica", second, **production)["Successful"] == {lfn: True}
    assert write(gateway, "addReplica", second, **production)["Successful"] == {lfn: True}
    assert rucio.replicas(scope_of(lfn), lfn) == {"STORAGE-1": "AVAILABLE", "STORAGE-2": "AVAILABLE"}
    status = {lfn: {"SE": "STORAGE-2", "Status": "Trash"}}
    assert write(gateway, "setReplicaStatus", status, **production)["Successful"] == {lfn: True}
    assert rucio.replicas(scope_of(lfn), lfn)["STORAGE-2"] == "UNAVAILABLE"
    assert gateway.call("getReplicaStatus", {lfn: "STORAGE-2"}, via="client").value["Successful"] == {lfn: "Trash"}
    removal = {lfn: {"SE": "STORAGE-2"}}
    assert write(gateway, "removeReplica", removal, **production)["Successful"] == {lfn: True}
    assert set(gateway.call("getReplicas", [lfn]).value["Successful"][lfn]) == {"STORAGE-1"}
    missing = f"{fresh_dir}/run/none.dat"
    value = write(gateway, "removeReplica", {missing: {"SE": "STORAGE-1"}}, **production)
    assert value["Successful"] == {missing: True}
    value = write(gateway, "addReplica", {missing: {"SE": "STORAGE-1", "PFN": "x"}}, **production)
    assert value["Failed"] == {missing: "No such file or directory"}


def test_set_replica_host_moves_the_replica(gateway, production, rucio, fresh_dir):
    lfn = f"{fresh_dir}/run/f.dat"
    assert write(gateway, "addFile", {lfn: file_info(lfn)}, **production)["Successful"] == {lfn: True}
    value = write(gateway, "setReplicaHost", {lfn: {"SE": "STORAGE-1", "NewSE": "STORAGE-2"}}, **production)
    assert value["Successful"] == {lfn: True}
    assert set(gateway.call("getReplicas", [lfn]).value["Successful"][lfn]) == {"STORAGE-2"}
    assert rucio.replicas(scope_of(lfn), lfn)["STORAGE-2"] == "AVAILABLE"


def test_set_file_status(gateway, production, fresh_dir):
    lfn = f"{fresh_dir}/run/f.dat"
    assert write(gateway, "addFile", {lfn: file_info(lfn)}, **production)["Successful"] == {lfn: True}
    assert gateway.call("setFileStatus", {lfn: "AprioriGood"}, via="client", **production).value["Successful"] == {lfn: True}
    value = gateway.call("setFileStatus", {lfn: "Bogus"}, via="client", **production).value
    assert value["Failed"] == {lfn: "Invalid file status Bogus"}


def test_remove_directory(gateway, production, rucio, fresh_dir):
    empty = f"{fresh_dir}/empty"
    full = f"{fresh_dir}/full"
    assert write(gateway, "createDirectory", [empty, full], **production)["Successful"] == {empty: True, full: True}
    lfn = f"{full}/f.dat"
    assert write(gateway, "addFile", {lfn: file_info(lfn)}, **production)["Successful"] == {lfn: True}
    missing = f"{fresh_dir}/never-made"
    value = gateway.call("removeDirectory", [empty, full, missing], via="client", **production).value
    assert empty in value["Successful"]
    assert value["Successful"][missing] == "Directory does not exist"
    assert value["Failed"] == {full: "Failed to remove non-empty directory"}
    assert gateway.call("isDirectory", [empty, full]).value["Successful"] == {empty: False, full: True}
    assert rucio.did(scope_of(empty), empty)["expired_at"] is not None


def test_writes_are_refused_to_a_group_without_write_rights(gateway, fresh_dir):
    lfn = f"{fresh_dir}/run/f.dat"
    result = gateway.call("addFile", {lfn: file_info(lfn)})
    assert not result.ok
    assert gateway.call("exists", [lfn]).value["Successful"] == {lfn: False}


def test_create_directory_below_a_dataset_is_refused_clearly(gateway, production):
    dataset = "/ctao/MC/PROD6/Paranal/gamma/sim_telarray/2147/Data/000xxx"
    value = write(gateway, "createDirectory", [f"{dataset}/sub"], **production)
    assert f"{dataset}/sub" in value["Failed"]


def test_an_lfn_in_a_scope_rucio_lacks_fails_alone_and_the_rest_of_the_batch_is_registered(
        gateway, production, rucio, fresh_dir):
    good = [f"{fresh_dir}/run/ok{i}.dat" for i in range(3)]
    bad = f"/ctao/noscope{os.urandom(3).hex()}/run/x.dat"
    value = write(gateway, "addFile", {lfn: file_info(lfn) for lfn in good + [bad]}, **production)
    assert value["Successful"] == {lfn: True for lfn in good}
    assert value["Failed"] == {bad: f"Invalid LFN: scope '{scope_of(bad)}' does not exist in Rucio"}
    for lfn in good:
        assert rucio.did(scope_of(lfn), lfn)["did_type"] == "FILE"


def test_a_relative_path_is_not_an_absolute_path_as_the_dfc_says(gateway, production):
    value = gateway.call("createDirectory", "ctao/relative/dir", via="rpc", X509_USER_PROXY=production["X509_USER_PROXY"]).value
    assert value["Failed"] == {"ctao/relative/dir": "Not an absolute path"}


def test_add_file_fields_the_gateway_cannot_keep_fail_with_a_reason(gateway, production, fresh_dir, rucio):
    """Mode, Owner and Status are DFC fields Rucio has no place for: a value other than what the gateway answers
    anyway fails that LFN with the reason (instead of being dropped silently); the default values pass."""
    base = {"PFN": "davs://rucio-storage-1:1094//rucio/x", "SE": "STORAGE-1", "Size": 10, "GUID": str(uuid.uuid4()).upper(),
            "Checksum": "0a0b0c0d"}
    lfns = {f"{fresh_dir}/run/{name}.dat": extra for name, extra in
            [("mode", {"Mode": 0o700}), ("owner", {"Owner": {"username": "someone"}}), ("status", {"Status": "Trash"}),
             ("default", {"Mode": 509, "Status": "AprioriGood"})]}
    value = write(gateway, "addFile", {lfn: {**base, "GUID": str(uuid.uuid4()).upper(), **extra} for lfn, extra in lfns.items()},
                  **production)
    assert list(value["Successful"]) == [f"{fresh_dir}/run/default.dat"]
    assert "Rucio has no file modes" in value["Failed"][f"{fresh_dir}/run/mode.dat"]
    assert "owned by the Rucio account" in value["Failed"][f"{fresh_dir}/run/owner.dat"]
    assert "Rucio keeps file availability" in value["Failed"][f"{fresh_dir}/run/status.dat"]
    assert rucio.did(scope_of(f"{fresh_dir}/run/mode.dat"), f"{fresh_dir}/run/mode.dat") is None
