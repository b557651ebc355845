"""Fault injection shared by the Mastodon and Bluesky fakes (stdlib only).

A test posts faults to `POST /_control/faults` as a JSON list of objects:
  {"path": "/api/v1/statuses", "kind": "status", "code": 503, "count": 1, "after": 0}
- path:  the request path the fault applies to (query string ignored)
- kind:  "status"    answer `code` with an error body; nothing is created
         "ratelimit" answer 429 with rate-limit headers resetting in `reset_in` seconds; nothing is created
         "slow"      handle the request normally (it IS created), then wait `delay` seconds before answering
         "drop"      handle the request normally (it IS created), then close the connection without answering
- count: how many matching requests it hits (default 1)
- after: how many matching requests pass untouched first (default 0)
"""

import signal
import threading


def reset_signals():
    """Undo what the test runner may have passed down: a process spawned from a thread that blocks signals
    inherits that mask, and would then ignore the SIGTERM that is meant to stop it."""
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(number, signal.SIG_DFL)


class FaultPlan:
    def __init__(self):
        self._lock = threading.Lock()
        self._faults = []

    def add(self, faults):
        with self._lock:
            for fault in faults:
                entry = dict(fault)
                entry.setdefault("count", 1)
                entry.setdefault("after", 0)
                if entry.get("kind") not in ("status", "ratelimit", "slow", "drop"):
                    raise ValueError("unknown fault kind %r" % entry.get("kind"))
                self._faults.append(entry)

    def clear(self):
        with self._lock:
            self._faults = []

    def take(self, path):
        """The fault that hits this request, if any (consumes one use of it)."""
        return self.take_matching(lambda fault_path: fault_path == path)

    def take_matching(self, matches):
        """The first fault whose path `matches(path)` accepts (consumes one use of it)."""
        with self._lock:
            for fault in self._faults:
                if not matches(fault["path"]) or fault["count"] <= 0:
                    continue
                if fault["after"] > 0:
                    fault["after"] -= 1
                    return None
                fault["count"] -= 1
                return dict(fault)
        return None
