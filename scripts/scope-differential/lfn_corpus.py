"""The inputs of the scope differential test: a few thousand DID strings, made deterministically.

`corpus(seed)` returns the same list, in the same order, for the same seed on any CPython 3.9+:
it only uses `random.Random(seed)` methods whose algorithms are stable across versions (`random`,
`randint`, `choice`) and never iterates a set (string hashing is randomised per process).

Groups, each meant to hit a different part of the algorithms:

* vectors    -- the policy package's own test vectors and the documented edge cases
* ctao       -- realistic CTAO LFNs (ACADA DL0, LST/MST raw, MC productions, DL1-DL3, tests)
* user       -- DIRAC home directories /<vo>/user/<u>/<username>/..., and near misses
* scoped     -- `scope:lfn` forms, right and wrong scopes, empty scopes, several colons
* edges      -- trailing and doubled slashes, /, /<vo>, relative paths, dots, whitespace
* unicode    -- non-ASCII and control characters, including ones where Python's code point
                semantics differ from Swift's grapheme/canonical-equivalence semantics
* long       -- names around and beyond the 250-character NAME limit, scopes around 25
* atlas      -- inputs shaped for Rucio's `def` algorithm (scope.name, user.x.y, scope:name)
* fuzz       -- random concatenations of the tokens that matter (/, :, user, ., letters, ...)

Every unicode character used is assigned in Unicode 6.0 or earlier, so Python's `repr` (which
escapes unassigned code points) gives the same text on any Python and on Swift's runtime.
"""

from __future__ import annotations

import random

DEFAULT_SEED = 20260917

VOS = ["ctao", "ctao.dpps.test", "ctao.org", "vo.cta.in2p3.fr", "example.namespace", "lhcb", "belle"]
CTAO_SCOPES = [
    "acada", "testdata", "tests", "dpps", "MC", "LSTN-01", "MSTN-02", "SSTS-01", "DL0", "data",
    "t_20260101_120000_ab12", "t_20251231_235959_ffff", "root", "user", "users", "User",
]
TELESCOPES = ["LSTN-01", "LSTN-02", "MSTN-01", "MSTS-03", "SSTS-11", "SUBARRAY"]
LEVELS = ["DL0", "DL1", "DL2", "DL3", "R1"]
USERNAMES = [
    "aeinstein", "efermi", "mcurie", "jdoe", "a", "bob", "alice.smith", "o_brien", "x-ray",
    "averyveryverylongname", "twentycharacterslong", "twentyonecharacterslo",
    "UPPERCASE", "user", "root", "n0body", "a.b.c",
]
EXTENSIONS = [".fits.fz", ".fits", ".h5", ".simtel.zst", ".zst", ".dat", ".log", ".tar.gz", ""]

# Characters for the unicode group. Each is assigned since Unicode 6.0 or earlier.
UNICODE_CHARS = [
    "\u00e9",            # é precomposed
    "e\u0301",           # e + COMBINING ACUTE ACCENT (canonically equivalent to é)
    "\u0301",            # a lone combining mark: after "/" it forms one Swift Character with it
    "\u0338",            # COMBINING LONG SOLIDUS OVERLAY
    "\u212a",            # KELVIN SIGN, canonically equivalent to "K"
    "\u212b",            # ANGSTROM SIGN, canonically equivalent to "Å"
    "\u2126",            # OHM SIGN, canonically equivalent to "Ω"
    "\uff0f",            # FULLWIDTH SOLIDUS
    "\uff1a",            # FULLWIDTH COLON
    "\u2215",            # DIVISION SLASH
    "\u2044",            # FRACTION SLASH
    "\u00a0",            # NO-BREAK SPACE (Zs: escaped by repr)
    "\u3000",            # IDEOGRAPHIC SPACE (Zs)
    "\u200b",            # ZERO WIDTH SPACE (Cf)
    "\u200d",            # ZERO WIDTH JOINER (Cf)
    "\u200f",            # RIGHT-TO-LEFT MARK (Cf)
    "\u00ad",            # SOFT HYPHEN (Cf)
    "\ufeff",            # BYTE ORDER MARK (Cf)
    "\u2028",            # LINE SEPARATOR (Zl)
    "\u2029",            # PARAGRAPH SEPARATOR (Zp)
    "\ue000",            # private use (Co)
    "\U000f0000",        # supplementary private use (Co)
    "\U0001f600",        # 😀
    "\U0001f1e8\U0001f1ed",  # regional indicators (a flag)
    "\u671b",            # CJK
    "\u0394\u03b9\u03c1\u03b1\u03ba",  # Greek
    "\u0436",            # Cyrillic
    "\u05d0",            # Hebrew (right-to-left)
    "\u017f",            # LATIN SMALL LETTER LONG S (compatibility, not canonical, equivalent to s)
    "\u0131",            # dotless i
    "\ufb01",            # ﬁ ligature
    "\u00df",            # ß
    "\u0000",            # NUL
    "\u0001",
    "\u001f",
    "\t", "\n", "\r", "\r\n",
    "\u007f",            # DEL
    "\u0085",            # NEXT LINE (Cc)
    "\u009f",
    "'", "\"", "'\"", "\\", "`",
    " ", "%20", "+", "@", "=", ",", "~", "%", "#", "$", "&", "*", "?", "!", ";", "|",
]


