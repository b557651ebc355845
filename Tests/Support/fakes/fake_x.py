#!/usr/bin/env python3
"""A loopback stand-in for the X API v2 endpoints Herald uses, for its tests.

It checks what X checks, with code that is not Herald's:
- OAuth 1.0a user-context signatures, verified with oauthlib's RFC 5849 functions (collect_parameters,
  normalize_parameters, base_string_uri, signature_base_string, sign_hmac_sha1); nonces are single-use and the
  timestamp must be within 15 minutes. A JSON body is not part of the signature, as on X.
- OAuth 2.0 bearer tokens, refreshed at POST /2/oauth2/token with single-use refresh tokens (a reused refresh
  token gets 400 invalid_request, as on X).
- The shape of POST /2/tweets (unknown fields -> 400 with X's problem body), duplicate text -> 403 with X's
  "duplicate content" detail, replies to unknown posts -> 403, media ids that were never uploaded -> 400.
- Rate limits: x-rate-limit-* and x-user-limit-24hour-* headers; an exhausted window answers 429.


- GET /2/tweets?ids=…&tweet.fields=public_metrics: 1 to 100 numeric ids (else 400 as X answers); ids it does
  not have come back in `errors` as resource-not-found; public_metrics as X serves them (retweet_count,
  reply_count, like_count, quote_count, bookmark_count, impression_count). Its own rate window (lookup_rate).
media_category, media_type), POST /2/media/metadata, POST /2/oauth2/token.

Control API (no auth):
- GET  /_control/statuses       the posts, oldest first: id, text, in_reply_to, media_ids, created_at
- GET  /_control/stats          {"requests": {"POST /2/tweets": n, ...}, "refreshes": n, "media": {...}}
- POST /_control/faults         {"faults": [fault, ...]} queued; each applies once to the next matching request:
      {"path": "/2/tweets", "kind": "status", "status": 503}      answer that status (nothing is created; any
                                                                  path, e.g. "/2/users/42/tweets")
      {"path": "/2/tweets", "kind": "drop"}       read the request, create the post, close without answering
      {"path": "/2/tweets", "kind": "slow", "seconds": 5}   create the post, answer after a delay
      {"path": "/2/tweets", "kind": "429", "reset": EPOCH}  answer 429 with that reset
- POST /_control/rate           {"limit": n, "reset": EPOCH, "user_limit": n, "user_reset": EPOCH}: windows for
                                POST /2/tweets (the remaining count goes down per created post)
- POST /_control/engagement     {"id": ID, "likes": n, "reposts": n, "replies": n, "quotes": n, "impressions": n}:
                                a post's counts (missing ones 0)
- POST /_control/delete         {"id": ID}: the post is deleted (look-ups answer resource-not-found)
- POST /_control/lookup_rate    {"limit": n, "reset": EPOCH}: the window of GET /2/tweets (429 once spent)
- POST /_control/expire_tokens  every OAuth 2.0 access token stops working (the next call gets 401)
- POST /_control/delay          {"index": k, "seconds": s}: the k-th created post (1-based) is answered late
- POST /_control/lag            {"requests": n}: the next n timeline requests do not list the newest post yet (X's
                                timeline lags behind new posts)

Timeline texts are shaped as X shapes them: `&`, `<`, `>` HTML-escaped, and a post with media ends with one
` https://t.co/…` link standing for the media (`attachments.media_keys` with `tweet.fields=attachments`).

Prints the port on stdout's first line; logs nothing else to stdout.
"""
import argparse
import base64
import binascii
import json
import secrets
import signal
import socket
import sys
import threading
import time
from datetime import datetime, timezone
from http.server import ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from oauthlib.oauth1.rfc5849 import signature as oauth_signature
from oauthlib.oauth1.rfc5849 import utils as oauth_utils

from fake_http import FakeHandler

TWEET_FIELDS = {"text", "reply", "media", "quote_tweet_id", "poll", "reply_settings", "for_super_followers_only",
                "direct_message_deep_link", "geo", "card_uri", "community_id", "nullcast", "share_with_followers",
                "made_with_ai", "paid_partnership"}
