"""A switchable HTTP proxy in front of the real Rucio peer, to put the faults the gateway must survive between
them: Rucio unreachable, Rucio answering 500, a response stream cut mid-way, and a write that Rucio performed
but whose answer never arrived.

    proxy = FaultProxy("http://127.0.0.1:18080").start()
    proxy.fault = Fault("POST", "/replicas/list", "cut")   # or "500", "drop-answer"; None passes everything
    proxy.go_down() / proxy.come_back()                      # connection refused, then the same port again
"""
import http.client
import socket
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass
class Fault:
    method: str
    path_prefix: str
    action: str  # "500": answer 500 without asking Rucio; "cut": half of Rucio's answer, then close;
    #              "drop-answer": let Rucio do it, then close without answering
    times: int = 1_000_000  # how many matching requests get the fault

    def matches(self, method, path):
        return self.times > 0 and method == self.method and path.startswith(self.path_prefix)


class FaultProxy:
    def __init__(self, target):
        parts = urlsplit(target)
        self.target_host, self.target_port = parts.hostname, parts.port or 80
        self.fault = None
        self.hits = []
        self.port = None
        self.server = None
        self.lock = threading.Lock()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def handle_any(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                with proxy.lock:
                    fault = proxy.fault if proxy.fault and proxy.fault.matches(self.command, self.path) else None
                    if fault:
                        fault.times -= 1
                        proxy.hits.append((self.command, self.path, fault.action))
                if fault and fault.action == "500":
                    text = b"<html><body>Internal Server Error</body></html>"
                    self.send_response(500)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", str(len(text)))
                    self.end_headers()
                    self.wfile.write(text)
                    return
                upstream = http.client.HTTPConnection(proxy.target_host, proxy.target_port, timeout=120)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
                upstream.request(self.command, self.path, body=body, headers=headers)
                answer = upstream.getresponse()
                data = answer.read()
                upstream.close()
                if fault and fault.action == "drop-answer":
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                self.send_response(answer.status)
                for key, value in answer.getheaders():
                    if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if fault and fault.action == "cut":
                    self.wfile.write(data[: max(1, len(data) // 2)])
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = handle_any

        class Server(ThreadingHTTPServer):
            allow_reuse_address = True
            daemon_threads = True

        self.server = Server(("127.0.0.1", self.port or 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def go_down(self):
        """Stop listening: connections are refused, as with a Rucio server that is down."""
        self.server.shutdown()
        self.server.server_close()

    def come_back(self):
        self.start()

    def stop(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()
