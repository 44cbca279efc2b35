#!/usr/bin/env python3
"""Regenerates the seed corpora under Fuzz/corpus/<target>/ from the project's own captures and fixtures.

Sources, all inside this repository (nothing outside it is read, so `../shared` is not needed):
  * the request bodies a stock DIRAC 9.1.22 client posted, as captured by the dirac-client recorder and pinned in
    Tests/DIRACWireTests/RPCRequestTests.swift (`enum CapturedBodies`), and the captured JEncode documents (args,
    extraCredentials, answers with `dt` tags) pinned in Tests/DIRACWireTests/JEncodeTests.swift;
  * the DIRAC client calls of the catalog replay fixture Fixtures/catalog/reads.calls.json (method + positional
    args), turned into bodies exactly as DIRAC's TornadoClient writes them: `urlencode({"method": ..., "args":
    json.dumps(args), "clientVO": ..., "clientSetup": ...})`;
  * the other form bodies of RPCRequestTests.swift, real CTAO DIDs from Fixtures/scope-differential/ (recorded
    from the Python policy package), and the CFG texts of Tests/DIRACConfigurationTests.
Deterministic (fixed gzip mtime); standard library only. Run from anywhere: `python3 Fuzz/make-seeds.py`."""
import gzip
import hashlib
import json
import os
import re
import shutil
import urllib.parse
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Fuzz", "corpus")


def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as fh:
        return fh.read()


def reset(target):
    path = os.path.join(OUT, target)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def put(directory, name, data):
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(directory, name), "wb") as fh:
        fh.write(data)


def form_body(method, args, extra=None, raw=False):
    fields = [("method", method), ("args", json.dumps(args))]
    if extra is not None:
        fields.append(("extraCredentials", json.dumps(extra)))
    if raw:
        fields.append(("rawContent", "True"))
    fields += [("clientVO", "ctao"), ("clientSetup", "None")]
    return urllib.parse.urlencode(fields)


calls = json.loads(read("Fixtures/catalog/reads.calls.json"))
rpc_tests = read("Tests/DIRACWireTests/RPCRequestTests.swift")
captured = re.findall(r'static let (\w+) =\s*"([^"\\]*)"',
                      re.search(r"enum CapturedBodies \{(.*?)\n\}", rpc_tests, re.S).group(1))
assert len(captured) >= 9, "Tests/DIRACWireTests/RPCRequestTests.swift: CapturedBodies not found"
captured_bodies = [body for _, body in captured]
swift_bodies = [body for body in dict.fromkeys(re.findall(r'"(method=[^"\\]*)"', rpc_tests)) if body not in captured_bodies]

# 1. Tornado form bodies (FuzzFormRPC). A NUL splits query and body.
form = reset("FuzzFormRPC")
for name, body in captured:
    put(form, f"capture-{name}", body)
bodies = []
for index, call in enumerate(calls):
    bodies.append(form_body(call["method"], call["args"]))
    put(form, f"call-{index:02d}-{call['method']}", bodies[-1])
for index, body in enumerate(sorted(set(swift_bodies))):
    put(form, f"test-{index:02d}", body)
put(form, "hosts", form_body("isFile", [{"/ctao/a": True}], extra="hosts"))
put(form, "delegated", form_body("isFile", [["/ctao/a"]], extra=["/C=ch/O=CTAO/OU=DPPS Test/CN=testuser", "ctao_user"]))
put(form, "rawcontent", form_body("streamToClient", ["/ctao/a"], raw=True))
put(form, "query-method", b"method=ping\x00args=%5B%5D")
put(form, "datetime-arg", "method=echo&args=" + urllib.parse.quote_plus(
    '[{"__dCls": "dt", "obj": "2026-11-21 23:45:50"}, {"__dCls": "b64", "obj": "AP8QaGVsbG8="}]'))

# 2. gzip / zlib bodies (FuzzInflate). Byte 0: bit 0 = 0 gzip, 1 zlib; bits 1-3 = limit index (7 = 1 MiB).
inflate = reset("FuzzInflate")
for index, body in enumerate(captured_bodies + bodies[:4]):
    raw = body.encode()
    gz = gzip.compress(raw, mtime=0)
    put(inflate, f"gzip-{index:02d}", bytes([0x0E]) + gz)
    put(inflate, f"zlib-{index:02d}", bytes([0x0F]) + zlib.compress(raw))
whole = gzip.compress(b"method=echo&args=%5B%22x%22%5D", mtime=0)
put(inflate, "gzip-cut-trailer", bytes([0x0E]) + whole[:-8])
put(inflate, "gzip-bare-header", bytes([0x0E]) + whole[:10])
put(inflate, "gzip-two-members", bytes([0x0E]) + whole + whole)
put(inflate, "gzip-trailing", bytes([0x0E]) + whole + b"junk")
put(inflate, "gzip-limit-64", bytes([0x02]) + gzip.compress(b"method=exists&args=" + b"%5B%22%2Fctao%2Fx%22%5D" * 200, mtime=0))
put(inflate, "zlib-limit-1k", bytes([0x05]) + zlib.compress(b"A" * 5000, 9))
put(inflate, "gzip-stored", bytes([0x0E]) + gzip.compress(b"method=ping&args=%5B%5D", compresslevel=0, mtime=0))
# Round-trip mode (byte 0 bit 4): byte 1 = damage | level << 2 | r << 4, byte 2 = damage length, then a pattern
# the harness repeats 2**r times and compresses itself. Plaintexts around the 64 KiB output chunk and the limits.
def round_trip(fmt, limit, damage, level, r, length, pattern):
    return bytes([0x10 | fmt | limit << 1, damage | level << 2 | r << 4, length]) + pattern