REPLY_FIELDS = {"in_reply_to_tweet_id", "exclude_reply_user_ids"}
MEDIA_FIELDS = {"media_ids", "tagged_user_ids"}
MEDIA_CATEGORIES = {"tweet_image", "tweet_gif", "tweet_video", "amplify_video", "dm_image", "dm_gif", "dm_video",
                    "subtitles"}


def problem(title, detail, kind, status, errors=None):
    body = {"title": title, "detail": detail, "type": kind, "status": status}
    if errors is not None:
        body["errors"] = errors
    return body


def invalid(message, parameters=None):
    return 400, {
        "errors": [{"parameters": parameters or {}, "message": message}],
        "title": "Invalid Request",
        "detail": "One or more parameters to your request was invalid.",
        "type": "https://api.twitter.com/2/problems/invalid-request",
    }


UNAUTHORIZED = (401, problem("Unauthorized", "Unauthorized", "about:blank", 401))
DUPLICATE = (403, problem("Forbidden", "You are not allowed to create a Tweet with duplicate content.",
                          "about:blank", 403))


def iso(ts):
    return datetime.fromtimestamp(ts, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % int(ts % 1 * 1000)


def timeline_text(tweet):
    """The `text` X lists: entities escaped, and a t.co link for the media appended."""
    text = tweet["text"].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if tweet["media_ids"]:
        text = (text + " " if text else "") + "https://t.co/" + tweet["id"][-10:]
    return text


def parse_iso(text):
    return datetime.strptime(text.replace("Z", "+0000"), "%Y-%m-%dT%H:%M:%S%z").timestamp()


class State:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.tweets = []
        self.next_id = 1900000000000000000
        self.media = {}
        self.faults = []
        self.requests = {}
        self.nonces = set()
        self.access_tokens = set([args.access_token_v2] if args.access_token_v2 else [])
        self.refresh_tokens = set([args.refresh_token] if args.refresh_token else [])
        self.refreshes = 0
        self.rate = None
        self.delays = {}
        self.lag = 0
        self.engagement = {}
        self.lookup_rate = None

    def new_id(self):
        self.next_id += 1
        return str(self.next_id)

    def take_fault(self, path):
        for index, fault in enumerate(self.faults):
            if fault.get("path", "/2/tweets") == path:
                return self.faults.pop(index)
        return None


class Handler(FakeHandler):
    server_version = "fake-x/1"

    def handle_one_request(self):
        try:
            super().handle_one_request()
        except (BrokenPipeError, ConnectionResetError, OSError):
            self.close_connection = True

    # -- plumbing --------------------------------------------------------------------------------------------

    def reply(self, status, body, headers=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, str(value))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self.route("GET")

    def do_POST(self):
        self.route("POST")

    def route(self, method):
        state = self.server.state
        parts = urlsplit(self.path)
        body = self.read_body()
        if parts.path.startswith("/_control/"):
            return self.control(method, parts.path, body)
        key = method + " " + ("/2/users/:id/tweets" if parts.path.endswith("/tweets") and
                              parts.path.startswith("/2/users/") else parts.path)
        with state.lock:
            state.requests[key] = state.requests.get(key, 0) + 1
        if method == "POST" and parts.path == "/2/oauth2/token":
            return self.reply(*self.token(body))
        user = self.authenticate(method, parts, body)
        if user is None:
            return self.reply(*UNAUTHORIZED)
        if method == "POST" and parts.path == "/2/tweets":
            return self.create_tweet(body)
        with state.lock:
            fault = state.take_fault(parts.path)
        if fault and fault["kind"] == "status":
            status = fault["status"]
            return self.reply(status, problem("Service Unavailable", "Service Unavailable", "about:blank", status))
        if method == "GET" and parts.path == "/2/tweets":
            return self.lookup(parts.query)
        if method == "GET" and parts.path == "/2/users/me":
            return self.reply(200, {"data": {"id": state.args.user_id, "name": "Brand", "username": "brand"}})
        if method == "GET" and parts.path == "/2/users/%s/tweets" % state.args.user_id:
            return self.reply(*self.timeline(parts.query))
        if method == "POST" and parts.path == "/2/media/upload":
            return self.reply(*self.upload(body))
        if method == "POST" and parts.path == "/2/media/metadata":
            return self.reply(*self.metadata(body))
        self.reply(404, problem("Not Found Error", "Could not find the requested resource.", "about:blank", 404))

    # -- authentication --------------------------------------------------------------------------------------

    def authenticate(self, method, parts, body):
        args = self.server.state.args
        header = self.headers.get("Authorization") or ""
        if header.startswith("Bearer "):
            with self.server.state.lock:
                return args.user_id if header[7:] in self.server.state.access_tokens else None
        if not header.startswith("OAuth "):
            return None
        fields = {oauth_utils.unescape(k): oauth_utils.unescape(v)
                  for k, v in oauth_utils.parse_authorization_header(header)}
        if fields.get("oauth_consumer_key") != args.consumer_key or fields.get("oauth_token") != args.access_token:
            return None
        if fields.get("oauth_signature_method") != "HMAC-SHA1" or fields.get("oauth_version", "1.0") != "1.0":
            return None
        try:
            stamp = int(fields.get("oauth_timestamp", ""))
        except ValueError:
            return None
        if abs(time.time() - stamp) > 900:
            return None
        form = None
        if (self.headers.get("Content-Type") or "").startswith("application/x-www-form-urlencoded"):
            form = body.decode()
        params = oauth_signature.collect_parameters(
            uri_query=parts.query, body=form, headers={"Authorization": header}, exclude_oauth_signature=True)
        normalized = oauth_signature.normalize_parameters(params)
        uri = oauth_signature.base_string_uri("http://%s%s" % (self.headers.get("Host"), parts.path))
        base = oauth_signature.signature_base_string(method, uri, normalized)
        expected = oauth_signature.sign_hmac_sha1(base, args.consumer_secret, args.access_token_secret)
        if not oauth_signature.safe_string_equals(expected, fields.get("oauth_signature", "")):
            print("fake_x: bad signature; base string %s" % base, file=sys.stderr)
            return None
        nonce = (fields.get("oauth_nonce"), stamp)
        with self.server.state.lock:
            if nonce in self.server.state.nonces:
                return None
            self.server.state.nonces.add(nonce)
        return args.user_id

    def token(self, body):
        state = self.server.state
        form = dict(parse_qsl(body.decode()))
        client = form.get("client_id")
        header = self.headers.get("Authorization") or ""
        if header.startswith("Basic "):
            client_id, _, secret = base64.b64decode(header[6:]).decode().partition(":")
            if secret != state.args.client_secret:
                return 401, {"error": "invalid_client", "error_description": "Client authentication failed."}
            client = client_id
        if client != state.args.client_id:
            return 400, {"error": "invalid_request", "error_description": "Missing valid authorization header"}
        if form.get("grant_type") != "refresh_token":
            return 400, {"error": "invalid_request", "error_description": "Value passed for grant_type was invalid."}
        with state.lock:
            refresh = form.get("refresh_token")
            if refresh not in state.refresh_tokens:
                return 400, {"error": "invalid_request",
                             "error_description": "Value passed for the token was invalid."}
            state.refresh_tokens.discard(refresh)
            state.refreshes += 1
            access = "at-" + secrets.token_hex(8)
            new_refresh = "rt-" + secrets.token_hex(8)
            state.access_tokens.add(access)
            state.refresh_tokens.add(new_refresh)
        return 200, {"token_type": "bearer", "expires_in": 7200, "access_token": access,
                     "scope": "tweet.read tweet.write users.read offline.access", "refresh_token": new_refresh}

    # -- posts -----------------------------------------------------------------------------------------------

    def rate_headers(self, state):
        rate = state.rate
        if not rate:
            return {}
        headers = {"x-rate-limit-limit": rate["limit"], "x-rate-limit-remaining": rate["remaining"],
                   "x-rate-limit-reset": rate["reset"]}
        if "user_limit" in rate:
            headers.update({"x-user-limit-24hour-limit": rate["user_limit"],
                            "x-user-limit-24hour-remaining": rate["user_remaining"],
                            "x-user-limit-24hour-reset": rate["user_reset"]})
        return headers

    def create_tweet(self, body):
        state = self.server.state
        with state.lock:
            fault = state.take_fault("/2/tweets")
        if fault and fault["kind"] == "status":
            status = fault["status"]
            return self.reply(status, problem("Service Unavailable", "Service Unavailable", "about:blank", status))
        if fault and fault["kind"] == "429":
            return self.reply(429, problem("Too Many Requests", "Too Many Requests", "about:blank", 429),
                              {"x-rate-limit-limit": 100, "x-rate-limit-remaining": 0,
                               "x-rate-limit-reset": fault["reset"]})
        try:
            payload = json.loads(body)
        except ValueError:
            return self.reply(*invalid("Request body is not valid JSON"))
        status, answer, created = self.validate_and_create(payload)
        if fault and fault["kind"] == "drop" and created:
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if created:
            delay = state.delays.pop(len(state.tweets), None)
            if fault and fault["kind"] == "slow":
                delay = fault.get("seconds", 5)
            if delay:
                time.sleep(delay)
        with state.lock:
            headers = self.rate_headers(state)
        self.reply(status, answer, headers)

    def validate_and_create(self, payload):
        state = self.server.state
        if not isinstance(payload, dict):
            return invalid("Request body must be a JSON object") + (False,)
        for key in payload:
            if key not in TWEET_FIELDS:
                return invalid("The property '%s' is not defined and the schema does not allow additional "
                               "properties." % key, {key: [json.dumps(payload[key])]}) + (False,)
        text = payload.get("text")
        if text is not None and not isinstance(text, str):
            return invalid("$.text: string expected") + (False,)
        reply_to = None
        if "reply" in payload:
            reply = payload["reply"]
            if not isinstance(reply, dict) or set(reply) - REPLY_FIELDS or \
                    not isinstance(reply.get("in_reply_to_tweet_id"), str):
                return invalid("$.reply: in_reply_to_tweet_id (string) expected") + (False,)
            reply_to = reply["in_reply_to_tweet_id"]
        media_ids = []
        if "media" in payload:
            media = payload["media"]
            if not isinstance(media, dict) or set(media) - MEDIA_FIELDS or not isinstance(media.get("media_ids"),
                                                                                           list):
                return invalid("$.media: media_ids (array) expected") + (False,)
            media_ids = media["media_ids"]
            if not 1 <= len(media_ids) <= 4 or not all(isinstance(m, str) and m.isdigit() for m in media_ids):
                return invalid("$.media.media_ids: 1 to 4 numeric strings expected") + (False,)
        if not text and not media_ids:
            return invalid("Post text or media is required") + (False,)
        if text and len(text) > 280:
            return invalid("$.text: longer than 280 characters") + (False,)
        with state.lock:
            for media_id in media_ids:
                if media_id not in state.media:
                    return invalid("Your media IDs are invalid.") + (False,)
            if reply_to is not None and not any(t["id"] == reply_to for t in state.tweets):
                return 403, problem("Forbidden", "You attempted to reply to a Tweet that is deleted or not visible "
                                    "to you.", "about:blank", 403), False
            if any(t["text"] == (text or "") for t in state.tweets):
                return DUPLICATE + (False,)
            rate = state.rate
            if rate:
                now = time.time()
                if now >= rate["reset"]:
                    rate["remaining"] = rate["limit"]
                    rate["reset"] = int(now) + 900
                if rate["remaining"] <= 0 or rate.get("user_remaining", 1) <= 0:
                    return 429, problem("Too Many Requests", "Too Many Requests", "about:blank", 429), False
                rate["remaining"] -= 1
                if "user_remaining" in rate:
                    rate["user_remaining"] -= 1
            tweet = {"id": state.new_id(), "text": text or "", "in_reply_to": reply_to, "media_ids": media_ids,
                     "created_at": time.time(), "author_id": state.args.user_id}
            state.tweets.append(tweet)
        return 201, {"data": {"id": tweet["id"], "text": tweet["text"],
                              "edit_history_tweet_ids": [tweet["id"]]}}, True

    def timeline(self, query):
        state = self.server.state
        params = dict(parse_qsl(query))
        try:
            count = int(params.get("max_results", "10"))
        except ValueError:
            count = 0
        if not 5 <= count <= 100:
            return invalid("The `max_results` query parameter value [%s] is not between 5 and 100"
                           % params.get("max_results"))
        start = parse_iso(params["start_time"]) if "start_time" in params else 0
        fields = set(filter(None, params.get("tweet.fields", "").split(",")))
        with state.lock:
            visible = state.tweets
            if state.lag > 0:
                state.lag -= 1
                visible = visible[:-1]
            posts = [t for t in reversed(visible) if t["created_at"] >= start]
        offset = int(params.get("pagination_token", "0") or 0)
        page = posts[offset:offset + count]
        data = []
        for tweet in page:
            item = {"id": tweet["id"], "text": timeline_text(tweet), "edit_history_tweet_ids": [tweet["id"]]}
            if "attachments" in fields and tweet["media_ids"]:
                item["attachments"] = {"media_keys": ["3_" + m for m in tweet["media_ids"]]}
            if "created_at" in fields:
                item["created_at"] = iso(tweet["created_at"])
            if "referenced_tweets" in fields and tweet["in_reply_to"]:
                item["referenced_tweets"] = [{"type": "replied_to", "id": tweet["in_reply_to"]}]
            data.append(item)
        meta = {"result_count": len(data)}
        if data:
            meta["newest_id"], meta["oldest_id"] = data[0]["id"], data[-1]["id"]
        if offset + count < len(posts):
            meta["next_token"] = str(offset + count)
        body = {"meta": meta}
        if data:
            body["data"] = data
        return 200, body

    def lookup(self, query):
        state = self.server.state
        params = dict(parse_qsl(query))
        ids = params.get("ids", "").split(",") if params.get("ids") else []
        if not 1 <= len(ids) <= 100 or not all(i.isdigit() and len(i) <= 19 for i in ids):
            return self.reply(*invalid("The `ids` query parameter value [%s] is not valid: 1 to 100 numeric ids"
                                       % params.get("ids", "")))
        fields = set(filter(None, params.get("tweet.fields", "").split(",")))
        with state.lock:
            headers = {}
            rate = state.lookup_rate
            if rate:
                if rate["remaining"] <= 0:
                    return self.reply(429, problem("Too Many Requests", "Too Many Requests", "about:blank", 429),
                                      {"x-rate-limit-limit": rate["limit"], "x-rate-limit-remaining": 0,
                                       "x-rate-limit-reset": rate["reset"]})
                rate["remaining"] -= 1
                headers = {"x-rate-limit-limit": rate["limit"], "x-rate-limit-remaining": rate["remaining"],
                           "x-rate-limit-reset": rate["reset"]}
            tweets = {t["id"]: t for t in state.tweets if not t.get("deleted")}
            data, errors = [], []
            for tweet_id in ids:
                tweet = tweets.get(tweet_id)
                if tweet is None:
                    errors.append({"value": tweet_id, "detail": "Could not find tweet with ids: [%s]." % tweet_id,
                                   "title": "Not Found Error", "resource_type": "tweet", "parameter": "ids",
                                   "resource_id": tweet_id,
                                   "type": "https://api.twitter.com/2/problems/resource-not-found"})
                    continue
                item = {"id": tweet_id, "text": timeline_text(tweet), "edit_history_tweet_ids": [tweet_id]}
                if "public_metrics" in fields:
                    counts = state.engagement.get(tweet_id, {})
                    item["public_metrics"] = {
                        "retweet_count": counts.get("reposts", 0), "reply_count": counts.get("replies", 0),
                        "like_count": counts.get("likes", 0), "quote_count": counts.get("quotes", 0),
                        "bookmark_count": 0, "impression_count": counts.get("impressions", 0)}
                data.append(item)
        body = {}
        if data:
            body["data"] = data
        if errors:
            body["errors"] = errors
        return self.reply(200, body, headers)

    # -- media -----------------------------------------------------------------------------------------------

    def upload(self, body):
        state = self.server.state
        try:
            payload = json.loads(body)
            raw = base64.b64decode(payload["media"], validate=True)
        except (ValueError, KeyError, TypeError, binascii.Error):
            return invalid("media: base64 data expected")
        if set(payload) - {"media", "media_category", "media_type", "additional_owners", "shared"}:
            return invalid("unknown field")
        if payload.get("media_category") not in MEDIA_CATEGORIES:
            return invalid("media_category: unknown value")
        if not raw or len(raw) > 5 << 20:
            return invalid("media: empty or larger than 5 MB")
        with state.lock:
            media_id = state.new_id()
            state.media[media_id] = {"size": len(raw), "alt": None, "type": payload.get("media_type"),
                                     "category": payload["media_category"]}
        return 200, {"data": {"id": media_id, "media_key": "3_" + media_id, "size": len(raw),
                              "expires_after_secs": 86400}}

    def metadata(self, body):
        state = self.server.state
        try:
            payload = json.loads(body)
            media_id = payload["id"]
            alt = payload["metadata"]["alt_text"]["text"]
        except (ValueError, KeyError, TypeError):
            return invalid("id and metadata.alt_text.text expected")
        with state.lock:
            if media_id not in state.media:
                return invalid("media not found")
            if len(alt) > 1000:
                return invalid("alt text longer than 1000 characters")
            state.media[media_id]["alt"] = alt
        return 200, {"data": {"id": media_id, "associated_metadata": True}}

    # -- control ---------------------------------------------------------------------------------------------

    def control(self, method, path, body):
        state = self.server.state
        payload = json.loads(body) if body else {}
        with state.lock:
            if path == "/_control/statuses":
                answer = [{"id": t["id"], "text": t["text"], "in_reply_to": t["in_reply_to"],
                           "media_ids": t["media_ids"], "created_at": iso(t["created_at"])} for t in state.tweets]
            elif path == "/_control/stats":
                answer = {"requests": state.requests, "refreshes": state.refreshes, "media": state.media}
            elif path == "/_control/faults" and method == "POST":
                state.faults.extend(payload.get("faults", []))
                answer = {"queued": len(state.faults)}
            elif path == "/_control/rate" and method == "POST":
                state.rate = {"limit": payload["limit"], "remaining": payload.get("remaining", payload["limit"]),
                              "reset": payload["reset"]}
                if "user_limit" in payload:
                    state.rate.update({"user_limit": payload["user_limit"],
                                       "user_remaining": payload.get("user_remaining", payload["user_limit"]),
                                       "user_reset": payload["user_reset"]})
                answer = state.rate
            elif path == "/_control/engagement" and method == "POST":
                state.engagement[payload["id"]] = payload
                answer = {}
            elif path == "/_control/delete" and method == "POST":
                for tweet in state.tweets:
                    if tweet["id"] == payload["id"]:
                        tweet["deleted"] = True
                answer = {}
            elif path == "/_control/lookup_rate" and method == "POST":
                state.lookup_rate = {"limit": payload["limit"], "remaining": payload.get("remaining", payload["limit"]),
                                     "reset": payload["reset"]}
                answer = state.lookup_rate
            elif path == "/_control/expire_tokens" and method == "POST":
                state.access_tokens.clear()
                answer = {}
            elif path == "/_control/lag" and method == "POST":
                state.lag = payload["requests"]
                answer = {}
            elif path == "/_control/delay" and method == "POST":
                state.delays[payload["index"]] = payload["seconds"]
                answer = {}
            else:
                return self.reply(404, {"error": "unknown control path"})
        self.reply(200, answer)


def main():
    # The test runner may start us with SIGTERM blocked; make it end us as expected.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parser = argparse.ArgumentParser()
    parser.add_argument("--consumer-key", default="test-consumer-key")
    parser.add_argument("--consumer-secret", default="test-consumer-secret")
    parser.add_argument("--access-token", default="42-test-access-token")
    parser.add_argument("--access-token-secret", default="test-access-token-secret")
    parser.add_argument("--client-id", default="test-client-id")
    parser.add_argument("--client-secret", default=None)
    parser.add_argument("--refresh-token", default="rt-initial")
    parser.add_argument("--access-token-v2", default=None)
    parser.add_argument("--user-id", default="42")
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.state = State(args)
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