def _dedupe(items):
    seen = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)


def _vectors():
    long_lfn = (
        "/ctao/test/telescope/TEL001/events/2024/06/17/"
        "TEL001_SDH001_20240617T030105_SBID2000012345_OBSID2000006789_TEL_SHOWER_CHUNK000.fits.fz"
    )
    return [
        # ctao-bdms-rucio-policy 0.6.0 tests/test_algorithms.py
        "/ctao.org/foo/foo.dat", "/ctao.org/bar/test.dat", long_lfn, "/ctao.dpps.test/",
        "/ctao.dpps.test", "/", "foo:/ctao.org/foo/foo.dat", "bar:/ctao.org/bar/foo.dat",
        "/ctao.org/user", "/ctao.org/user/a", "/ctao.org/user/e", "/ctao.org/user/a/aeinstein",
        "/ctao.org/user/e/efermi", "/ctao.org/user/a/aeinstein/example_file.fits",
        "/ctao.org/user/e/efermi/some/deep/example/file.h5",
        "test:foo.dat", "test/bar/baz", "foo:/ctao.org/bar/test.dat", "foo:/ctao.org/",
        # tests/test_schema.py
        "/ctao.dpps.test/foo/bar/test.dat", "/ctao.dpps.test/foo/bar/1234.dat", "/foo/bar",
        "/foo/bar/test.dat", long_lfn.replace("/test/", "/dl0/"), "foo", "foo.dat",
        long_lfn.replace("/test/", "/dl0/")[1:],
        # documented edge cases of the algorithm
        "/ctao/foo:bar/x", "b:/ctao/b/x:y", "a:b:/ctao/b/x", ":/ctao/foo/x", "root:/ctao", "root:/",
        "//ctao//foo//x", "/ctao/foo/", "/ctao/user/a/aeinstein/", "/ctao/user/b/aeinstein/x",
        "/ctao/users/a/b", "", "ctao/x",
        # dirac algorithm examples
        "/vo/data/x", "/vo/user/a/alice/f", "/vo",
        "/ctao/MC/PROD6/LaPalma/gamma/sim_telarray/0001/gamma_run1.simtel.zst", "/ctao",
        # the gateway's own examples
        "/ctao/LSTN-01/DL0/2025/06/17/LST-1.1.Run12345.0000.fits.fz", "/ctao/a b",
    ]


