"""Metadata through the stock DIRAC 9.1.22 client against the gateway and the real Rucio: the schema
(getMetadataFields & co.), user metadata on directories and files, CTADIRAC's production flow
(dirac-surface.md §6.5), queries, and a differential check against DIRAC's own MetaQuery.applyQuery."""
import itertools
import os
import random
import uuid

import pytest

from conftest import scope_of

# CTADIRAC's fields (dirac-surface.md §6.3), declared once for the whole Rucio peer (idempotent).
DIRECTORY_FIELDS = {"MCCampaign": "VARCHAR(128)", "site": "VARCHAR(128)", "particle": "VARCHAR(128)",
                    "tel_sim_prog": "VARCHAR(128)", "phiP": "FLOAT", "thetaP": "FLOAT", "array_layout": "VARCHAR(128)",
                    "tel_sim_prog_version": "VARCHAR(128)", "sct": "VARCHAR(128)", "outputType": "VARCHAR(128)",
                    "data_level": "INT", "configuration_id": "INT", "merged": "INT"}
FILE_FIELDS = {"runNumber": "VARCHAR(128)", "jobID": "VARCHAR(128)", "nsb": "INT", "split": "VARCHAR(128)"}


def got(rucio, path):
    status, value = rucio.json(path)
    assert status == 200, (path, status, value)
    return value


def ok(result):
    assert result.ok, result.result
    return result.result["Value"]


@pytest.fixture(scope="module")
def schema(gateway, production):
    calls = [("client", "addMetadataField", [name, kind, "-d"]) for name, kind in DIRECTORY_FIELDS.items()]
    calls += [("client", "addMetadataField", [name, kind, "-f"]) for name, kind in FILE_FIELDS.items()]
    for result in gateway.calls(calls, **production):
        assert result.ok and (result.result["Value"] == "Already exists"
                              or result.result["Value"].startswith("Added new metadata")), result.result
    return ok(gateway.call("getMetadataFields", via="client", **production))


def test_metadata_fields_are_declared_once_per_level_and_kept_in_rucio(gateway, production, schema, rucio):
    assert schema["DirectoryMetaFields"]["thetaP"] == "FLOAT"
    assert schema["FileMetaFields"]["nsb"] == "INT"
    again, other_level, other_type, standard, bad_name = gateway.calls([
        ("client", "addMetadataField", ["thetaP", "float", "-d"]),
        ("client", "addMetadataField", ["thetaP", "FLOAT", "-f"]),
        ("client", "addMetadataField", ["nsb", "VARCHAR(128)", "-f"]),
        ("client", "addMetadataField", ["Size", "INT", "-f"]),
        ("client", "addMetadataField", ["bad.name", "INT", "-d"]),
    ], **production)
    assert again.result["Value"] == "Already exists"
    assert other_level.result["Message"] == "The metadata thetaP is already defined for Directories"
    assert other_type.result["Message"] == "Attempt to add an existing metadata with different type: VARCHAR(128)/INT"
    assert standard.result["Message"] == "Illegal use of reserved metafield name"
    assert bad_name.result["Message"] == "Invalid parameter name: bad.name"
    # Kept in Rucio, on the schema container, one JSON key per field.
    stored = got(rucio, "/dids/root/%2Fdirac-catalog-metadata-fields/meta?plugin=JSON")
    assert stored["thetaP"] == {"level": "directory", "type": "FLOAT"}
    assert stored["nsb"] == {"level": "file", "type": "INT"}


def test_a_field_can_be_deleted_and_declared_again(gateway, production):
    name = f"tmp_{uuid.uuid4().hex[:8]}"
    added, listed, deleted, after, again = gateway.calls([
        ("client", "addMetadataField", [name, "int", "-f"]),
        ("client", "getMetadataFields", []),
        ("client", "deleteMetadataField", [name]),
        ("client", "getMetadataFields", []),
        ("client", "deleteMetadataField", [name]),
    ], **production)
    assert added.result["Value"].startswith("Added new metadata: ")
    assert listed.result["Value"]["FileMetaFields"][name] == "int"
    assert deleted.ok and again.ok
    assert name not in after.result["Value"]["FileMetaFields"]


