#!/usr/bin/env python3
"""A loopback webhook receiver for Herald's notification tests (stdlib only). It checks each delivery's
signature with Python's own hmac module, independently of Herald's code.

Usage: fake_webhook.py SECRET
Prints the port it listens on (127.0.0.1) as the first line of stdout, and nothing else there.

Deliveries:
  POST any path other than /_control/...
      401 when X-Herald-Signature is not "sha256=" + the hex HMAC-SHA256 of the raw body keyed with SECRET;
      otherwise 500 while failures are pending (see /_control/fail), else 200 and the delivery is received.
Control (no auth):
  POST /_control/fail      {"count": N}: the next N correctly signed deliveries are answered 500
  POST /_control/secret    {"secret": "..."}: verify with this secret from now on
  GET  /_control/received  {"received": [every delivery answered 200, as parsed JSON, in order, duplicates
                            included], "attempts": [{"delivery", "event", "status"} for every request]}
"""

import hashlib
import hmac
import json
import sys
import threading

from fake_http import FakeHandler, serve
from fault_plan import reset_signals


class State:
    def __init__(self, secret):
        self.lock = threading.Lock()
        self.secret = secret
        self.failures = 0
        self.received = []
        self.attempts = []


class Handler(FakeHandler):
    def do_GET(self):
        if self.path == "/_control/received":
            with self.state.lock:
                body = {"received": list(self.state.received), "attempts": list(self.state.attempts)}
            return self.reply(200, json.dumps(body).encode("utf-8"))
        self.reply(404, b"{}")

    def do_POST(self):
        body = self.read_body()
        if self.path == "/_control/fail":
            with self.state.lock:
                self.state.failures = int(json.loads(body)["count"])
            return self.reply(200, b"{}")
        if self.path == "/_control/secret":
            with self.state.lock:
                self.state.secret = json.loads(body)["secret"]
            return self.reply(200, b"{}")
        with self.state.lock:
            expected = "sha256=" + hmac.new(self.state.secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
            signature = self.headers.get("X-Herald-Signature") or ""
            if not hmac.compare_digest(expected, signature):
                status = 401
            elif self.state.failures > 0:
                self.state.failures -= 1
                status = 500
            else:
                status = 200
                self.state.received.append(json.loads(body))
            self.state.attempts.append({"delivery": self.headers.get("X-Herald-Delivery"),
                                        "event": self.headers.get("X-Herald-Event"), "status": status})
        self.reply(status, b"{}" if status == 200 else b"{\"error\": \"refused\"}")

    def reply(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main():
    reset_signals()
    Handler.state = State(sys.argv[1])
    serve(Handler)


if __name__ == "__main__":
    sys.exit(main())
