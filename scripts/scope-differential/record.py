"""Record (or --check) what the REAL Python scope algorithms and name schemas do on a corpus of inputs.

Run it through record.sh, which provides the venv (setup-policy-venv.sh):

    scripts/scope-differential/record.sh            # re-record Fixtures/scope-differential/
    scripts/scope-differential/record.sh --check    # exit 1 if the fixtures differ from the packages

What is recorded (one JSON object per line, ASCII-only JSON so invisible characters stay visible):

* ctao_bdms.jsonl  -- bdms_rucio_policy.scope.scope(did, scopes=None) from ctao-bdms-rucio-policy:
                      {"did", "scope", "name"} or {"did", "error": {"type", "message"}}
* dirac.jsonl      -- rucio.common.utils.ScopeExtractionAlgorithms.extract_scope_dirac (rucio-clients)
* def.jsonl        -- ...extract_scope_default, Rucio's built-in `def` (ATLAS style)
* name_schema.jsonl -- for every input and every extracted scope and name: the JSON-schema keywords
                      (`pattern`, `maxLength`) it fails under the policy's NAME schema, Rucio's generic
                      NAME schema, and the SCOPE schema: {"value", "ctao_bdms_name", "generic_name",
                      "scope"}; an empty list means valid. Validated with jsonschema, as Rucio's
                      validate_schema does.
* manifest.json    -- versions, seed, case counts, and how rucio.common.utils.extract_scope routed
                      to the algorithms under several configurations (each route is checked here to
                      give exactly the directly recorded results).

The Swift test ScopeAlgorithmsTests/DifferentialFixtureTests.swift compares the Swift port with
every line of these files.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import unicodedata
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from lfn_corpus import DEFAULT_SEED, corpus  # noqa: E402

DEFAULT_FIXTURES = HERE.parent.parent / "Fixtures" / "scope-differential"
PACKAGES = ["ctao-bdms-rucio-policy", "rucio-clients", "jsonschema"]

# How rucio.common.utils.extract_scope(did, default_extract=...) picks the algorithm, per config.
# Each route's results must equal the directly recorded results of `expect`.
ROUTES = [
    {"extract_scope": "ctao_bdms", "policy_package": True, "default_extract": "def", "expect": "ctao_bdms"},
    {"extract_scope": "ctao_bdms", "policy_package": True, "default_extract": "dirac", "expect": "ctao_bdms"},
    {"extract_scope": "dirac", "policy_package": True, "default_extract": "def", "expect": "dirac"},
    {"extract_scope": None, "policy_package": True, "default_extract": "def", "expect": "ctao_bdms"},
    {"extract_scope": None, "policy_package": True, "default_extract": "dirac", "expect": "dirac"},
    {"extract_scope": None, "policy_package": False, "default_extract": "def", "expect": "def"},
    {"extract_scope": None, "policy_package": False, "default_extract": "dirac", "expect": "dirac"},
    {"extract_scope": "ctao_bdms", "policy_package": False, "default_extract": "dirac", "expect": "dirac"},
    {"extract_scope": "belleii", "policy_package": True, "default_extract": "def", "expect": "ctao_bdms"},
]


def dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=True, sort_keys=True, separators=(",", ":"))


def clean_environment(config_path: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RUCIO_")}
    if config_path:
        env["RUCIO_CONFIG"] = config_path
    return env


def write_config(directory: str, extract_scope: str | None, policy_package: bool) -> str:
    lines = ["[client]", "rucio_host = https://localhost", "auth_host = https://localhost", ""]
    if extract_scope:
        lines += ["[common]", f"extract_scope = {extract_scope}", ""]
    if policy_package:
        lines += ["[policy]", "package = bdms_rucio_policy", ""]
    path = Path(directory) / f"rucio-{extract_scope}-{policy_package}.cfg"
    path.write_text("\n".join(lines))
    return str(path)


def outcome(function, did: str) -> dict:
    try:
        scope, name = function(did, None)
    except Exception as error:  # noqa: BLE001 -- the exception is the recorded result
        return {"did": did, "error": {"type": type(error).__name__, "message": str(error)}}
    return {"did": did, "scope": scope, "name": name}


def direct_results(inputs: list[str]) -> dict[str, list[dict]]:
    from bdms_rucio_policy.scope import scope as ctao_scope
    from rucio.common.utils import ScopeExtractionAlgorithms

    algorithms = {
        "ctao_bdms": ctao_scope,
        "dirac": ScopeExtractionAlgorithms.extract_scope_dirac,
        "def": ScopeExtractionAlgorithms.extract_scope_default,
    }
    return {name: [outcome(function, did) for did in inputs] for name, function in algorithms.items()}


def generic_schema_module():
    """Rucio's generic schema, `rucio/common/schema/generic.py` as shipped in rucio-clients.

    `rucio.common.schema/__init__.py` imports the server's database layer, which the clients package
    lacks, so the package is stood in for by an empty module and generic.py is imported on its own.
    Its `SchemaRef` values are resolved against generic itself (as Rucio does without a policy schema).
    """
    import importlib
    import types

    import rucio.common

    if "rucio.common.schema" not in sys.modules:
        package = types.ModuleType("rucio.common.schema")
        package.__path__ = [str(Path(rucio.common.__file__).parent / "schema")]
        sys.modules["rucio.common.schema"] = package
    return importlib.import_module("rucio.common.schema.generic")


def resolved(schema: dict, module) -> dict:
    from rucio.common.schema.schema_ref import SchemaRef

    def value(item):
        if isinstance(item, SchemaRef):
            return getattr(module, item.name) + (item.offset or 0)
        return item

    return {key: value(item) for key, item in schema.items()}


def failing_keywords(validator, value: str) -> list[str]:
    return sorted({error.validator for error in validator.iter_errors(value)})


def schema_records(values: list[str]) -> list[dict]:
    import jsonschema
    from bdms_rucio_policy import schema as ctao_schema

    generic = resolved(generic_schema_module().NAME, generic_schema_module())
    # The policy's NAME is generic's with the leading "/" made mandatory (its docstring says so).
    assert ctao_schema.NAME["maxLength"] == generic["maxLength"] == 250
    assert ctao_schema.NAME["pattern"] == "^/[A-Za-z0-9]" + generic["pattern"][len("^[/A-Za-z0-9]"):]
    assert resolved(generic_schema_module().SCOPE, generic_schema_module()) == {**ctao_schema.SCOPE}

    def validator_for(schema):
        return jsonschema.validators.validator_for(schema)(schema)

    name_ctao, name_generic, scope = (validator_for(s) for s in (ctao_schema.NAME, generic, ctao_schema.SCOPE))
    records = []
    for value in values:
        record = {
            "value": value,
            "ctao_bdms_name": failing_keywords(name_ctao, value),
            "generic_name": failing_keywords(name_generic, value),
            "scope": failing_keywords(scope, value),
        }
        # iter_errors must agree with jsonschema.validate, which is what Rucio calls.
        for schema, key in ((ctao_schema.NAME, "ctao_bdms_name"), (ctao_schema.SCOPE, "scope")):
            try:
                jsonschema.validate(value, schema)
                valid = True
            except jsonschema.ValidationError:
                valid = False
            assert valid == (record[key] == []), (value, key)
        records.append(record)
    return records


def route_results(route: dict, seed: int) -> list[dict]:
    """Run extract_scope through Rucio's routing in a fresh process with its own rucio.cfg."""
    with tempfile.TemporaryDirectory() as directory:
        config = write_config(directory, route["extract_scope"], route["policy_package"])
        process = subprocess.run(
            [sys.executable, __file__, "--route", route["default_extract"], "--seed", str(seed)],
            env=clean_environment(config), capture_output=True, text=True, encoding="utf-8", check=False,
        )
    if process.returncode != 0:
        raise SystemExit(f"route {route} failed:\n{process.stderr}")
    return [json.loads(line) for line in process.stdout.split("\n") if line]


