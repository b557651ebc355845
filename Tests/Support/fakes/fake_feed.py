#!/usr/bin/env python3
"""A loopback web server publishing RSS 2.0 and Atom feeds for Herald's tests, with HTTP caching as real servers do
it (strong ETags, Last-Modified, 304 Not Modified), redirects, and fault injection.

Usage: fake_feed.py
Prints the port it listens on (127.0.0.1) as the first line of stdout, and nothing else there.

Feeds:
  GET  PATH                  the feed set for PATH: 200 with the document, `ETag` (a strong tag of the body's
                             hash, quoted) and `Last-Modified` (when the document last changed, HTTP date);
                             304 without a body when `If-None-Match` names the current tag (it wins over
                             `If-Modified-Since`, RFC 9110 13.2.2) or, without `If-None-Match`, when
                             `If-Modified-Since` is at or after `Last-Modified`. Unknown paths -> 404.
                             A HEAD or any other method -> 405: Herald only ever GETs.
Control (no auth):
  POST /_control/feed        {"path": "/blog.xml", "format": "rss"|"atom", "title": "...", "validators": true,
                              "items": [{"guid", "title", "link", "summary", "published" (RFC 3339)}]}
                             sets the document at path (items in the given order; newest first is usual).
                             "raw": "<xml…>" serves that text instead. "validators": false sends neither ETag nor
                             Last-Modified. The document changes (and Last-Modified with it) only when its bytes do.
  POST /_control/redirect    {"from": "/old.xml", "to": "/blog.xml", "status": 301}
  POST /_control/faults      see fault_plan.py (kinds status, slow, drop; a status fault may carry
                             "retry_after": seconds)
  GET  /_control/requests    every feed request so far: [{"path", "if_none_match", "if_modified_since",
                             "user_agent", "status", "at" (when it arrived, seconds since the epoch)}]
"""

import calendar
import email.utils
import hashlib
import json
import sys
import threading
import time
from xml.sax.saxutils import escape, quoteattr

from fake_http import FakeHandler, serve
from fault_plan import FaultPlan, reset_signals


def rfc822(seconds):
    return email.utils.formatdate(seconds, usegmt=True)


def render(spec):
    if "raw" in spec:
        return spec["raw"].encode("utf-8")
    title = escape(spec.get("title", "Fake feed"))
    items = spec.get("items", [])
    if spec.get("format", "rss") == "atom":
        entries = []
        for item in items:
            parts = ["<entry>", "<id>%s</id>" % escape(item["guid"]),
                     "<title>%s</title>" % escape(item.get("title", ""))]
            if item.get("link"):
                parts.append("<link rel=\"alternate\" href=%s/>" % quoteattr(item["link"]))
            if item.get("summary"):
                parts.append("<summary type=\"html\">%s</summary>" % escape(item["summary"]))
            if item.get("published"):
                parts.append("<updated>%s</updated>" % escape(item["published"]))
            parts.append("</entry>")
            entries.append("".join(parts))
        text = ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"
                "<title>%s</title><id>urn:fake</id>\n%s\n</feed>\n" % (title, "\n".join(entries)))
    else:
        entries = []
        for item in items:
            parts = ["<item>", "<title>%s</title>" % escape(item.get("title", "")),
                     "<guid isPermaLink=\"false\">%s</guid>" % escape(item["guid"])]
            if item.get("link"):
                parts.append("<link>%s</link>" % escape(item["link"]))
            if item.get("summary"):
                parts.append("<description>%s</description>" % escape(item["summary"]))
            if item.get("published"):
                stamp = calendar.timegm(time.strptime(item["published"], "%Y-%m-%dT%H:%M:%SZ"))
                parts.append("<pubDate>%s</pubDate>" % rfc822(stamp))
            parts.append("</item>")
            entries.append("".join(parts))
        text = ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel><title>%s</title>"
                "<link>http://127.0.0.1/</link><description>fake</description>\n%s\n</channel></rss>\n"
                % (title, "\n".join(entries)))
    return text.encode("utf-8")