def production_flow(base, trans="4711"):
    """CTADIRAC 3.3.1 ProdDataManager, call by call: each level created, then tagged while still empty."""
    calls, path = [], base
    for key, value in [("MCCampaign", "PROD6"), ("site", "Paranal"), ("particle", "gamma"),
                       ("tel_sim_prog", "sim_telarray")]:
        path = f"{path}/{value}"
        calls += [("filecatalog", "createDirectory", [path]), ("client", "setMetadata", [path, {key: value}])]
    trans_dir = f"{path}/{trans}"
    calls += [("filecatalog", "createDirectory", [trans_dir]),
              ("client", "setMetadata", [trans_dir, {"phiP": 180, "thetaP": 20.0, "array_layout": "Alpha",
                                                      "tel_sim_prog_version": "v0.19.0", "sct": "False"}])]
    for output_type, level in [("Data", 0), ("Log", 0)]:
        out = f"{trans_dir}/{output_type}"
        calls += [("filecatalog", "createDirectory", [out]),
                  ("client", "setMetadata", [out, {"outputType": output_type}]),
                  ("client", "setMetadata", [out, {"data_level": level}]),
                  ("client", "setMetadata", [out, {"configuration_id": 16}]),
                  ("client", "setMetadata", [out, {"merged": 0}])]
    return calls, trans_dir


def new_file(lfn, size=1000):
    return {"PFN": f"davs://rucio-storage-1:1094//rucio{lfn}", "SE": "STORAGE-1", "Size": size,
            "GUID": str(uuid.uuid4()).upper(), "Checksum": "0a0b0c0d"}


@pytest.fixture(scope="module")
def production_tree(gateway, production, schema):
    """The flow under a fresh base, with three files in the run directory that addFile creates."""
    base = f"/ctao/tests/meta-{uuid.uuid4().hex[:10]}"
    calls, trans_dir = production_flow(base)
    files = {}
    for run, nsb, split in [(1, 1, "train_en"), (2, 5, "test"), (1500, 19, "test")]:
        lfn = f"{trans_dir}/Data/{run // 1000:03d}xxx/gamma_run{run}.simtel.zst"
        files[lfn] = {"runNumber": f"{run:08d}", "jobID": str(1000 + run), "nsb": nsb, "split": split}
        calls += [("filecatalog", "addFile", [{lfn: new_file(lfn)}]), ("filecatalog", "setMetadata", [lfn, files[lfn]])]
    results = gateway.calls(calls, **production)
    for (via, method, args), result in zip(calls, results):
        assert result.ok, (method, args, result.result)
        if method in ("createDirectory", "addFile"):
            assert not result.result["Value"]["Failed"], (method, args, result.result)
    return {"base": base, "trans": trans_dir, "files": files}


def test_production_flow_metadata_is_on_the_rucio_dids_it_belongs_to(production_tree, rucio):
    trans = production_tree["trans"]
    own = got(rucio, f"/dids/{scope_of(trans)}/{trans.replace('/', '%2F')}/meta?plugin=JSON")
    assert own["thetaP"] == 20.0 and isinstance(own["thetaP"], float)
    assert own["phiP"] == 180.0 and isinstance(own["phiP"], float)  # FLOAT field: stored as a float
    assert own["sct"] == "False"
    data = f"{trans}/Data"
    assert got(rucio, f"/dids/{scope_of(data)}/{data.replace('/', '%2F')}/meta?plugin=JSON")["data_level"] == 0
    lfn, meta = next(iter(production_tree["files"].items()))
    file_meta = got(rucio, f"/dids/{scope_of(lfn)}/{lfn.replace('/', '%2F')}/meta?plugin=JSON")
    assert file_meta == meta
    # Rucio's own inheritance agrees with the gateway's merge.
    inherited = rucio.lines("POST", "/dids/bulkmeta", {"dids": [{"scope": scope_of(lfn), "name": lfn}],
                                                    "inherit": True, "plugin": "JSON"})
    assert inherited[0]["MCCampaign"] == "PROD6" and inherited[0]["thetaP"] == 20.0 and inherited[0]["nsb"] == meta["nsb"]


def test_user_metadata_reads_merge_file_and_directory_keys_as_dirac_does(gateway, production_tree):
    lfn, meta = next(iter(production_tree["files"].items()))
    trans = production_tree["trans"]
    file_meta, dir_meta = gateway.calls([("client", "getFileUserMetadata", [lfn]),
                                         ("client", "getDirectoryUserMetadata", [f"{trans}/Data"])])
    merged = ok(file_meta)
    assert merged["nsb"] == meta["nsb"] and merged["runNumber"] == meta["runNumber"]
    assert merged["MCCampaign"] == "PROD6" and merged["thetaP"] == 20.0 and merged["outputType"] == "Data"
    assert dir_meta.result["MetadataOwner"]["outputType"] == "OwnMetadata"
    assert dir_meta.result["MetadataOwner"]["particle"] == "ParentMetadata"
    assert dir_meta.result["MetadataType"]["thetaP"] == "FLOAT"


