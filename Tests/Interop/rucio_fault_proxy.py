"""A switchable HTTP proxy in front of the real Rucio peer, to put the faults the gateway must survive between
them: Rucio unreachable or killed, Rucio (or a front in front of it) answering 500/502/503, answers held back,
connections reset, a request body or an answer cut mid-stream, and a write that Rucio performed but whose answer
never arrived.

    proxy = FaultProxy("http://127.0.0.1:18080").start()
    proxy.fault = Fault("POST", "/replicas/list", "cut")      # None passes everything
    proxy.fault = Fault("POST", "/dirac/addfiles$", "500-json", after=1)   # the 2nd and later matching requests
    proxy.go_down() / proxy.come_back()                        # connection refused, then the same port again

Actions (`Fault.action`):

| action | what the gateway sees | did Rucio do it? |
| --- | --- | --- |
| `500` | 500 with a plain HTML page (an unhandled exception behind a web front) | no |
| `500-json` | 500 as Rucio answers it: `DatabaseException` in the JSON body and the `ExceptionClass` headers | no |
| `502` | 502 with the HTML page of an nginx front whose upstream is gone | no |
| `503` | 503 as Rucio answers a full database pool (`DatabaseException`, "too many requests") | no |
| `503-html` | 503 with an HTML "Service Unavailable" page of a front | no |
| `delay` | the answer, held back `seconds` first (a timeout when that exceeds the gateway's) | yes |
| `reset` | the connection reset (TCP RST: SO_LINGER 0, then close) once the request is read | no |
| `reset-after` | the same, after Rucio answered | yes |
| `cut` | the status line, headers and half of Rucio's answer body, then the connection closed | yes |
| `cut-request` | the connection reset after half of the request body was read | no |
| `drop-answer` | the connection closed without any answer | yes |
| `kill` | Rucio killed: this request and every open connection reset, the port closed (refused) until `come_back()` | no |

`after` skips that many matching requests first (so a batch fails part-way), `times` limits how many get the
fault. `method` may be `*`; `path_prefix` is a regular expression matched at the start of the request's path and
query (`/replicas$` is exactly `/replicas`, not `/replicas/list`).
"""
import http.client
import re
import socket
import struct
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

RUCIO_500 = ("DatabaseException", "An unknown Database Exception has occurred.")
RUCIO_503 = ("DatabaseException", "Currently there are too many requests for the Rucio servers to handle. "
                                  "Please try again in a few minutes.")
HTML_500 = b"<html><body>Internal Server Error</body></html>"
HTML_502 = (b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1>"
            b"</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")
HTML_503 = (b'<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>503 Service Unavailable'
            b"</title>\n</head><body>\n<h1>Service Unavailable</h1>\n<p>The server is temporarily unable to service "
            b"your request due to maintenance downtime or capacity problems. Please try again later.</p>\n"
            b"</body></html>\n")
ACTIONS = {"500", "500-json", "502", "503", "503-html", "delay", "reset", "reset-after", "cut", "cut-request",
           "drop-answer", "kill"}


@dataclass
class Fault:
    method: str
    path_prefix: str
    action: str
    times: int = 1_000_000  # how many matching requests get the fault
    after: int = 0  # matching requests let through untouched first
    seconds: float = 0.0  # for "delay": how long the answer is held

    def __post_init__(self):
        assert self.action in ACTIONS, f"unknown fault action {self.action}"
        self._pattern = re.compile(self.path_prefix)

    def matches(self, method, path):
        return self.method in ("*", method) and self._pattern.match(path) is not None

    def take(self, method, path):
        """Whether this request gets the fault (counts it)."""
        if self.times <= 0 or not self.matches(method, path):
            return False
        if self.after > 0:
            self.after -= 1
            return False
        self.times -= 1
        return True


