#!/usr/bin/env python3
"""A loopback Mastodon server for Herald's tests: what the real API checks, plus fault injection.

Usage: fake_mastodon.py --token TOKEN [--max-characters 500] [--reserved-per-url 23] [--rate-limit 300]
Prints the port it listens on (127.0.0.1) as the first line of stdout.

API (the subset Herald uses):
  GET  /api/v2/instance              configuration.statuses.max_characters / characters_reserved_per_url
  POST /api/v1/statuses              JSON or form; Bearer token; Idempotency-Key honoured (same key -> same
                                     status, nothing new); 422 {"error": ...} on invalid fields
  GET  /api/v1/statuses/:id          with favourites_count, reblogs_count, replies_count (counted against the
                                     rate-limit window like every authenticated request); 404 once deleted
  GET  /api/v1/accounts/verify_credentials   the token's Account (`id`, `username`, `acct`)
  GET  /api/v1/accounts/:id/statuses  newest first; `limit` (default 20, at most 40), `max_id`, `exclude_reblogs`
Statuses are answered as Mastodon does: `content` is HTML (paragraphs, `<br />`, links with invisible spans,
mentions shown without their domain, hashtags), `text` is null. The control view keeps what was sent too
(`source_text`, `idempotency_key`).
  POST /api/v2/media                 multipart (file, description) -> 202 (processing) or 200
  GET  /api/v1/media/:id             206 while processing, then 200 with url
Every authenticated response carries X-RateLimit-Limit/Remaining/Reset (ISO 8601); when the window is used up,
429 {"error": "Too many requests"} until it resets.

Control (no auth):
  POST /_control/faults    see fault_plan.py
  POST /_control/config    {"rate_limit": {"remaining": N, "reset_in": S}, "media_polls": N,
                            "forget_idempotency_keys": true (Mastodon keeps keys about an hour: simulate expiry),
                            "seed_statuses": N (N unrelated statuses by the account, for look-up paging)}
  POST /_control/engagement {"id": ID, "favourites": N, "reblogs": N, "replies": N}: a status's counts
  POST /_control/delete    {"id": ID}: the status is deleted (404 from then on)
  GET  /_control/statuses  every status created, in order
  GET  /_control/counts    {"instance": N, "statuses_posts": N, "media": N}
"""

import argparse
import datetime
import email.parser
import email.policy
import html
import json
import re
import sys
import threading
import time
import urllib.parse

from fake_http import FakeHandler, serve

from fault_plan import FaultPlan, reset_signals

VISIBILITIES = ("public", "unlisted", "private", "direct")
ACCOUNT_ID = "108000000000000001"
PRIVATE_FIELDS = ("source_text", "idempotency_key", "deleted")
URL_RE = re.compile(r"https?://[^\s<>\"]+")
MENTION_RE = re.compile(r"(?<![\w/])@([A-Za-z0-9_]+)(?:@([A-Za-z0-9.-]+\.[A-Za-z]{2,}))?")
HASHTAG_RE = re.compile(r"(?<![\w/#])#(\w+)")


def link_html(url):
    scheme, rest = url.split("://", 1)
    shown, hidden = rest[:30], rest[30:]
    return ('<a href="%s" target="_blank" rel="nofollow noopener noreferrer" translate="no">'
            '<span class="invisible">%s://</span><span class="%s">%s</span><span class="invisible">%s</span></a>'
            % (html.escape(url), scheme, "ellipsis" if hidden else "", html.escape(shown), html.escape(hidden)))


def inline_html(text):
    """One line of plain text as Mastodon renders it: escaped, links, mentions (no domain shown), hashtags."""
    pieces = []
    position = 0
    for match in URL_RE.finditer(text):
        pieces.append(("text", text[position:match.start()]))
        pieces.append(("url", match.group(0)))
        position = match.end()
    pieces.append(("text", text[position:]))
    out = []
    for kind, piece in pieces:
        if kind == "url":
            out.append(link_html(piece))
            continue
        piece = html.escape(piece, quote=False)
        piece = MENTION_RE.sub(lambda m: '<span class="h-card" translate="no"><a href="https://%s/@%s" '
                               'class="u-url mention">@<span>%s</span></a></span>'
                               % (m.group(2) or "fake.social", m.group(1), m.group(1)), piece)
        piece = HASHTAG_RE.sub(lambda m: '<a href="https://fake.social/tags/%s" class="mention hashtag" '
                               'rel="tag">#<span>%s</span></a>' % (m.group(1), m.group(1)), piece)
        out.append(piece)
    return "".join(out)