def _ctao(rng: random.Random):
    out = []
    for _ in range(1400):
        vo = rng.choice(VOS[:5]) if rng.random() < 0.9 else rng.choice(VOS)
        kind = rng.randint(0, 5)
        year, month, day = rng.randint(2019, 2027), rng.randint(1, 12), rng.randint(1, 28)
        tel = rng.choice(TELESCOPES)
        run = rng.randint(1, 99999)
        if kind == 0:  # ACADA DL0 ingestion layout
            path = (
                f"/{vo}/acada/{rng.choice(LEVELS)}/{tel}/{rng.choice(['lstcam', 'nectarcam', 'chec', 'flashcam'])}/"
                f"events/{year:04d}/{month:02d}/{day:02d}/"
                f"{tel}_SDH{rng.randint(1, 4):03d}_{year:04d}{month:02d}{day:02d}T{rng.randint(0, 23):02d}"
                f"{rng.randint(0, 59):02d}{rng.randint(0, 59):02d}_SBID{rng.randint(0, 10**10):010d}"
                f"_OBSID{rng.randint(0, 10**10):010d}_TEL_SHOWER_CHUNK{rng.randint(0, 999):03d}.fits.fz"
            )
        elif kind == 1:  # per-telescope raw data
            path = (
                f"/{vo}/{tel}/{rng.choice(LEVELS)}/{year:04d}/{month:02d}/{day:02d}/"
                f"LST-1.1.Run{run:05d}.{rng.randint(0, 200):04d}{rng.choice(EXTENSIONS)}"
            )
        elif kind == 2:  # Monte Carlo productions
            path = (
                f"/{vo}/MC/PROD{rng.randint(3, 7)}/{rng.choice(['LaPalma', 'Paranal'])}/"
                f"{rng.choice(['gamma', 'gamma-diffuse', 'proton', 'electron'])}/"
                f"{rng.choice(['sim_telarray', 'corsika', 'ctapipe-process'])}/{rng.randint(0, 9999):04d}/"
                f"run{run}_{rng.choice(['gamma', 'proton'])}_za{rng.choice([20, 40, 60])}deg"
                f"{rng.choice(EXTENSIONS)}"
            )
        elif kind == 3:  # DPPS test scopes and DL1-DL3 products
            scope = rng.choice(CTAO_SCOPES[:12])
            depth = rng.randint(0, 6)
            dirs = "/".join(rng.choice(["dl1", "dl2", "dl3", "irf", "logs", "v0.1.0", "2025", "x"]) for _ in range(depth))
            path = f"/{vo}/{scope}/{dirs}/file_{rng.randint(0, 10**6)}{rng.choice(EXTENSIONS)}".replace("//", "/")
        elif kind == 4:  # directories (what DIRAC's addFile walks up through)
            parts = [vo, rng.choice(CTAO_SCOPES), rng.choice(LEVELS), f"{year:04d}", f"{month:02d}"]
            path = "/" + "/".join(parts[: rng.randint(1, len(parts))])
            if rng.random() < 0.3:
                path += "/"
        else:  # the first element is not a VO name at all
            path = f"/{rng.choice(CTAO_SCOPES)}/{rng.choice(VOS)}/{rng.choice(LEVELS)}/f{run}.dat"
        out.append(path)
    return out


def _user(rng: random.Random):
    out = []
    for _ in range(650):
        vo = rng.choice(VOS)
        name = rng.choice(USERNAMES)
        letter = name[0] if rng.random() < 0.8 else rng.choice("abcxyz")
        home = rng.choice(["user", "user", "user", "users", "User", "USER", "user.x", "home"])
        tail = "/".join(rng.choice(["data", "run1", "out.h5", "a", "b.fits", ""]) for _ in range(rng.randint(0, 4)))
        shape = rng.randint(0, 7)
        if shape == 0:
            lfn = f"/{vo}/{home}"
        elif shape == 1:
            lfn = f"/{vo}/{home}/{letter}"
        elif shape == 2:
            lfn = f"/{vo}/{home}/{letter}/{name}"
        elif shape == 3:
            lfn = f"/{vo}/{home}/{letter}/{name}/{tail}"
        elif shape == 4:  # doubled slashes shift nothing: empty elements are dropped
            lfn = f"/{vo}//{home}//{letter}//{name}//{tail}"
        elif shape == 5:  # no letter element: the username is taken from the wrong place
            lfn = f"/{vo}/{home}/{name}/{tail}"
        elif shape == 6:
            lfn = f"/{vo}/{home}/{letter}/{name}/"
        else:
            lfn = f"/{home}/{letter}/{name}/{tail}"
        if rng.random() < 0.15:
            lfn += "/" * rng.randint(1, 3)
        out.append(lfn)
    return out