kib = (captured_bodies[2].encode() * 8)[:1024]
put(inflate, "rt-gzip-64k-exact", round_trip(0, 4, 0, 2, 6, 0, kib))          # 65536 bytes, limit 64 KiB
put(inflate, "rt-zlib-128k-over-65k", round_trip(1, 5, 0, 1, 7, 0, kib))      # 131072 bytes, limit 65 KiB
put(inflate, "rt-gzip-1m-stored", round_trip(0, 7, 0, 0, 10, 0, kib))         # 1 MiB exactly, stored blocks
put(inflate, "rt-zlib-cut", round_trip(1, 7, 1, 3, 3, 3, captured_bodies[0].encode()))
put(inflate, "rt-gzip-trailing", round_trip(0, 6, 2, 2, 0, 1, captured_bodies[1].encode()))
put(inflate, "rt-gzip-empty", round_trip(0, 0, 0, 2, 0, 0, b""))
dictionary = zlib.compressobj(zdict=b"method=args=")
put(inflate, "zlib-preset-dict", bytes([0x0F]) + dictionary.compress(b"method=ping&args=%5B%5D") + dictionary.flush())

# 3. JEncoded documents (FuzzJEncode): the captured args/extraCredentials fields, the captured documents the
#    JEncode tests pin, the args of each replay call, and the tagged values.
jencode = reset("FuzzJEncode")
for name, body in captured:
    for field, value in urllib.parse.parse_qsl(body, keep_blank_values=True):
        if field in ("args", "extraCredentials"):
            put(jencode, f"capture-{name}-{field}", value)
for index, text in enumerate(dict.fromkeys(re.findall(r'#"(.*?)"#', read("Tests/DIRACWireTests/JEncodeTests.swift")))):
    put(jencode, f"test-{index:02d}", text)
for index, call in enumerate(calls):
    put(jencode, f"args-{index:02d}-{call['method']}", json.dumps(call["args"]))
put(jencode, "tag-dt", '{"__dCls": "dt", "obj": "2026-11-21 23:45:50"}')
put(jencode, "tag-date", '{"__dCls": "date", "obj": "2024-02-29"}')
put(jencode, "tag-b64", '{"__dCls": "b64", "obj": "AP8QaGVsbG8="}')
put(jencode, "tag-refused", '[{"/ctao/a": {"x": [{"__dCls": "Popen", "__dMod": "subprocess"}]}}]')
put(jencode, "mixed", '[{"obs_id": {">": 1000}, "size": 1.5e3, "n": null, "ok": true, "neg": -9223372036854775808,'
    ' "s": "caf\\u00e9 \\u0000 \\ud83d\\ude00"}, [], {}]')
put(jencode, "hosts", '"hosts"')

# 4. LFNs (FuzzLFNScope): byte 0 bit 0 = 1 selects a 64-byte per-LFN limit; then one LFN per line.
lfn = reset("FuzzLFNScope")
lfns = []
for call in calls:
    for argument in call["args"]:
        if isinstance(argument, str):
            lfns.append(argument)
        elif isinstance(argument, list):
            lfns += [item for item in argument if isinstance(item, str)]
        elif isinstance(argument, dict):
            lfns += list(argument)
lfns = [item for item in dict.fromkeys(lfns) if item.startswith(("/", "lfn:", "LFN:"))]
dids = []
for line in read("Fixtures/scope-differential/ctao_bdms.jsonl").splitlines():
    dids.append(json.loads(line)["did"])
# A small, varied sample of the differential DIDs: every 97th, plus the shortest and the non-ASCII ones.
sample = dids[::97] + sorted(dids, key=len)[:20] + [d for d in dids if not d.isascii()][:20]
sample = list(dict.fromkeys(sample))
for index in range(0, len(lfns), 4):
    put(lfn, f"catalog-{index // 4:02d}", "\x00" + "\n".join(lfns[index:index + 4]))
for index in range(0, len(sample), 6):
    group = "\n".join(sample[index:index + 6])
    digest = hashlib.sha1(group.encode()).hexdigest()[:8]
    put(lfn, f"did-{index // 6:02d}-{digest}", bytes([index // 6 % 2]) + group.encode())
put(lfn, "normalise", "\x00lfn:/grid/ctao/a//b/./c/../d/\nLFN://ctao/x\n/grid/\n///ctao\nctao:/ctao/user/a/alice/f")

# 5. DIRAC CFG (FuzzCFG): the Registry the tests read, and the parser's corner cases.
cfg = reset("FuzzCFG")
registry = re.search(r'let registryCFG = """\n(.*?)\n\s*"""', read("Tests/DIRACConfigurationTests/RegistryFromCFGTests.swift"), re.S)
put(cfg, "registry", "\n".join(line[4:] for line in registry.group(1).splitlines()) + "\n")
for index, block in enumerate(re.findall(r'CFGSection\(parsing: """\n(.*?)\n\s*"""', read("Tests/DIRACConfigurationTests/CFGDocumentTests.swift"), re.S)):
    put(cfg, f"test-{index:02d}", "\n".join(line[12:] for line in block.splitlines()) + "\n")
for index, literal in enumerate(re.findall(r'CFGSection\(parsing: "((?:[^"\\]|\\.)*)"\)', read("Tests/DIRACConfigurationTests/CFGDocumentTests.swift"))):
    put(cfg, f"inline-{index:02d}", literal.encode().decode("unicode_escape"))
put(cfg, "same-line-braces", "Registry {\n  Users { alice { DN = /CN=a\n DN += /CN=b\n }\n }\n}\n")
put(cfg, "crlf", "Registry\r\n{\r\n  VO = ctao\r\n}\r\n")

total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(OUT) for f in fs)
print(f"corpus: {sum(len(fs) for _, _, fs in os.walk(OUT))} files, {total} bytes")