class State:
    def __init__(self):
        self.lock = threading.Lock()
        self.feeds = {}  # path -> {"body", "etag", "modified", "validators", "type"}
        self.redirects = {}
        self.requests = []
        self.faults = FaultPlan()

    def set_feed(self, spec):
        body = render(spec)
        kind = "application/atom+xml" if spec.get("format") == "atom" else "application/rss+xml"
        with self.lock:
            current = self.feeds.get(spec["path"])
            if current is not None and current["body"] == body:
                current["validators"] = spec.get("validators", True)
                return
            # Whole seconds, as HTTP dates are; a change within the same second still gets a new ETag.
            modified = int(time.time())
            if current is not None and modified <= current["modified"]:
                modified = current["modified"] + 1
            self.feeds[spec["path"]] = {
                "body": body, "etag": "\"%s\"" % hashlib.sha256(body).hexdigest()[:32], "modified": modified,
                "validators": spec.get("validators", True), "type": kind,
            }


class Handler(FakeHandler):
    def do_GET(self):
        state = self.state
        path = self.path.split("?", 1)[0]
        if path == "/_control/requests":
            with state.lock:
                return self.reply(200, json.dumps(state.requests).encode(), "application/json")
        record = {"path": path, "if_none_match": self.headers.get("If-None-Match"),
                  "if_modified_since": self.headers.get("If-Modified-Since"),
                  "user_agent": self.headers.get("User-Agent"), "at": time.time()}
        fault = state.faults.take(path)
        if fault is not None and fault["kind"] == "status":
            record["status"] = fault["code"]
            self.log_request_record(record)
            headers = {"Retry-After": str(fault["retry_after"])} if "retry_after" in fault else {}
            return self.reply(fault["code"], b"<html><body>Service unavailable</body></html>", "text/html", headers)
        with state.lock:
            redirect = state.redirects.get(path)
            feed = dict(state.feeds[path]) if path in state.feeds else None
        if redirect is not None:
            record["status"] = redirect["status"]
            self.log_request_record(record)
            return self.reply(redirect["status"], b"", "text/plain", {"Location": redirect["to"]})
        if feed is None:
            record["status"] = 404
            self.log_request_record(record)
            return self.reply(404, b"<html><body>Not found</body></html>", "text/html")
        status = 200
        if feed["validators"]:
            tags = record["if_none_match"]
            since = record["if_modified_since"]
            if tags is not None:
                if feed["etag"] in [tag.strip() for tag in tags.split(",")] or tags.strip() == "*":
                    status = 304
            elif since is not None:
                parsed = email.utils.parsedate_to_datetime(since)
                if parsed is not None and parsed.timestamp() >= feed["modified"]:
                    status = 304
        record["status"] = status
        self.log_request_record(record)
        headers = {"ETag": feed["etag"], "Last-Modified": rfc822(feed["modified"])} if feed["validators"] else {}
        body = b"" if status == 304 else feed["body"]
        self.answer_after_fault(fault, lambda: self.reply(status, body, feed["type"], headers))

    def do_POST(self):
        state = self.state
        body = json.loads(self.read_body() or b"null")
        if self.path == "/_control/feed":
            state.set_feed(body)
        elif self.path == "/_control/redirect":
            with state.lock:
                state.redirects[body["from"]] = {"to": body["to"], "status": body.get("status", 301)}
        elif self.path == "/_control/faults":
            state.faults.add(body)
        else:
            return self.reply(405, b"", "text/plain")
        self.reply(200, b"{}", "application/json")

    def do_HEAD(self):
        self.reply(405, b"", "text/plain")

    def log_request_record(self, record):
        with self.state.lock:
            self.state.requests.append(record)

    def reply(self, status, body, kind, headers=None):
        self.send_response(status)
        if status != 304:
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if status != 304 and self.command != "HEAD":
            self.wfile.write(body)


def main():
    reset_signals()
    Handler.state = State()
    serve(Handler)


if __name__ == "__main__":
    sys.exit(main())