def test_queries_mix_directory_and_file_keys(gateway, production_tree):
    base, trans = production_tree["base"], production_tree["trans"]
    files = production_tree["files"]
    run1 = [lfn for lfn in files if "run1." in lfn]
    test_split = sorted(lfn for lfn, m in files.items() if m["split"] == "test")
    queries = [
        ({"particle": "gamma", "thetaP": 20.0}, base, sorted(files)),
        ({"particle": "gamma", "thetaP": "20.0", "outputType": "Data"}, base, sorted(files)),  # numbers as strings
        ({"thetaP": {">": 30}}, base, []),
        ({"particle": "proton"}, base, []),
        ({"split": "test", "data_level": {">=": 0}}, base, test_split),
        ({"nsb": {"in": [1, 5]}, "site": ["Paranal", "LaPalma"]}, base, sorted(lfn for lfn in files if files[lfn]["nsb"] in (1, 5))),
        ({"runNumber": "0000000?"}, base, sorted(run1 + [lfn for lfn in files if "run2." in lfn])),
        ({"split": {"!=": "test"}}, f"{trans}/Data/", run1),  # trailing slash accepted
        ({"nsb": 19}, f"{trans}/Data/001xxx", [lfn for lfn in files if "run1500" in lfn]),
        ({"no_such_key_anywhere": 1}, base, []),
        ({"outputType": "Log"}, base, []),
        ({}, f"{trans}/Data/000xxx", sorted(lfn for lfn in files if "/000xxx/" in lfn)),
    ]
    results = gateway.calls([("client", "findFilesByMetadata", [q, p]) for q, p, _ in queries])
    for (query, path, expected), result in zip(queries, results):
        assert ok(result) == expected, (query, path)


def test_bad_queries_and_bad_metadata_get_a_clear_error_and_nothing_is_written(gateway, production, production_tree, rucio):
    trans = production_tree["trans"]
    lfn = next(iter(production_tree["files"]))
    results = gateway.calls([
        ("client", "findFilesByMetadata", [{"thetaP": {"~": 20}}, trans]),
        ("client", "findFilesByMetadata", [{"thetaP": {">": [1, 2]}}, trans]),
        ("client", "findFilesByMetadata", [{"nsb": "many"}, trans]),
        ("client", "findFilesByMetadata", [{"particle": "gamma"}, f"{trans}/nowhere"]),
        ("client", "setMetadata", [trans, {"a.b": 1}]),
        ("client", "setMetadata", [lfn, {"nsb": "lots"}]),
        ("client", "setMetadata", [f"{trans}/Data", {"particle": "proton"}]),
        ("client", "setMetadata", [lfn, {"version": "v1"}]),
        ("client", "setMetadata", [f"{trans}/nowhere", {"nsb": 1}]),
    ], **production)
    messages = [r.result.get("Message", "") for r in results]
    assert all(not r.ok for r in results), messages
    assert "unknown operator" in messages[0]
    assert messages[1] == "Illegal query: list of values for comparison operation"
    assert messages[2] == "Illegal type for metadata nsb: 'many' in filter"
    assert messages[3] == f"Directory {trans}/nowhere not found"
    assert "'.' is not allowed" in messages[4]
    assert messages[5].startswith("Illegal value for metadata nsb of type INT")
    assert messages[6] == f"Metadata conflict detected for particle for directory {trans}/Data"
    assert "reserved by Rucio" in messages[7]
    assert messages[8] == f"File {trans}/nowhere not found"
    data = f"{trans}/Data"
    assert "particle" not in got(rucio, f"/dids/{scope_of(data)}/{data.replace('/', '%2F')}/meta?plugin=JSON")
    assert got(rucio, f"/dids/{scope_of(lfn)}/{lfn.replace('/', '%2F')}/meta?plugin=JSON")["nsb"] != "lots"