def content_html(text):
    """Mastodon's plain-text formatter: paragraphs at blank lines, `<br />` at single newlines."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "".join("<p>%s</p>" % "<br />".join(inline_html(line) for line in p.split("\n")) for p in paragraphs)


def public(status):
    return {k: v for k, v in status.items() if k not in PRIVATE_FIELDS}


class State:
    def __init__(self, args):
        self.lock = threading.Lock()
        self.token = args.token
        self.max_characters = args.max_characters
        self.reserved_per_url = args.reserved_per_url
        self.limit = args.rate_limit
        self.remaining = args.rate_limit
        self.reset_at = time.time() + 300
        self.statuses = []
        self.by_key = {}
        self.media = {}
        self.media_polls = 0
        self.counts = {"instance": 0, "statuses_posts": 0, "media": 0, "verify_credentials": 0,
                       "account_statuses": 0}
        self.next_id = 109000000000000000
        self.faults = FaultPlan()

    def new_id(self):
        self.next_id += 1
        return str(self.next_id)

    def make_status(self, text, fields, media_ids, key):
        """A Status as Mastodon stores it (the caller holds the lock and appends it)."""
        reply_to = fields.get("in_reply_to_id")
        status = {
            "id": self.new_id(),
            "created_at": iso(time.time()),
            "content": content_html(text),
            "text": None,
            "in_reply_to_id": str(reply_to) if reply_to else None,
            "visibility": fields.get("visibility", "public"),
            "language": fields.get("language"),
            "spoiler_text": fields.get("spoiler_text") or "",
            "sensitive": bool(fields.get("spoiler_text")),
            "reblog": None,
            "media_attachments": [self.media[m]["json"] for m in media_ids],
            "favourites_count": 0,
            "reblogs_count": 0,
            "replies_count": 0,
            "source_text": text,
            "idempotency_key": key,
        }
        status["url"] = "https://fake.social/@brand/" + status["id"]
        return status


def iso(timestamp):
    return datetime.datetime.fromtimestamp(timestamp, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Handler(FakeHandler):
    # -- plumbing ---------------------------------------------------------------------------------------------

    def send_json(self, code, value, headers=()):
        body = json.dumps(value).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, val in headers:
            self.send_header(name, val)
        self.end_headers()
        self.wfile.write(body)

    def rate_headers(self):
        state = self.state
        return [
            ("X-RateLimit-Limit", str(state.limit)),
            ("X-RateLimit-Remaining", str(max(0, state.remaining))),
            ("X-RateLimit-Reset", iso(state.reset_at)),
        ]

    def authorized(self):
        if self.headers.get("Authorization") != "Bearer " + self.state.token:
            self.send_json(401, {"error": "The access token is invalid"})
            return False
        return True

    def take_rate(self):
        """Counts one request against the window; False (after answering 429) when it is used up."""
        state = self.state
        with state.lock:
            now = time.time()
            if now >= state.reset_at:
                state.remaining = state.limit
                state.reset_at = now + 300
            if state.remaining <= 0:
                headers = self.rate_headers()
                exhausted = True
            else:
                state.remaining -= 1
                exhausted = False
        if exhausted:
            self.send_json(429, {"error": "Too many requests"}, headers)
            return False
        return True

    def apply_fault_before(self, fault):
        """Answers for faults that stop the request before it is handled; True when it answered."""
        if fault is None:
            return False
        if fault["kind"] == "status":
            code = fault.get("code", 503)
            self.send_json(code, {"error": fault.get("error", "Service unavailable")})
            return True
        if fault["kind"] == "ratelimit":
            reset = time.time() + fault.get("reset_in", 2)
            self.send_json(429, {"error": "Too many requests"}, [
                ("X-RateLimit-Limit", str(self.state.limit)), ("X-RateLimit-Remaining", "0"),
                ("X-RateLimit-Reset", iso(reset))])
            return True
        return False

    def finish_with_fault(self, fault, code, value, headers=()):
        self.answer_after_fault(fault, lambda: self.send_json(code, value, headers))

    # -- routes -----------------------------------------------------------------------------------------------

    def do_GET(self):
        path = urllib.parse.urlsplit(self.path).path
        state = self.state
        if path == "/_control/statuses":
            with state.lock:
                return self.send_json(200, list(state.statuses))
        if path == "/_control/counts":
            with state.lock:
                return self.send_json(200, dict(state.counts))
        fault = state.faults.take(path)
        if self.apply_fault_before(fault):
            return
        if path == "/api/v2/instance":
            with state.lock:
                state.counts["instance"] += 1
                value = {
                    "domain": "fake.social", "title": "Fake", "version": "4.3.0",
                    "configuration": {"statuses": {
                        "max_characters": state.max_characters, "max_media_attachments": 4,
                        "characters_reserved_per_url": state.reserved_per_url}},
                }
            return self.finish_with_fault(fault, 200, value)
        if path == "/api/v1/accounts/verify_credentials":
            if not self.authorized():
                return
            with state.lock:
                state.counts["verify_credentials"] += 1
            return self.finish_with_fault(fault, 200, {
                "id": ACCOUNT_ID, "username": "brand", "acct": "brand", "display_name": "Brand",
                "url": "https://fake.social/@brand", "statuses_count": len(state.statuses)})
        if path.startswith("/api/v1/accounts/") and path.endswith("/statuses"):
            if not self.authorized():
                return
            if path.split("/")[4] != ACCOUNT_ID:
                return self.send_json(404, {"error": "Record not found"})
            query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
            try:
                limit = min(40, max(1, int(query.get("limit", "20"))))
                max_id = int(query["max_id"]) if "max_id" in query else None
            except ValueError:
                return self.send_json(400, {"error": "bad limit or max_id"})
            with state.lock:
                state.counts["account_statuses"] += 1
                newest = sorted(state.statuses, key=lambda s: int(s["id"]), reverse=True)
                page = [public(s) for s in newest if max_id is None or int(s["id"]) < max_id][:limit]
            return self.finish_with_fault(fault, 200, page)
        if path.startswith("/api/v1/statuses/"):
            if not self.authorized() or not self.take_rate():
                return
            wanted = path.rsplit("/", 1)[1]
            with state.lock:
                state.counts["status_gets"] = state.counts.get("status_gets", 0) + 1
                found = next((s for s in state.statuses if s["id"] == wanted and not s.get("deleted")), None)
                headers = self.rate_headers()
            if found is None:
                return self.send_json(404, {"error": "Record not found"}, headers)
            return self.finish_with_fault(fault, 200, public(found), headers)
        if path.startswith("/api/v1/media/"):
            if not self.authorized():
                return
            wanted = path.rsplit("/", 1)[1]
            with state.lock:
                media = state.media.get(wanted)
                if media is not None and media["polls_left"] > 0:
                    media["polls_left"] -= 1
                    return self.send_json(206, media["json"])
            if media is None:
                return self.send_json(404, {"error": "Record not found"})
            media["json"]["url"] = "https://fake.social/media/%s.bin" % wanted
            return self.send_json(200, media["json"])
        self.send_json(404, {"error": "Not found"})

    def do_POST(self):
        path = urllib.parse.urlsplit(self.path).path
        state = self.state
        body = self.read_body()
        if path == "/_control/faults":
            try:
                state.faults.add(json.loads(body))
            except (ValueError, TypeError) as error:
                return self.send_json(400, {"error": str(error)})
            return self.send_json(200, {"ok": True})
        if path in ("/_control/engagement", "/_control/delete"):
            payload = json.loads(body)
            with state.lock:
                for status in state.statuses:
                    if status["id"] == payload["id"] and path == "/_control/delete":
                        status["deleted"] = True
                    elif status["id"] == payload["id"]:
                        for name in ("favourites", "reblogs", "replies"):
                            status[name + "_count"] = payload.get(name, 0)
            return self.send_json(200, {"ok": True})
        if path == "/_control/config":
            config = json.loads(body)
            with state.lock:
                if "rate_limit" in config:
                    state.remaining = config["rate_limit"].get("remaining", state.remaining)
                    state.reset_at = time.time() + config["rate_limit"].get("reset_in", 300)
                if "media_polls" in config:
                    state.media_polls = config["media_polls"]
                if config.get("forget_idempotency_keys"):
                    state.by_key.clear()
                for number in range(int(config.get("seed_statuses", 0))):
                    state.statuses.append(state.make_status("Unrelated status %d" % (number + 1), {}, [], None))
            return self.send_json(200, {"ok": True})
        if not self.authorized():
            return
        fault = state.faults.take(path)
        if self.apply_fault_before(fault):
            return
        if not self.take_rate():
            return
        if path == "/api/v1/statuses":
            return self.post_status(body, fault)
        if path == "/api/v2/media":
            return self.post_media(body, fault)
        self.send_json(404, {"error": "Not found"})

    def parse_fields(self, body):
        """JSON or form fields as a dict; `media_ids[]` (form) and `media_ids` (JSON) become one list."""
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if kind == "application/json":
            fields = json.loads(body or b"{}")
            if not isinstance(fields, dict):
                raise ValueError("body is not a JSON object")
            return fields
        pairs = urllib.parse.parse_qsl(body.decode(), keep_blank_values=True)
        fields = {}
        for name, value in pairs:
            if name == "media_ids[]":
                fields.setdefault("media_ids", []).append(value)
            else:
                fields[name] = value
        return fields

    def post_status(self, body, fault):
        state = self.state
        key = self.headers.get("Idempotency-Key")
        try:
            fields = self.parse_fields(body)
        except ValueError as error:
            return self.send_json(400, {"error": str(error)})
        with state.lock:
            state.counts["statuses_posts"] += 1
            if key and key in state.by_key:
                existing = state.by_key[key]
                return self.finish_with_fault(fault, 200, public(existing), self.rate_headers())
            text = fields.get("status") or ""
            media_ids = [str(m) for m in fields.get("media_ids") or []]
            error = None
            if not text.strip() and not media_ids:
                error = "Validation failed: Text can't be blank"
            elif len(text) + len(fields.get("spoiler_text") or "") > state.max_characters:
                error = "Validation failed: Text character limit of %d exceeded" % state.max_characters
            elif fields.get("visibility", "public") not in VISIBILITIES:
                error = "Validation failed: Visibility is not included in the list"
            elif len(media_ids) > 4:
                error = "Validation failed: Media attachments too many"
            elif any(m not in state.media or not state.media[m]["json"].get("url") for m in media_ids):
                error = "Validation failed: media not found or not processed"
            reply_to = fields.get("in_reply_to_id")
            if error is None and reply_to and not any(s["id"] == str(reply_to) for s in state.statuses):
                return self.send_json(404, {"error": "Record not found"}, self.rate_headers())
            if error is not None:
                return self.send_json(422, {"error": error}, self.rate_headers())
            status = state.make_status(text, fields, media_ids, key)
            state.statuses.append(status)
            if key:
                state.by_key[key] = status
            headers = self.rate_headers()
        self.finish_with_fault(fault, 200, public(status), headers)

    def post_media(self, body, fault):
        state = self.state
        content_type = self.headers.get("Content-Type") or ""
        if not content_type.startswith("multipart/form-data"):
            return self.send_json(422, {"error": "Validation failed: File can't be blank"})
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
        fields = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            fields[name] = (part.get_content_type(), part.get_payload(decode=True) or b"")
        if "file" not in fields or not fields["file"][1]:
            return self.send_json(422, {"error": "Validation failed: File can't be blank"})
        with state.lock:
            state.counts["media"] += 1
            media_id = state.new_id()
            description = fields.get("description", ("", b""))[1].decode()
            media = {"id": media_id, "type": "image", "url": None, "description": description,
                     "size": len(fields["file"][1]), "mime": fields["file"][0]}
            polls = state.media_polls
            state.media[media_id] = {"json": media, "polls_left": polls}
            if polls == 0:
                media["url"] = "https://fake.social/media/%s.bin" % media_id
        self.finish_with_fault(fault, 202 if polls else 200, media)


def main():
    reset_signals()
    parser = argparse.ArgumentParser()
    parser.add_argument("--token", required=True)
    parser.add_argument("--max-characters", type=int, default=500)
    parser.add_argument("--reserved-per-url", type=int, default=23)
    parser.add_argument("--rate-limit", type=int, default=300)
    args = parser.parse_args()
    Handler.state = State(args)
    serve(Handler)


if __name__ == "__main__":
    sys.exit(main())
