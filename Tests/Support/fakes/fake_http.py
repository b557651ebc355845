"""HTTP plumbing shared by the fake network servers (stdlib only)."""

import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def serve(handler):
    """Serves `handler` on 127.0.0.1 at a port the kernel picks, printed as the first line of stdout for the
    test that started the fake, until the fake is killed."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()


class FakeHandler(BaseHTTPRequestHandler):
    """HTTP/1.1 with keep-alive (as the clients Herald uses expect), silent, with the request body read whole."""

    protocol_version = "HTTP/1.1"
    state = None

    def log_message(self, format, *args):
        pass

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def answer_after_fault(self, fault, send):
        """Answers with `send()` after a `slow` fault's delay, or not at all after a `drop` fault (the request was
        handled: its effect stays). A client that went away meanwhile is not an error."""
        if fault is not None and fault["kind"] == "slow":
            time.sleep(fault.get("delay", 5))
        if fault is not None and fault["kind"] == "drop":
            self.close_connection = True
            try:
                self.connection.shutdown(2)
            except OSError:
                pass
            return
        try:
            send()
        except OSError:
            pass