def test_ctao_find_by_meta_check_returns_exactly_the_two_files(gateway, production, fresh_dir):
    """CTAO's DPPS test: five files carry an undeclared key find-by-meta = 1 or 2; the query for 1 under their
    directory returns exactly the two."""
    lfns = [f"{fresh_dir}/run/f{i}.dat" for i in range(5)]
    calls = [("filecatalog", "addFile", [{lfn: new_file(lfn)}]) for lfn in lfns]
    calls += [("filecatalog", "setMetadata", [lfn, {"find-by-meta": 1 if i < 2 else 2}]) for i, lfn in enumerate(lfns)]
    calls += [("filecatalog", "findFilesByMetadata", [{"find-by-meta": 1}, f"{fresh_dir}/run"]),
              ("filecatalog", "findFilesByMetadata", [{"find-by-meta-never-set": 1}, f"{fresh_dir}/run"])]
    results = gateway.calls(calls, **production)
    assert all(r.ok for r in results), [r.result for r in results if not r.ok]
    assert sorted(results[-2].result["Value"]) == lfns[:2]
    assert results[-1].result["Value"] == []


def test_find_directories_and_replicas_by_metadata(gateway, production_tree):
    trans = production_tree["trans"]
    dirs, none, all_, replicas = gateway.calls([
        ("client", "findDirectoriesByMetadata", [{"outputType": "Data"}, production_tree["base"]]),
        ("client", "findDirectoriesByMetadata", [{"outputType": "Nothing"}, production_tree["base"]]),
        ("client", "findDirectoriesByMetadata", [{"nsb": 1}, "/"]),
        ("client", "getReplicasByMetadata", [{"nsb": 19}, trans, False]),
    ])
    assert sorted(ok(dirs).values()) == sorted([f"{trans}/Data", f"{trans}/Data/000xxx", f"{trans}/Data/001xxx"])
    assert ok(none) == {"0": "None"} and ok(all_) == {"0": "All"}
    [(lfn, ses)] = ok(replicas)["Successful"].items()
    assert "run1500" in lfn and list(ses) == ["STORAGE-1"]


def test_find_files_by_metadata_agrees_with_dirac_metaquery_apply_query(gateway, production, schema, fresh_dir):
    """Differential: on a generated tree, every query's answer is exactly the set of files whose merged metadata
    (directory keys inherited, file keys own) DIRAC's own MetaQuery.applyQuery accepts."""
    from DIRAC.DataManagementSystem.Client.MetaQuery import MetaQuery

    rng = random.Random(20261204)
    types = {**DIRECTORY_FIELDS, **FILE_FIELDS}
    calls, merged = [], {}
    for site, particle in itertools.product(["Paranal", "LaPalma"], ["gamma", "proton"]):
        site_dir = f"{fresh_dir}/{site}"
        part_dir = f"{site_dir}/{particle}"
        calls += [("filecatalog", "createDirectory", [part_dir]),
                  ("client", "setMetadata", [site_dir, {"site": site}]),
                  ("client", "setMetadata", [part_dir, {"particle": particle, "thetaP": rng.choice([20.0, 40.0])}])]
        for run in range(3):
            lfn = f"{part_dir}/Data/{run:03d}xxx/f{run}.dat"
            meta = {"nsb": rng.choice([1, 5, 19]), "split": rng.choice(["test", "train_en"])}
            calls += [("filecatalog", "addFile", [{lfn: new_file(lfn)}]), ("filecatalog", "setMetadata", [lfn, meta])]
            merged[lfn] = {"site": site, "particle": particle, **meta}
    results = gateway.calls(calls, **production)
    assert all(r.ok for r in results), [r.result for r in results if not r.ok]
    thetas = {}
    for via, method, args in calls:
        if method == "setMetadata" and "thetaP" in args[1]:
            thetas[args[0]] = args[1]["thetaP"]
    for lfn in merged:
        merged[lfn]["thetaP"] = next(t for d, t in thetas.items() if lfn.startswith(d + "/"))
    queries = [{"site": "Paranal"}, {"thetaP": "20.0"}, {"thetaP": {">=": 30}}, {"nsb": {"in": [1, 19]}},
               {"nsb": {"!=": 5}, "particle": "gamma"}, {"split": "test", "site": {"nin": ["LaPalma"]}},
               {"nsb": {">": 1, "<": 19}}, {"particle": ["gamma", "proton"], "thetaP": {"<=": 20}},
               {"site": "Paranal", "particle": "proton", "split": "train_en"}]
    answers = gateway.calls([("client", "findFilesByMetadata", [q, fresh_dir]) for q in queries])
    for query, answer in zip(queries, answers):
        meta_query = MetaQuery(query, {k: types[k] for k in query})
        expected = sorted(lfn for lfn, meta in merged.items() if meta_query.applyQuery(meta)["Value"])
        assert ok(answer) == expected, query