def reset(sock):
    """Closes with a TCP RST (SO_LINGER on, 0 s), as a crashed peer or a killed process's kernel does."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    try:
        sock.close()
    except OSError:
        pass


class FaultProxy:
    def __init__(self, target):
        parts = urlsplit(target)
        self.target_host, self.target_port = parts.hostname, parts.port or 80
        self.fault = None
        self.hits = []  # (method, path, action) of the requests that got the fault
        self.requests = []  # (time, method, path, status or action) of every request
        self.port = None
        self.server = None
        self.down = False
        self.lock = threading.Lock()
        self.connections = set()
        self.in_flight = 0
        self.last_activity = time.time()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def wait_idle(self, quiet=2.0, limit=180.0):
        """Waits until no request has been in progress for `quiet` seconds (a call the client gave up on may
        still be running in the gateway); returns whether that happened within `limit` seconds."""
        deadline = time.time() + limit
        while time.time() < deadline:
            with self.lock:
                idle = self.in_flight == 0 and time.time() - self.last_activity >= quiet
            if idle:
                return True
            time.sleep(0.2)
        return False

    def heal(self):
        """No fault any more, and listening again if a fault or `go_down` took the port away."""
        with self.lock:
            self.fault = None
        if self.down:
            self.come_back()

    def start(self):
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def setup(self):
                super().setup()
                with proxy.lock:
                    proxy.connections.add(self.connection)

            def finish(self):
                try:
                    super().finish()
                except OSError:
                    pass
                with proxy.lock:
                    proxy.connections.discard(self.connection)

            def record(self, outcome):
                with proxy.lock:
                    proxy.requests.append((time.time(), self.command, self.path, outcome))

            def reply(self, status, body, content_type="text/html", headers=()):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                for key, value in headers:
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def rucio_error(self, status, exception):
                import json

                cls, message = exception
                self.reply(status, json.dumps({"ExceptionClass": cls, "ExceptionMessage": message}).encode(),
                           "application/octet-stream", [("ExceptionClass", cls), ("ExceptionMessage", message)])

            def abort(self):
                self.close_connection = True
                reset(self.connection)

            def handle_any(self):
                with proxy.lock:
                    proxy.in_flight += 1
                    proxy.last_activity = time.time()
                try:
                    self.handle_request()
                finally:
                    with proxy.lock:
                        proxy.in_flight -= 1
                        proxy.last_activity = time.time()

            def handle_request(self):
                with proxy.lock:
                    fault = proxy.fault if proxy.fault and proxy.fault.take(self.command, self.path) else None
                    if fault:
                        proxy.hits.append((self.command, self.path, fault.action))
                action = fault.action if fault else None
                length = int(self.headers.get("Content-Length") or 0)
                if action == "cut-request":
                    if length > 1:
                        self.rfile.read(length // 2)
                    self.record(action)
                    self.abort()  # unread bytes in the receive buffer: the kernel resets the connection
                    return
                body = self.rfile.read(length) if length else None
                if action:
                    self.record(action)
                if action == "kill":
                    proxy.kill()  # the port closed and every open connection reset, this one included
                    self.abort()
                    return
                if action == "reset":
                    self.abort()
                    return
                if action == "500":
                    return self.reply(500, HTML_500)
                if action == "500-json":
                    return self.rucio_error(500, RUCIO_500)
                if action == "502":
                    return self.reply(502, HTML_502)
                if action == "503":
                    return self.rucio_error(503, RUCIO_503)
                if action == "503-html":
                    return self.reply(503, HTML_503, headers=[("Retry-After", "120")])
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection", "expect")}
                try:
                    upstream = http.client.HTTPConnection(proxy.target_host, proxy.target_port, timeout=300)
                    upstream.request(self.command, self.path, body=body, headers=headers)
                    answer = upstream.getresponse()
                    data = answer.read()
                    upstream.close()
                except OSError:
                    self.record("upstream-failed")
                    self.abort()
                    return
                if not action:
                    self.record(answer.status)
                if action == "delay":
                    time.sleep(fault.seconds)
                if action in ("drop-answer", "reset-after"):
                    if action == "drop-answer":
                        self.close_connection = True
                        self.connection.shutdown(socket.SHUT_RDWR)
                    else:
                        self.abort()
                    return
                self.send_response(answer.status)
                for key, value in answer.getheaders():
                    if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(max(len(data), 1) if action == "cut" else len(data)))
                self.end_headers()
                if action == "cut":
                    self.wfile.write(data[: len(data) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = handle_any

        class Server(ThreadingHTTPServer):
            allow_reuse_address = True
            daemon_threads = True

            def handle_error(self, request, client_address):
                pass  # a client that went away (timed out) while an answer was held: expected here

        self.server = Server(("127.0.0.1", self.port or 0), Handler)
        self.port = self.server.server_address[1]
        self.down = False
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def go_down(self):
        """Stop listening: connections are refused, as with a Rucio server that is down."""
        self.down = True
        self.server.shutdown()
        self.server.server_close()

    def kill(self):
        """Rucio killed: the port closed (connections refused), then every open connection reset."""
        if not self.down:
            self.go_down()  # from a handler thread: serve_forever runs in its own
        with self.lock:
            open_connections = list(self.connections)
        for sock in open_connections:
            try:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def come_back(self):
        self.start()

    def stop(self):
        if self.server and not self.down:
            self.server.shutdown()
            self.server.server_close()