def _scoped(rng: random.Random, pool):
    out = []
    for _ in range(900):
        lfn = rng.choice(pool)
        shape = rng.randint(0, 9)
        parts = [p for p in lfn.split("/") if p]
        guessed = parts[1] if len(parts) > 1 else "root"
        if len(parts) > 3 and parts[1] == "user":
            guessed = "user." + parts[3]
        if shape <= 2:
            out.append(f"{guessed}:{lfn}")  # the right scope
        elif shape == 3:
            out.append(f"{rng.choice(CTAO_SCOPES + ['user.bob', 'root', 'ROOT'])}:{lfn}")
        elif shape == 4:
            out.append(f":{lfn}")
        elif shape == 5:
            out.append(f"{rng.choice(['a', guessed])}:{rng.choice(['b', guessed])}:{lfn}")
        elif shape == 6:  # a colon inside the path
            cut = rng.randint(0, len(lfn))
            out.append(lfn[:cut] + ":" + lfn[cut:])
        elif shape == 7:
            out.append(f"{lfn}:")
        elif shape == 8:
            out.append(f"{guessed}:{lfn.lstrip('/')}")
        else:
            out.append(f"{guessed} :{lfn}" if rng.random() < 0.5 else f"{guessed}: {lfn}")
    out += [":", "::", ":/", "/:", "a:", ":a", "a:b", "a:/", "root:", "root::/", "user.bob:/ctao/user/b/bob/x",
            "user.bob:/ctao/user/b/bob", "user.:/ctao/user/b/", "user:/ctao/user", "root:/ctao/user/a",
            "ctao:/ctao", "/ctao:/ctao/x", "scope:name", "mc16_13TeV:mc16_13TeV.123.EVNT.pool.root"]
    return out


def _edges():
    out = ["/", "//", "///", "/ctao", "/ctao/", "/ctao//", "//ctao", "//ctao/", "/ctao///x", "///ctao///x///",
           "ctao", "ctao/", "ctao/x", "ctao/x/y", "./ctao/x", "../ctao/x", "/./x", "/../x", "/ctao/./x",
           "/ctao/../x", "/ctao/x/..", "/.", "/..", "/.x", "/-x", "/_x", "/x.", "/x-", "/x_", " /ctao/x",
           "/ctao/x ", "/ctao /x", "\t/ctao/x", "/ctao/x\n", "/ctao/x\n\n", "\n", "/\n", "/c\n", "x\n",
           "/ctao/\n/x", "/ctao/x\r", "/ctao/x\r\n", "/ctao/x/\n", "/\u00e9", "/0", "/0/1", "/0/1/2",
           "/A", "/Z/z", "/ctao/x/y/z/", "/ctao/x//", "/ctao/x/" * 2, "/ctao/user/", "/ctao/user//",
           "/ctao/user/a/", "/ctao/user/a//", "/ctao/user/a/b", "/ctao/user/a/b/",
           "/ctao/user/a/b//", "/ctao/user///b", "/user/a/b/c", "/user", "//user//a//b//c"]
    for vo in VOS:
        out += [f"/{vo}", f"/{vo}/", f"/{vo}/x", f"/{vo}/x/", f"/{vo}/x/y", f"{vo}/x/y", f"//{vo}//x"]
    for n in range(1, 6):
        out.append("/" * n + "ctao" + "/" * n + "x" + "/" * n)
    return out


def _unicode(rng: random.Random, pool):
    out = []
    for char in UNICODE_CHARS:
        out += [f"/ctao/{char}/x", f"/ctao/x{char}", f"/{char}", f"{char}/ctao/x", f"/ctao/{char}",
                f"{char}:/ctao/x/y", f"/ctao/user/a/{char}/f", f"/{char}/x/y", f"x{char}y:/ctao/x{char}y/z"]
    # scope strings canonically equivalent (Swift ==) but not equal (Python ==) to the path's
    out += ["\u212a:/ctao/K/x", "K:/ctao/\u212a/x", "\u00e9:/ctao/e\u0301/x", "e\u0301:/ctao/\u00e9/x",
            "\u00e9:/ctao/\u00e9/x", "user.\u212a:/ctao/user/k/K/x", "user.K:/ctao/user/k/K/x",
            "/ctao/\u0301x", "/\u0301/ctao/x", "/ctao/\u0301/x", "/ctao\u0301/x/y", ":\u0301/ctao/x",
            "x:\u0301/ctao/x", "/ctao/us\u0065\u0301r/x", "/ctao/user\u0301/a/b/c", "/ctao/user/a/b\u0301/c"]
    for _ in range(700):
        lfn = rng.choice(pool)
        char = rng.choice(UNICODE_CHARS)
        cut = rng.randint(0, len(lfn))
        out.append(lfn[:cut] + char + lfn[cut:])
    return out