def run_route(default_extract: str, seed: int) -> None:
    from rucio.common.utils import extract_scope

    def via_rucio(did, scopes):
        return extract_scope(did, scopes, default_extract=default_extract)

    out = sys.stdout
    for did in corpus(seed):
        out.write(dumps(outcome(via_rucio, did)) + "\n")


def render(seed: int) -> dict[str, str]:
    """Every fixture file's text."""
    inputs = corpus(seed)
    results = direct_results(inputs)

    for route in ROUTES:
        got = route_results(route, seed)
        want = results[route["expect"]]
        if got != want:
            bad = next(i for i, (g, w) in enumerate(zip(got, want)) if g != w) if len(got) == len(want) else -1
            raise SystemExit(f"Rucio's extract_scope under {route} differs from {route['expect']} "
                             f"(first at case {bad}: {got[bad] if bad >= 0 else len(got)} vs "
                             f"{want[bad] if bad >= 0 else len(want)})")

    values = dict.fromkeys(inputs)
    for record in results["ctao_bdms"] + results["dirac"]:
        if "scope" in record:
            values.setdefault(record["scope"])
            values.setdefault(record["name"])
    schema = schema_records(list(values))

    files = {f"{name}.jsonl": "".join(dumps(r) + "\n" for r in records) for name, records in results.items()}
    files["name_schema.jsonl"] = "".join(dumps(r) + "\n" for r in schema)

    manifest = {
        "recorded_by": "scripts/scope-differential/record.sh",
        "seed": seed,
        "python": sys.version.split()[0],
        "unicode_version": unicodedata.unidata_version,
        "packages": {name: metadata.version(name) for name in PACKAGES},
        "files": {
            name: {"cases": text.count("\n"), "sha256": hashlib.sha256(text.encode("ascii")).hexdigest()}
            for name, text in sorted(files.items())
        },
        "rucio_routes": [{k: v for k, v in r.items()} for r in ROUTES],
    }
    files["manifest.json"] = json.dumps(manifest, ensure_ascii=True, indent=2, sort_keys=True) + "\n"
    return files


