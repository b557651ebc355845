#!/usr/bin/env python3
"""A loopback Bluesky PDS for Herald's tests: what the real XRPC API checks, plus fault injection.

Usage: fake_bluesky.py --identifier HANDLE --password APP_PASSWORD [--did DID] [--access-ttl SECONDS]
                       [--handle HANDLE=DID ...]
Prints the port it listens on (127.0.0.1) as the first line of stdout.

XRPC (the subset Herald uses), errors as {"error": NAME, "message": TEXT}:
  com.atproto.server.createSession    identifier + password -> accessJwt, refreshJwt, did, handle
  com.atproto.server.refreshSession   Bearer refreshJwt -> a new pair; the old refresh token stops working
  com.atproto.repo.createRecord       Bearer accessJwt (400 ExpiredToken once expired); repo = the session's DID;
                                      app.bsky.feed.post records checked: text (300 characters), createdAt, facets'
                                      UTF-8 byte offsets against the text, reply root/parent existence and cids,
                                      images' blobs; rkey syntax and uniqueness (400 InvalidRequest
                                      "Record already exists" on reuse)
  com.atproto.repo.getRecord          400 RecordNotFound when absent
  com.atproto.repo.uploadBlob         raw bytes -> blob ref
  com.atproto.identity.resolveHandle  the --handle map, plus the account's own handle
  app.bsky.feed.getPosts              Bearer accessJwt; 1 to 25 `uris` (400 InvalidRequest otherwise); post views
                                      with likeCount, repostCount, replyCount, quoteCount; posts it does not have
                                      (deleted) are left out, as the AppView does; counted against the rate limit
Authenticated responses carry ratelimit-limit/-remaining/-reset (epoch seconds) and ratelimit-policy.

Control (no auth):
  POST /_control/faults    see fault_plan.py (path is the /xrpc/NSID path)
  POST /_control/expire    expires every access token now
  POST /_control/revoke    revokes every session (access and refresh tokens)
  POST /_control/config    {"rate_limit": {"remaining": N, "reset_in": S}}
  POST /_control/engagement {"uri": URI, "likes": N, "reposts": N, "replies": N, "quotes": N}: a post's counts
  POST /_control/delete    {"uri": URI}: the post is deleted
  GET  /_control/statuses  every post record, in creation order: {uri, cid, rkey, record}
  GET  /_control/counts    {"createSession": N, "refreshSession": N, "createRecord": N, "uploadBlob": N}
"""

import argparse
import base64
import hashlib
import json
import re
import secrets
import sys
import threading
import time
import urllib.parse

from fake_http import FakeHandler, serve

from fault_plan import FaultPlan, reset_signals

RKEY = re.compile(r"^[A-Za-z0-9._:~-]{1,512}$")
POST = "app.bsky.feed.post"


def cid_of(data):
    digest = hashlib.sha256(data).digest()
    return "bafyrei" + base64.b32encode(digest).decode().lower().rstrip("=")


class State:
    def __init__(self, args):
        self.lock = threading.Lock()
        self.identifier = args.identifier
        self.password = args.password
        self.did = args.did
        self.access_ttl = args.access_ttl
        self.handles = {args.identifier: args.did}
        for entry in args.handle or []:
            name, did = entry.split("=", 1)
            self.handles[name] = did
        self.access = {}     # token -> expiry
        self.refresh = set()
        self.records = {}    # rkey -> {uri, cid, rkey, record}
        self.order = []
        self.blobs = {}
        self.counts = {"createSession": 0, "refreshSession": 0, "createRecord": 0, "uploadBlob": 0, "getPosts": 0}
        self.engagement = {}  # uri -> counts
        self.deleted = set()
        self.limit = 5000
        self.remaining = 5000
        self.reset_at = int(time.time()) + 3600
        self.faults = FaultPlan()

    def new_pair(self):
        access = "access-" + secrets.token_hex(12)
        refresh = "refresh-" + secrets.token_hex(12)
        self.access[access] = time.time() + self.access_ttl
        self.refresh.add(refresh)
        return {"accessJwt": access, "refreshJwt": refresh, "handle": self.identifier, "did": self.did,
                "active": True}