def _long(rng: random.Random):
    out = []
    for total in [240, 248, 249, 250, 251, 252, 260, 300, 500, 1000]:
        for vo in ["ctao", "vo.cta.in2p3.fr"]:
            prefix = f"/{vo}/{rng.choice(CTAO_SCOPES[:8])}/"
            out.append(prefix + "a" * (total - len(prefix)))
            out.append((prefix + ("d" * 40 + "/") * 30)[:total])
            out.append((prefix + "x" * (total - len(prefix)))[:total - 1] + "/")
    for length in [19, 20, 21, 22, 25, 30, 64]:
        user = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(length))
        out += [f"/ctao/user/{user[0]}/{user}/f.dat", f"/ctao/{user}/f.dat", f"{user}:/ctao/{user}/x"]
    for length in [24, 25, 26]:
        scope = "s" * length
        out += [f"/ctao/{scope}/x", f"/ctao/{scope}\n/x"]
    for _ in range(150):
        depth = rng.randint(1, 60)
        out.append("/" + "/".join(
            "".join(rng.choice("abcXYZ0189._-") for _ in range(rng.randint(1, 12))) for _ in range(depth)))
    return out


def _atlas(rng: random.Random):
    out = ["user.jdoe:user.jdoe.test.file", "user.jdoe.test.file", "group.phys-higgs.x.y", "group", "user",
           "usera", "groupb.c", "user.", "user..x", ".user", "data18_13TeV.00348885.physics_Main.DAOD",
           "data18_13TeV.00348885/", "data18_13TeV/", "mc16_13TeV:mc16_13TeV.123.EVNT.pool.root",
           "mc16_13TeV:", ":mc16_13TeV", "a:b:c", "a::b", "a:b:", "user.jdoe:/", "scope:/ctao/x/",
           "x/", "x//", "/", ".", "..", "./", "user/", "user.jdoe/", "group.x/y.z/", "user\u212a.x",
           "us\u0065r.x.y", "user.\u00e9.x", "\u212a.x:y"]
    for _ in range(150):
        scope = rng.choice(["user.jdoe", "group.phys", "mc16_13TeV", "data18_13TeV", "tests", "user", "x"])
        name = ".".join(rng.choice(["a", "b1", "EVNT", "root", "user", "", "/x"]) for _ in range(rng.randint(1, 5)))
        shape = rng.randint(0, 3)
        if shape == 0:
            out.append(f"{scope}:{scope}.{name}")
        elif shape == 1:
            out.append(f"{scope}.{name}")
        elif shape == 2:
            out.append(f"{scope}.{name}/")
        else:
            out.append(f"{scope}:{name}:{rng.choice(['', 'x'])}")
    return out


FUZZ_TOKENS = ["/", "/", "/", ":", "user", "ctao", "a", "b", "K", ".", "-", "_", " ", "\u00e9", "e\u0301",
               "\u212a", "\n", "'", "\\", "//", "x.y", "root", "group", "0"]


def _fuzz(rng: random.Random):
    out = []
    for _ in range(1100):
        out.append("".join(rng.choice(FUZZ_TOKENS) for _ in range(rng.randint(0, 12))))
    return out


def corpus(seed: int = DEFAULT_SEED) -> list[str]:
    """All inputs, deduplicated, in a stable order."""
    rng = random.Random(seed)
    vectors = _vectors()
    ctao = _ctao(rng)
    user = _user(rng)
    pool = ctao + user
    return _dedupe(
        vectors + ctao + user + _scoped(rng, pool) + _edges() + _unicode(rng, pool) + _long(rng)
        + _atlas(rng) + _fuzz(rng)
    )


if __name__ == "__main__":
    items = corpus()
    print(len(items), "inputs,", sum(len(s) for s in items), "code points")
