"""A DIRAC Configuration Service for the tests, answering with DIRAC 9.1.22's own code.

DIRAC's Tornado server cannot run from PyPI (its TornadoServer needs DIRACGrid's patched tornado, where
`SSLIOStream` is configurable), so this peer puts DIRAC's own CS handler (`TornadoConfigurationHandler.
export_getCompressedDataIfNewer`, `export_getVersion`, `export_getCompressedData`) and its master's data object
(`gConfigurationData`: the CFG, `generateNewVersion`, `getCompressedData` = zlib of the CFG text) behind a plain
HTTPS server that speaks the Tornado RPC form as DIRAC's clients send it and answers in DIRAC's JEncode. Client
certificates are required and checked against the CA directory; the caller must send extraCredentials "hosts".

The CFG file is re-read when it changes, with a new version, as a CS master commits new data.
Usage: dirac_cs_peer.py CFG_FILE PORT CERT KEY CA_DIR REQUEST_LOG
"""
import collections
import collections.abc
import json
import os
import ssl
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from diraccfg import CFG

# The handler module imports tornado.web; PyPI's tornado 5.1.1 (DIRAC's pin) still reads the pre-3.10 aliases.
collections.MutableMapping = collections.abc.MutableMapping

from DIRAC import S_ERROR
from DIRAC.ConfigurationSystem.Client.ConfigurationData import gConfigurationData
from DIRAC.ConfigurationSystem.Service.TornadoConfigurationHandler import TornadoConfigurationHandler
from DIRAC.Core.Utilities import JEncode

CFG_FILE, PORT, CERT, KEY, CA_DIR, REQUEST_LOG = sys.argv[1:7]
LOCK = threading.Lock()
STATE = {"mtime": None}


class ServiceInterface:
    """What TornadoConfigurationHandler asks of its ServiceInterface (ServiceInterfaceBase does the same)."""

    @staticmethod
    def getVersion():
        return gConfigurationData.getVersion()

    @staticmethod
    def getCompressedConfigurationData():
        return gConfigurationData.getCompressedData()


class Handler:
    ServiceInterface = ServiceInterface


def load_if_changed():
    mtime = os.stat(CFG_FILE).st_mtime_ns
    if mtime != STATE["mtime"]:
        gConfigurationData.remoteCFG = CFG().loadFromFile(CFG_FILE)
        gConfigurationData.generateNewVersion()
        STATE["mtime"] = mtime


class RPC(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        form = {k: v[-1] for k, v in parse_qs(self.rfile.read(length).decode(), keep_blank_values=True).items()}
        method = form.get("method", "")
        args = json.loads(form.get("args", "[]"))
        with LOCK:
            load_if_changed()
            if json.loads(form.get("extraCredentials", "null") or "null") != "hosts":
                result = S_ERROR("the test CS serves hosts only (extraCredentials 'hosts')")
            elif method in ("getCompressedDataIfNewer", "getVersion", "getCompressedData"):
                result = getattr(TornadoConfigurationHandler, "export_" + method)(Handler(), *args)
            else:
                result = S_ERROR(f"{method} is not served by the test CS")
            with open(REQUEST_LOG, "a", encoding="utf-8") as log:
                log.write(json.dumps({"method": method, "args": args, "sentData": "data" in result.get("Value", {})
                                      if isinstance(result.get("Value"), dict) else None,
                                      "version": gConfigurationData.getVersion()}) + "\n")
        body = JEncode.encode(result).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def main():
    load_if_changed()
    server = ThreadingHTTPServer(("127.0.0.1", int(PORT)), RPC)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(CERT, KEY)
    context.verify_mode = ssl.CERT_REQUIRED
    context.load_verify_locations(capath=CA_DIR)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