class Handler(FakeHandler):

    def send_json(self, code, value, headers=()):
        body = json.dumps(value).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, val in headers:
            self.send_header(name, val)
        self.end_headers()
        self.wfile.write(body)

    def error(self, code, name, message, headers=()):
        self.send_json(code, {"error": name, "message": message}, headers)

    def rate_headers(self):
        state = self.state
        return [("ratelimit-limit", str(state.limit)), ("ratelimit-remaining", str(max(0, state.remaining))),
                ("ratelimit-reset", str(state.reset_at)), ("ratelimit-policy", "%d;w=3600" % state.limit)]

    def bearer(self):
        value = self.headers.get("Authorization") or ""
        return value[len("Bearer "):] if value.startswith("Bearer ") else None

    def check_access(self):
        """True when the request carries a live access token; otherwise answers as the PDS does."""
        token = self.bearer()
        with self.state.lock:
            expiry = self.state.access.get(token)
        if token is None or expiry is None:
            self.error(401, "InvalidToken", "Token could not be verified")
            return False
        if time.time() >= expiry:
            self.error(400, "ExpiredToken", "Token has expired")
            return False
        return True

    def apply_fault_before(self, fault):
        if fault is None:
            return False
        if fault["kind"] == "status":
            self.error(fault.get("code", 502), fault.get("error", "InternalServerError"), "Injected failure")
            return True
        if fault["kind"] == "ratelimit":
            reset = int(time.time() + fault.get("reset_in", 2))
            self.error(429, "RateLimitExceeded", "Rate Limit Exceeded", [
                ("ratelimit-limit", str(self.state.limit)), ("ratelimit-remaining", "0"),
                ("ratelimit-reset", str(reset))])
            return True
        return False

    def finish_with_fault(self, fault, code, value, headers=()):
        self.answer_after_fault(fault, lambda: self.send_json(code, value, headers))

    def do_GET(self):
        split = urllib.parse.urlsplit(self.path)
        path, query = split.path, dict(urllib.parse.parse_qsl(split.query))
        state = self.state
        if path == "/_control/statuses":
            with state.lock:
                return self.send_json(200, [state.records[k] for k in state.order])
        if path == "/_control/counts":
            with state.lock:
                return self.send_json(200, dict(state.counts))
        fault = state.faults.take(path)
        if self.apply_fault_before(fault):
            return
        if path == "/xrpc/com.atproto.repo.getRecord":
            with state.lock:
                found = state.records.get(query.get("rkey")) if query.get("collection") == POST and \
                    query.get("repo") in (state.did, state.identifier) else None
            if found is None:
                return self.error(400, "RecordNotFound", "Could not locate record")
            return self.finish_with_fault(fault, 200, {"uri": found["uri"], "cid": found["cid"],
                                                       "value": found["record"]})
        if path == "/xrpc/app.bsky.feed.getPosts":
            return self.get_posts(urllib.parse.parse_qs(split.query).get("uris", []), fault)
        if path == "/xrpc/com.atproto.identity.resolveHandle":
            did = state.handles.get((query.get("handle") or "").lower())
            if did is None:
                return self.error(400, "InvalidRequest", "Unable to resolve handle")
            return self.finish_with_fault(fault, 200, {"did": did})
        self.error(404, "MethodNotImplemented", "Method Not Implemented")

    def do_POST(self):
        path = urllib.parse.urlsplit(self.path).path
        state = self.state
        body = self.read_body()
        if path == "/_control/faults":
            try:
                state.faults.add(json.loads(body))
            except (ValueError, TypeError) as error:
                return self.error(400, "InvalidRequest", str(error))
            return self.send_json(200, {"ok": True})
        if path == "/_control/expire":
            with state.lock:
                for token in state.access:
                    state.access[token] = 0
            return self.send_json(200, {"ok": True})
        if path == "/_control/revoke":
            with state.lock:
                state.access.clear()
                state.refresh.clear()
            return self.send_json(200, {"ok": True})
        if path in ("/_control/engagement", "/_control/delete"):
            payload = json.loads(body)
            with state.lock:
                if path == "/_control/delete":
                    state.deleted.add(payload["uri"])
                else:
                    state.engagement[payload["uri"]] = payload
            return self.send_json(200, {"ok": True})
        if path == "/_control/config":
            config = json.loads(body)
            with state.lock:
                if "rate_limit" in config:
                    state.remaining = config["rate_limit"].get("remaining", state.remaining)
                    state.reset_at = int(time.time() + config["rate_limit"].get("reset_in", 3600))
            return self.send_json(200, {"ok": True})
        fault = state.faults.take(path)
        if self.apply_fault_before(fault):
            return
        if path == "/xrpc/com.atproto.server.createSession":
            return self.create_session(body, fault)
        if path == "/xrpc/com.atproto.server.refreshSession":
            return self.refresh_session(fault)
        if not self.check_access():
            return
        exhausted, headers = self.take_rate()
        if exhausted:
            return self.error(429, "RateLimitExceeded", "Rate Limit Exceeded", headers)
        if path == "/xrpc/com.atproto.repo.createRecord":
            return self.create_record(body, fault, headers)
        if path == "/xrpc/com.atproto.repo.uploadBlob":
            return self.upload_blob(body, fault, headers)
        self.error(404, "MethodNotImplemented", "Method Not Implemented")

    def create_session(self, body, fault):
        state = self.state
        try:
            fields = json.loads(body)
        except ValueError:
            return self.error(400, "InvalidRequest", "Invalid JSON")
        with state.lock:
            state.counts["createSession"] += 1
            if fields.get("identifier") not in (state.identifier, state.did) or \
                    fields.get("password") != state.password:
                return self.error(401, "AuthenticationRequired", "Invalid identifier or password")
            pair = state.new_pair()
        self.finish_with_fault(fault, 200, pair)

    def refresh_session(self, fault):
        state = self.state
        token = self.bearer()
        with state.lock:
            state.counts["refreshSession"] += 1
            if token not in state.refresh:
                return self.error(400, "ExpiredToken", "Token has been revoked")
            state.refresh.discard(token)
            pair = state.new_pair()
        self.finish_with_fault(fault, 200, pair)

    def check_record(self, record):
        """The reason a post record is invalid, or None."""
        state = self.state
        if record.get("$type") != POST:
            return "Invalid $type: must be app.bsky.feed.post"
        text = record.get("text")
        if not isinstance(text, str):
            return "Record/text must be a string"
        if len(text) > 300 or len(text.encode()) > 3000:
            return "Record/text must not be longer than 300 graphemes"
        if not isinstance(record.get("createdAt"), str):
            return "Record/createdAt must be a datetime"
        data = text.encode()
        for facet in record.get("facets") or []:
            index = facet.get("index") or {}
            start, end = index.get("byteStart"), index.get("byteEnd")
            if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= len(data):
                return "Invalid facet index %r" % index
            try:
                covered = data[start:end].decode()
            except UnicodeDecodeError:
                return "Facet index splits a character"
            for feature in facet.get("features") or []:
                kind = feature.get("$type")
                if kind == "app.bsky.richtext.facet#link":
                    uri = feature.get("uri") or ""
                    if covered not in (uri, uri.split("://", 1)[-1]):
                        return "Link facet %r does not cover %r" % (covered, uri)
                elif kind == "app.bsky.richtext.facet#mention":
                    did = feature.get("did")
                    if not covered.startswith("@") or state.handles.get(covered[1:].lower()) != did:
                        return "Mention facet %r does not match %r" % (covered, did)
                elif kind == "app.bsky.richtext.facet#tag":
                    if covered[1:] != feature.get("tag") or covered[:1] not in ("#", "＃"):
                        return "Tag facet %r does not match %r" % (covered, feature.get("tag"))
                else:
                    return "Unknown facet feature %r" % kind
        reply = record.get("reply")
        if reply is not None:
            for name in ("root", "parent"):
                ref = reply.get(name) or {}
                rkey = (ref.get("uri") or "").rsplit("/", 1)[-1]
                found = state.records.get(rkey)
                if found is None or found["uri"] != ref.get("uri") or found["cid"] != ref.get("cid"):
                    return "Reply %s %r is not a record with that cid" % (name, ref.get("uri"))
        embed = record.get("embed")
        if embed is not None:
            if embed.get("$type") != "app.bsky.embed.images":
                return "Unsupported embed"
            images = embed.get("images") or []
            if not 1 <= len(images) <= 4:
                return "Embed must have 1 to 4 images"
            for image in images:
                ref = ((image.get("image") or {}).get("ref") or {}).get("$link")
                if ref not in state.blobs or not isinstance(image.get("alt"), str):
                    return "Image blob %r was not uploaded (or alt missing)" % ref
        return None

    def take_rate(self):
        """Counts one request against the window (renewed once reset): whether it was already spent, and the
        headers to answer with."""
        state = self.state
        with state.lock:
            if time.time() >= state.reset_at:
                state.remaining = state.limit
                state.reset_at = int(time.time()) + 3600
            exhausted = state.remaining <= 0
            if not exhausted:
                state.remaining -= 1
            return exhausted, self.rate_headers()

    def get_posts(self, uris, fault):
        state = self.state
        if not self.check_access():
            return None
        if not 1 <= len(uris) <= 25:
            return self.error(400, "InvalidRequest", "uris must have between 1 and 25 elements")
        exhausted, headers = self.take_rate()
        with state.lock:
            state.counts["getPosts"] += 1
            by_uri = {entry["uri"]: entry for entry in state.records.values() if entry["uri"] not in state.deleted}
            posts = []
            for uri in uris:
                entry = by_uri.get(uri)
                if entry is None:
                    continue
                counts = state.engagement.get(uri, {})
                posts.append({"uri": uri, "cid": entry["cid"], "record": entry["record"],
                              "author": {"did": state.did, "handle": state.identifier},
                              "likeCount": counts.get("likes", 0), "repostCount": counts.get("reposts", 0),
                              "replyCount": counts.get("replies", 0), "quoteCount": counts.get("quotes", 0),
                              "indexedAt": entry["record"].get("createdAt")})
        if exhausted:
            return self.error(429, "RateLimitExceeded", "Rate Limit Exceeded", headers)
        return self.finish_with_fault(fault, 200, {"posts": posts}, headers)

    def create_record(self, body, fault, headers):
        state = self.state
        try:
            fields = json.loads(body)
        except ValueError:
            return self.error(400, "InvalidRequest", "Invalid JSON")
        with state.lock:
            state.counts["createRecord"] += 1
            if fields.get("repo") not in (state.did, state.identifier):
                return self.error(400, "InvalidRequest", "Repo does not match the session", headers)
            if fields.get("collection") != POST:
                return self.error(400, "InvalidRequest", "Unsupported collection", headers)
            record = fields.get("record") or {}
            rkey = fields.get("rkey")
            if rkey is not None and (not RKEY.match(rkey) or rkey in (".", "..")):
                return self.error(400, "InvalidRequest", "Invalid record key", headers)
            if rkey is None:
                rkey = "auto" + secrets.token_hex(6)
            problem = self.check_record(record)
            if problem is not None:
                return self.error(400, "InvalidRequest", problem, headers)
            if rkey in state.records:
                return self.error(400, "InvalidRequest", "Record already exists", headers)
            encoded = json.dumps(record, sort_keys=True).encode()
            entry = {"uri": "at://%s/%s/%s" % (state.did, POST, rkey), "cid": cid_of(encoded), "rkey": rkey,
                     "record": record}
            state.records[rkey] = entry
            state.order.append(rkey)
        self.finish_with_fault(fault, 200, {"uri": entry["uri"], "cid": entry["cid"],
                                            "validationStatus": "valid"}, headers)

    def upload_blob(self, body, fault, headers):
        state = self.state
        if not body:
            return self.error(400, "InvalidRequest", "Empty blob", headers)
        mime = self.headers.get("Content-Type") or "application/octet-stream"
        with state.lock:
            state.counts["uploadBlob"] += 1
            ref = cid_of(body)
            state.blobs[ref] = {"mimeType": mime, "size": len(body)}
        blob = {"$type": "blob", "ref": {"$link": ref}, "mimeType": mime, "size": len(body)}
        self.finish_with_fault(fault, 200, {"blob": blob}, headers)


def main():
    reset_signals()
    parser = argparse.ArgumentParser()
    parser.add_argument("--identifier", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--did", default="did:plc:fakeherald000000000000")
    parser.add_argument("--access-ttl", type=float, default=7200)
    parser.add_argument("--handle", action="append")
    args = parser.parse_args()
    Handler.state = State(args)
    serve(Handler)


if __name__ == "__main__":
    sys.exit(main())
