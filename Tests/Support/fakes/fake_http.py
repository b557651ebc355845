"""HTTP plumbing shared by the fake network servers (stdlib only)."""

from http.server import BaseHTTPRequestHandler


class FakeHandler(BaseHTTPRequestHandler):
    """HTTP/1.1 with keep-alive (as the clients Herald uses expect), silent, with the request body read whole."""

    protocol_version = "HTTP/1.1"
    state = None

    def log_message(self, format, *args):
        pass

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""
