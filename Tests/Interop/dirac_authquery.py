"""DIRAC's own verdict: DIRAC 9.1.22's AuthManager.authQuery run against a Registry given as CFG text.

Reads {"cfg": CFG text, "method": name, "queries": [credDict, ...]} as JSON on stdin; prints one JSON list of
{"allowed": bool, "group": ..., "username": ...} on stdout, in the queries' order. Runs in its own process because
DIRAC's configuration is process-global. The service's authorisation is DIRAC's default for catalog methods
(`Default = authenticated`).
"""
import json
import sys

from diraccfg import CFG

from DIRAC.ConfigurationSystem.Client.ConfigurationData import gConfigurationData

SECTION = "/Systems/DataManagement/Services/FileCatalog/Authorization"


def main():
    request = json.load(sys.stdin)
    # One entry per line: diraccfg ignores what follows an option on its line, closing braces included.
    authorization = "\n".join(["Systems {", "DataManagement {", "Services {", "FileCatalog {", "Authorization {",
                               "Default = authenticated", "}", "}", "}", "}", "}"])
    cfg = CFG().loadFromBuffer(request["cfg"] + "\n" + authorization + "\n")
    gConfigurationData.mergeWithLocal(cfg)
    from DIRAC.Core.DISET.AuthManager import AuthManager

    out = []
    for query in request["queries"]:
        # A fresh AuthManager per query: DIRAC 9.1.22 caches getUsernameForDN by DN alone for 60 s
        # (AuthManager._cache_getUsernameForDN), so once a DN has passed in one group, the same process admits it in
        # any group it claims until the entry expires. The gateway checks membership on every call, as DIRAC means to.
        manager = AuthManager(SECTION)
        cred = dict(query)
        if isinstance(cred.get("extraCredentials"), list):
            cred["extraCredentials"] = tuple(cred["extraCredentials"])
        allowed = bool(manager.authQuery(request["method"], cred))
        out.append({"allowed": allowed, "group": cred.get("group"), "username": cred.get("username")})
    print(json.dumps(out))


if __name__ == "__main__":
    main()