def test_detailed_and_paged_queries_answer_file_details(gateway, production_tree):
    base = production_tree["base"]
    files = sorted(production_tree["files"])
    detailed, nothing, page, past = gateway.calls([
        ("client", "findFilesByMetadataDetailed", [{"particle": "gamma"}, base]),
        ("client", "findFilesByMetadataDetailed", [{"particle": "proton"}, base]),
        ("client", "findFilesByMetadataWeb", [{"particle": "gamma"}, base, 1, 1]),
        ("client", "findFilesByMetadataWeb", [{"particle": "gamma"}, base, 10, 5]),
    ])
    details = ok(detailed)
    assert sorted(details) == files
    first = details[files[0]]
    assert first["Size"] == 1000 and first["Status"] == "AprioriGood"
    assert first["Metadata"] == production_tree["files"][files[0]]
    assert ok(nothing) == []
    assert ok(page)["TotalRecords"] == 3 and list(ok(page)["Records"]) == [files[1]]
    assert past.result["Message"] == "Requested files out of existing range"


def test_compatible_metadata_and_meta_sets(gateway, production, production_tree):
    base = production_tree["base"]
    set_name = f"gammaSet_{uuid.uuid4().hex[:6]}"
    compatible, nothing, missing_path, added, unknown, got, query = gateway.calls([
        ("client", "getCompatibleMetadata", [{"particle": "gamma"}, base]),
        ("client", "getCompatibleMetadata", [{"particle": "proton"}, base]),
        ("client", "getCompatibleMetadata", [{}, f"{base}/nowhere"]),
        ("client", "addMetadataSet", [set_name, {"particle": "gamma", "thetaP": 20.0}]),
        ("client", "addMetadataSet", [set_name + "x", {"no_such_field": 1}]),
        ("client", "getMetadataSet", [set_name, False]),
        ("client", "findFilesByMetadata", [{"particle": "gamma", "split": "test"}, base]),
    ], **production)
    values = ok(compatible)
    assert values["particle"] == ["gamma"] and values["outputType"] == ["Data", "Log"] and values["thetaP"] == [20.0]
    assert ok(nothing) == {}
    assert missing_path.result["Message"] == f"Path not found: {base}/nowhere"
    assert added.ok and unknown.result["Message"] == "Unknown key no_such_field"
    assert ok(got) == {"particle": "gamma", "thetaP": "20.0"}
    assert len(ok(query)) == 2


def test_ancestry_is_kept_both_ways_with_the_dfc_depths(gateway, production, fresh_dir, rucio):
    raw, step1, step2 = (f"{fresh_dir}/run/{name}.dat" for name in ("raw", "dl1", "dl2"))
    other = f"{fresh_dir}/run/other.dat"
    calls = [
        ("filecatalog", "addFile", [{raw: new_file(raw), other: new_file(other)}]),
        ("filecatalog", "addFile", [{step1: {**new_file(step1), "Ancestors": [raw]}}]),
        ("filecatalog", "addFile", [{step2: new_file(step2)}]),
        ("client", "addFileAncestors", [{step2: {"Ancestors": [step1]}}]),
        ("client", "addFileAncestors", [{step2: {"Ancestors": [step1]}}]),  # a retry changes nothing
        ("client", "addFileAncestors", [{other: {"Ancestors": [f"{fresh_dir}/run/none.dat"]}}]),
        ("client", "getFileAncestors", [[step2, f"{fresh_dir}/run/none.dat"], []]),
        ("client", "getFileAncestors", [[step2], [2]]),
        ("client", "getFileDescendents", [[raw, other], []]),
        ("client", "getFileUserMetadata", [step2]),
    ]
    results = gateway.calls(calls, **production)
    for index in (0, 1, 2):
        assert not results[index].result["Value"]["Failed"], results[index].result
    assert ok(results[3])["Successful"] == {step2: True} and ok(results[4])["Successful"] == {step2: True}
    assert ok(results[5])["Failed"] == {other: "Failed to resolve ancestor files"}
    ancestors = ok(results[6])
    assert ancestors["Successful"] == {step2: {step1: 1, raw: 2}}
    assert ancestors["Failed"] == {f"{fresh_dir}/run/none.dat": "No such file or directory"}
    assert ok(results[7])["Successful"] == {step2: {raw: 2}}
    assert ok(results[8])["Successful"] == {raw: {step1: 1, step2: 2}, other: {}}
    assert "dirac_ancestors" not in ok(results[9])  # the gateway's own key is not user metadata
    stored = got(rucio, f"/dids/{scope_of(raw)}/{raw.replace('/', '%2F')}/meta?plugin=JSON")
    assert stored["dirac_descendants"] == {step1: 1, step2: 2}