def check(fixtures: Path, files: dict[str, str]) -> int:
    failures = 0
    for name, text in files.items():
        path = fixtures / name
        if name == "manifest.json":
            continue  # versions of Python/packages may differ; the data files are what must match
        if not path.exists():
            print(f"MISSING {path}")
            failures += 1
            continue
        committed = path.read_text(encoding="ascii")
        if committed == text:
            print(f"ok      {name}: {text.count(chr(10))} cases match the installed packages")
            continue
        failures += 1
        old, new = committed.split("\n"), text.split("\n")
        print(f"DIFFERS {name}: committed {len(old) - 1} lines, installed packages give {len(new) - 1}")
        shown = 0
        for number, (a, b) in enumerate(zip(old, new), start=1):
            if a != b and shown < 10:
                print(f"  line {number}\n    committed: {a}\n    now:       {b}")
                shown += 1
    manifest_path = fixtures / "manifest.json"
    if manifest_path.exists():
        committed = json.loads(manifest_path.read_text())
        now = json.loads(files["manifest.json"])
        for key in ("packages", "python", "unicode_version"):
            if committed.get(key) != now.get(key):
                print(f"note    {key}: recorded with {committed.get(key)}, checked with {now.get(key)}")
        if committed.get("files") != now.get("files") or committed.get("rucio_routes") != now.get("rucio_routes"):
            print("DIFFERS manifest.json: case counts, hashes or routes")
            failures += 1
    else:
        print(f"MISSING {manifest_path}")
        failures += 1
    print("check: " + ("fixtures match" if failures == 0 else f"{failures} file(s) differ; re-record with record.sh"))
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare with the committed fixtures, write nothing")
    parser.add_argument("--fixtures", type=Path, default=DEFAULT_FIXTURES, help="fixture directory")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--route", help=argparse.SUPPRESS)  # internal: one extract_scope route
    args = parser.parse_args()

    if args.route:
        run_route(args.route, args.seed)
        return 0

    # The main process must not pick up a developer's Rucio configuration either.
    for key in [k for k in os.environ if k.startswith("RUCIO_")]:
        del os.environ[key]
    with tempfile.TemporaryDirectory() as directory:
        os.environ["RUCIO_CONFIG"] = write_config(directory, None, False)
        files = render(args.seed)

    if args.check:
        return check(args.fixtures, files)
    args.fixtures.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (args.fixtures / name).write_text(text, encoding="ascii")
    manifest = json.loads(files["manifest.json"])
    for name, info in manifest["files"].items():
        print(f"wrote {args.fixtures / name}: {info['cases']} cases")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