def test_datasets_are_stored_queries_kept_as_rucio_datasets(gateway, production, production_tree, rucio):
    import hashlib

    base, trans = production_tree["base"], production_tree["trans"]
    short = f"gamma-{uuid.uuid4().hex[:8]}"
    name = f"{base}/datasets/{short}"
    files = sorted(production_tree["files"])
    query = {"particle": "gamma", "outputType": "Data", "Path": base}
    first = gateway.calls([
        ("client", "addDataset", [{name: query}]),
        ("client", "addDataset", [{name: query}]),
        ("client", "getDatasets", [{short: True}]),
        ("client", "getDatasetParameters", [name]),
        ("client", "getDatasetParameters", [short]),
        ("client", "getDatasetFiles", [name]),
        ("client", "checkDataset", [name]),
        ("client", "addDatasetAnnotation", [{name: "PROD6 gamma, all runs"}]),
        ("client", "getDatasetAnnotation", [name]),
    ], **production)
    assert ok(first[0])["Successful"] == {name: True}
    assert ok(first[1])["Failed"] == {name: f"Dataset {name} already exists"}
    listed = ok(first[2])["Successful"][short]
    assert list(listed) == [short] and listed[short]["Status"] == "Dynamic"
    params = ok(first[3])["Successful"][name]
    assert params["NumberOfFiles"] == 3 and params["TotalSize"] == 3000
    assert params["MetaQuery"] == query
    assert params["DatasetHash"] == hashlib.md5(str(files).encode()).hexdigest().upper()
    assert ok(first[4])["Successful"][short]["DatasetHash"] == params["DatasetHash"]
    assert ok(first[5])["Successful"] == {name: files}
    assert ok(first[6])["Successful"] == {name: {}}
    assert ok(first[8])["Successful"] == {name: "PROD6 gamma, all runs"}
    # The dataset is a Rucio DATASET of that name.
    assert rucio.did(scope_of(name), name)["did_type"] == "DATASET"

    extra = f"{trans}/Data/002xxx/gamma_run2001.simtel.zst"
    second = gateway.calls([
        ("filecatalog", "addFile", [{extra: new_file(extra, size=500)}]),
        ("client", "checkDataset", [name]),
        ("client", "updateDataset", [name]),
        ("client", "updateDataset", [name]),
        ("client", "freezeDataset", [name]),
        ("client", "getDatasetFiles", [name]),
        ("client", "getDatasetParameters", [name]),
    ], **production)
    changed = ok(second[1])["Successful"][name]
    assert changed["NumberOfFiles"] == [3, 4] and changed["TotalSize"] == [3000, 3500]
    assert ok(second[2])["Successful"] == {name: 1} and ok(second[3])["Successful"] == {name: None}
    assert ok(second[4])["Successful"] == {name: True}
    frozen_files = sorted(files + [extra])
    assert ok(second[5])["Successful"] == {name: frozen_files}
    assert ok(second[6])["Successful"][name]["Status"] == "Frozen"
    # Frozen: a closed Rucio dataset holding exactly those files, ready for a replication rule.
    assert rucio.did(scope_of(name), name)["is_open"] is False
    assert sorted(child for _, child in rucio.content(scope_of(name), name)) == frozen_files

    third = gateway.calls([
        ("client", "releaseDataset", [name]),
        ("client", "getDatasetParameters", [name]),
        ("client", "removeDataset", [name]),
        ("client", "removeDataset", [name]),
        ("client", "getDatasetParameters", [name]),
        ("client", "getDatasetFiles", [f"/ctao/tests/none-{short}"]),
    ], **production)
    assert ok(third[0])["Successful"] == {name: True}
    assert ok(third[1])["Successful"][name]["Status"] == "Dynamic"
    assert rucio.content(scope_of(name), name) == {}
    assert ok(third[2])["Successful"] == {name: True} and ok(third[3])["Successful"] == {name: True}
    assert ok(third[4])["Failed"] == {name: "Dataset not found"}
    assert ok(third[5])["Failed"] == {f"/ctao/tests/none-{short}": "Dataset not found"}
