#!/usr/bin/env python3
"""A loopback stand-in for Meta's Threads API (graph.threads.net) for Herald's tests: what the real API checks,
with code that is not Herald's, plus fault injection.

Usage: fake_threads.py --token TOKEN --user-id ID [--username NAME] [--post-quota 250] [--reply-quota 1000]
                       [--serve-media DIR] [--token-age SECONDS]
Prints the port it listens on (127.0.0.1) as the first line of stdout, and nothing else there.

Requests: parameters come from the query string and, for POST, from an application/x-www-form-urlencoded body
(the body wins on a clash; any other non-empty body is refused). The token is the `access_token` parameter or
`Authorization: Bearer TOKEN`. A parameter an endpoint does not take -> 400 code 100 "(#100) Param NAME is not a
valid parameter" (real Threads parameters the fake does not implement say so instead). Errors are Graph bodies,
HTTP 400 unless said otherwise:
  {"error": {"message", "type": "OAuthException"|"THApiException", "code", "error_subcode"?, "fbtrace_id"}}
A missing, unknown, expired (60 days) or control-expired token -> code 190. `fields` names a node's fields
(`a,b{c}`); a field the node type does not have -> code 100 "Tried accessing nonexisting field"; known fields
that do not apply are left out, as Graph does.

API (the subset Herald uses), under /v1.0:
  GET  /me, /{user-id}                  fields id (always), username, name, threads_biography, is_verified
  POST /{user-id}/threads               a media container ({user-id} is the token's user or `me`): media_type
                                        TEXT (text required) or IMAGE (image_url http(s) required, text and
                                        alt_text <= 1000 optional); reply_to_id must be a post published here.
                                        Text: at most 500, an emoji counting its UTF-8 bytes, anything else 1 per
                                        code point; more than 5 distinct links (http(s):// or www.) ->
                                        THREADS_API__LINK_LIMIT_EXCEEDED. -> {"id": CONTAINER_ID}
                                        IMAGE: the fake downloads image_url itself (5 s timeout, no proxy): ERROR
                                        "FAILED_DOWNLOADING_IMAGE" unless HTTP 200, image/* and a body of 1 byte
                                        to 8 MiB. Every container is IN_PROGRESS for `container_delay` seconds
                                        (and, for IMAGE, until downloaded), EXPIRED 24 h after creation.
  GET  /{container-id}                  fields id, status (IN_PROGRESS|FINISHED|ERROR|EXPIRED|PUBLISHED),
                                        error_message (only with ERROR)
  POST /{user-id}/threads_publish       creation_id: FINISHED -> {"id": MEDIA_ID}; IN_PROGRESS -> code 24 subcode
                                        4279009; ERROR/EXPIRED/PUBLISHED -> code 100 (never a second post);
                                        over the 24 h quota (posts, or replies for a reply) -> code 4
  GET  /{user-id}/threads_publishing_limit   fields quota_usage, config, reply_quota_usage, reply_config
                                        (all four without `fields`) -> {"data": [{...}]}
  GET  /{user-id}/threads               top-level posts, newest first; /{user-id}/replies the replies;
                                        limit (25, at most 100), after / before (cursors), since / until (epoch
                                        seconds) -> {"data": [...], "paging": {"cursors": {"before", "after"},
                                        "next"?, "previous"?}} (no paging when data is empty)
  GET  /{media-id}                      fields id, media_product_type (THREADS), media_type (TEXT_POST|IMAGE),
                                        media_url, permalink, shortcode, owner {id}, username, text, timestamp
                                        (2026-12-04T17:30:00+0000), alt_text, is_quote_post, has_replies,
                                        is_reply, is_reply_owned_by_me, replied_to {id} and root_post {id}
                                        (replies only), hide_status, reply_audience
Outside /v1.0:
  GET  /refresh_access_token            grant_type=th_refresh_token, access_token: a valid token at least
                                        refresh_min_age old (the start token is --token-age old) -> {"access_token",
                                        "token_type": "bearer", "expires_in": 5184000}; the old one keeps working
  GET  /media/REL/PATH                  with --serve-media DIR: DIR/REL/PATH, no auth, type from the extension

Control (no auth):
  POST /_control/faults      see fault_plan.py; path is the request path (e.g. /v1.0/42/threads_publish) or
                             "METHOD path" (e.g. "POST /v1.0/42/threads") to tell the list from the create.
                             status: HTTP `code` (503) with a Graph body (`error_code` 2, `error_subcode`,
                             `message` optional), nothing done; ratelimit: 429 with code 4, nothing done;
                             slow: done, answered `delay` (5) s later; drop: done, connection closed unanswered
  POST /_control/config      {"container_delay": S, "expire_tokens": true, "expire_containers": true,
                              "quota_used": N, "reply_quota_used": N (pretended publishes in the window, added to
                              the real ones), "refresh_min_age": S, "post_quota": N, "reply_quota": N,
                              "add_token": TOKEN (a new valid token, --token-age old)}; unknown keys -> 400
  GET  /_control/statuses    every published post, in publish order
  GET  /_control/containers  every container, in creation order
  GET  /_control/counts      {"containers", "publish", "status_polls", "limit_checks", "refresh", "me", "lists",
                              "post_reads", "media_served"}
  GET  /_control/tokens      the currently valid tokens, oldest first
"""

import argparse
import base64
import json
import mimetypes
import os
import re
import secrets
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from fake_http import FakeHandler, serve

from fault_plan import FaultPlan, reset_signals

DAY = 86400
TOKEN_LIFETIME = 5184000          # long-lived Threads tokens: 60 days
TEXT_LIMIT = 500
LINK_LIMIT = 5
ALT_TEXT_LIMIT = 1000
IMAGE_MAX_BYTES = 8 * 1024 * 1024
DEFAULT_LIMIT, MAX_LIMIT = 25, 100

CREATE_PARAMS = {"media_type", "text", "image_url", "alt_text", "reply_to_id", "is_carousel_item"}
# Real parameters of POST /{user-id}/threads that this fake does not implement: refused with their own message.
UNSUPPORTED_CREATE_PARAMS = {"video_url", "children", "reply_control", "quote_post_id", "link_attachment",
                             "topic_tag", "allowlisted_country_codes", "location_id", "auto_publish_text",
                             "enable_reply_approvals", "is_spoiler_media", "text_entities", "text_attachment",
                             "gif_attachment", "poll_attachment", "is_ghost_post"}
USER_FIELDS = {"id", "username", "name", "threads_profile_picture_url", "threads_biography", "is_verified"}
CONTAINER_FIELDS = {"id", "status", "error_message"}
MEDIA_FIELDS = {"id", "media_product_type", "media_type", "media_url", "permalink", "owner", "username", "text",
                "timestamp", "shortcode", "thumbnail_url", "children", "is_quote_post", "quoted_post",
                "reposted_post", "alt_text", "link_attachment_url", "gif_url", "has_replies", "is_reply",
                "is_reply_owned_by_me", "root_post", "replied_to", "hide_status", "reply_audience", "topic_tag",
                "poll_attachment", "location", "location_id", "is_verified", "profile_picture_url",
                "is_spoiler_media", "text_entities", "text_attachment"}
LIMIT_FIELDS = ("quota_usage", "config", "reply_quota_usage", "reply_config")
CONFIG_KEYS = {"container_delay", "expire_tokens", "expire_containers", "quota_used", "reply_quota_used",
               "refresh_min_age", "post_quota", "reply_quota", "add_token"}

# -- Threads' text length: an emoji counts its UTF-8 bytes, everything else 1 per code point --------------------

EMOJI_BLOCKS = ((0x1F000, 0x1FAFF), (0x2600, 0x27BF), (0x2B00, 0x2BFF), (0x2300, 0x23FF))
JOINERS = {0x200D, 0xFE0F, 0x20E3}      # ZWJ, VS16, combining keycap; tags U+E0020-E007F too


def is_emoji_base(point):
    return any(low <= point <= high for low, high in EMOJI_BLOCKS)


def is_joiner(point):
    return point in JOINERS or 0xE0020 <= point <= 0xE007F


def threads_length(text):
    """The length Threads holds against the 500 limit. Emoji blocks (regional indicators and skin tones lie in
    U+1F000-1FAFF) count their UTF-8 bytes; ZWJ, VS16, keycap and tag characters do too when they sit in an
    unbroken run with an emoji (or the run is a keycap sequence), and count 1 otherwise."""
    total = 0
    run = []

    def close_run():
        nonlocal total
        if run and any(is_emoji_base(ord(c)) or ord(c) == 0x20E3 for c in run):
            total += sum(len(c.encode("utf-8")) for c in run)
        else:
            total += len(run)
        run.clear()

    for char in text:
        point = ord(char)
        if is_emoji_base(point) or is_joiner(point):
            run.append(char)
        else:
            close_run()
            total += 1
    close_run()
    return total


LINK_RE = re.compile(r"(?i)(?:\bhttps?://|(?<![\w.@/])www\.)[^\s<>\"']+")


def distinct_links(text):
    links = set()
    for match in LINK_RE.finditer(text):
        link = match.group(0).rstrip(".,;:!?)]}")
        link = re.sub(r"(?i)^https?://", "", link)
        host, _, rest = link.partition("/")
        links.add(host.lower() + ("/" + rest if rest else "").rstrip("/"))
    return links


def graph_time(timestamp):
    return time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime(timestamp))


def field_names(value):
    """`id,owner{id},text` -> ["id", "owner", "text"] (sub-selections are not looked into)."""
    names, depth, current = [], 0, ""
    for char in value or "":
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == "," and depth == 0:
            names.append(current.strip())
            current = ""
        elif depth == 0:
            current += char
    names.append(current.strip())
    return [name for name in names if name]


class GraphError(Exception):
    def __init__(self, code, message, kind="OAuthException", subcode=None, status=400, headers=()):
        super().__init__(message)
        self.code, self.message, self.kind, self.subcode = code, message, kind, subcode
        self.status, self.headers = status, list(headers)

    def body(self):
        error = {"message": self.message, "type": self.kind, "code": self.code}
        if self.subcode is not None:
            error["error_subcode"] = self.subcode
        error["fbtrace_id"] = "A" + secrets.token_urlsafe(15)
        return {"error": error}


def param_error(message):
    return GraphError(100, "(#100) " + message)


def no_object(object_id, method):
    return GraphError(100, "Unsupported %s request. Object with ID '%s' does not exist, cannot be loaded due to "
                      "missing permissions, or does not support this operation" % (method.lower(), object_id),
                      subcode=33)


class State:
    def __init__(self, args):
        self.lock = threading.Lock()
        self.user_id = args.user_id
        self.username = args.username
        self.post_quota = args.post_quota
        self.reply_quota = args.reply_quota
        self.media_dir = os.path.realpath(args.serve_media) if args.serve_media else None
        self.token_age = args.token_age
        self.tokens = {args.token: {"issued": time.time() - args.token_age, "revoked": False}}
        self.refresh_min_age = DAY
        self.container_delay = 0.0
        self.containers = {}      # id -> container, in creation order
        self.posts = {}           # media id -> post, in publish order
        self.publishes = []       # (time, is_reply) of every publish, for the moving 24 h windows
        self.quota_extra = 0
        self.reply_quota_extra = 0
        self.next_container = 17890000000000000
        self.next_media = 18050000000000000
        self.counts = {"containers": 0, "publish": 0, "status_polls": 0, "limit_checks": 0, "refresh": 0,
                       "me": 0, "lists": 0, "post_reads": 0, "media_served": 0}
        self.faults = FaultPlan()

    # The caller holds the lock for everything below.

    def check_token(self, token):
        if not token:
            raise GraphError(190, "An active access token must be used to query information about the current "
                             "user.")
        entry = self.tokens.get(token)
        if entry is None:
            raise GraphError(190, "Invalid OAuth access token - Cannot parse access token",
                             headers=[("WWW-Authenticate", 'OAuth "Facebook Platform" "invalid_token" '
                                       '"Invalid OAuth access token - Cannot parse access token"')])
        if entry["revoked"] or time.time() >= entry["issued"] + TOKEN_LIFETIME:
            raise GraphError(190, "Error validating access token: Session has expired.", subcode=463,
                             headers=[("WWW-Authenticate", 'OAuth "Facebook Platform" "invalid_token" '
                                       '"Error validating access token: Session has expired."')])
        return entry

    def valid_tokens(self):
        now = time.time()
        return [token for token, entry in sorted(self.tokens.items(), key=lambda item: item[1]["issued"])
                if not entry["revoked"] and now < entry["issued"] + TOKEN_LIFETIME]

    def container_status(self, container, now):
        if container["media_id"] is not None:
            return "PUBLISHED"
        if container["expired"] or now >= container["created"] + DAY:
            return "EXPIRED"
        if container["download"] == "failed":
            return "ERROR"
        if container["download"] == "pending" or now < container["ready_at"]:
            return "IN_PROGRESS"
        return "FINISHED"

    def usage(self, now):
        recent = [is_reply for at, is_reply in self.publishes if now - at < DAY]
        return (self.quota_extra + sum(1 for r in recent if not r),
                self.reply_quota_extra + sum(1 for r in recent if r))

    def root_of(self, media_id):
        post = self.posts[media_id]
        while post["reply_to_id"] is not None and post["reply_to_id"] in self.posts:
            post = self.posts[post["reply_to_id"]]
        return post["id"]

    def media_node(self, post, fields):
        node = {"id": post["id"]}
        is_image = post["media_type"] == "IMAGE"
        is_reply = post["reply_to_id"] is not None
        values = {
            "media_product_type": "THREADS",
            "media_type": "IMAGE" if is_image else "TEXT_POST",
            "media_url": post["image_url"] if is_image else None,
            "permalink": "https://www.threads.net/@%s/post/%s" % (self.username, post["shortcode"]),
            "shortcode": post["shortcode"],
            "owner": {"id": self.user_id},
            "username": self.username,
            "text": post["text"] or None,
            "timestamp": graph_time(post["published"]),
            "alt_text": post["alt_text"] if is_image else None,
            "is_quote_post": False,
            "has_replies": any(p["reply_to_id"] == post["id"] for p in self.posts.values()),
            "is_reply": is_reply,
            "is_reply_owned_by_me": is_reply,
            "replied_to": {"id": post["reply_to_id"]} if is_reply else None,
            "root_post": {"id": self.root_of(post["id"])} if is_reply else None,
            "hide_status": "NOT_HUSHED",
            "reply_audience": "EVERYONE",
        }
        for name in fields:
            if values.get(name) is not None:
                node[name] = values[name]
        return node


def shortcode_of(media_id):
    return "D" + base64.urlsafe_b64encode(int(media_id).to_bytes(8, "big")).decode().rstrip("=")


def encode_cursor(media_id):
    return base64.urlsafe_b64encode(("fake-cursor:" + media_id).encode()).decode().rstrip("=")


def decode_cursor(cursor):
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        text = ""
    if not text.startswith("fake-cursor:") or not text[len("fake-cursor:"):].isdigit():
        raise param_error("Invalid cursor %r" % cursor)
    return int(text[len("fake-cursor:"):])


def download_image(state, container_id, url):
    """What Threads does with image_url: fetch it from its own servers; the container's status follows."""
    result = {"download": "failed", "error_message": "FAILED_DOWNLOADING_IMAGE", "image_bytes": None,
              "image_content_type": None}
    def take(response, status):
        kind = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        data = response.read(IMAGE_MAX_BYTES + 1)
        result["image_bytes"] = len(data)
        result["image_content_type"] = kind or None
        if status == 200 and kind.startswith("image/") and 0 < len(data) <= IMAGE_MAX_BYTES:
            result["download"] = "done"
            result["error_message"] = None

    try:
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        request = urllib.request.Request(url, headers={"User-Agent": "facebookexternalhit/1.1 (fake_threads)"})
        with opener.open(request, timeout=5) as response:
            take(response, response.status)
    except urllib.error.HTTPError as error:
        try:
            take(error, error.code)
        except OSError:
            pass
    except (urllib.error.URLError, OSError, ValueError):
        pass
    with state.lock:
        state.containers[container_id].update(result)


class Handler(FakeHandler):
    # -- plumbing ---------------------------------------------------------------------------------------------

    def send_bytes(self, code, body, content_type, headers=()):
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, val in headers:
            self.send_header(name, val)
        self.end_headers()
        self.wfile.write(body)

    def send_json(self, code, value, headers=()):
        self.send_bytes(code, json.dumps(value).encode(), "application/json; charset=UTF-8", headers)

    def apply_fault_before(self, fault):
        """Answers for faults that stop the request before it is handled; True when it answered."""
        if fault is None:
            return False
        if fault["kind"] == "status":
            code = fault.get("code", 503)
            error = GraphError(fault.get("error_code", 2), fault.get(
                "message", "An unexpected error has occurred. Please retry your request later."),
                subcode=fault.get("error_subcode"), status=code)
            body = error.body()
            if code >= 500:
                body["error"]["is_transient"] = True
            self.send_json(code, body)
            return True
        if fault["kind"] == "ratelimit":
            self.send_json(429, GraphError(4, "Application request limit reached").body())
            return True
        return False

    def params(self, body):
        query = urllib.parse.urlsplit(self.path).query
        try:
            params = dict(urllib.parse.parse_qsl(query, keep_blank_values=True, errors="strict"))
        except UnicodeDecodeError:
            raise param_error("The query string is not UTF-8")
        if body:
            kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if kind != "application/x-www-form-urlencoded":
                raise param_error("Unsupported Content-Type %r for a request body (this fake takes "
                                  "application/x-www-form-urlencoded)" % kind)
            try:
                params.update(urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True,
                                                     errors="strict"))
            except UnicodeDecodeError:
                raise param_error("The request body is not UTF-8")
        return params

    def token(self, params):
        if params.get("access_token"):
            return params["access_token"]
        value = self.headers.get("Authorization") or ""
        if value[:7].lower() == "bearer ":
            return value[7:].strip()
        if value[:6].lower() == "oauth ":
            return value[6:].strip()
        return None

    @staticmethod
    def check_params(params, allowed):
        for name in params:
            if name == "access_token" or name in allowed:
                continue
            if name in UNSUPPORTED_CREATE_PARAMS:
                raise param_error("Param %s is a Threads parameter this fake does not support" % name)
            raise param_error("Param %s is not a valid parameter" % name)

    @staticmethod
    def fields(params, known, node_type, default=("id",)):
        if "fields" not in params:
            return list(default)
        names = field_names(params["fields"])
        for name in names:
            if name not in known:
                raise param_error("Tried accessing nonexisting field (%s) on node type (%s)" % (name, node_type))
        return names

    # -- dispatch ---------------------------------------------------------------------------------------------

    def do_GET(self):
        self.dispatch("GET")

    def do_POST(self):
        self.dispatch("POST")

    def do_DELETE(self):
        self.dispatch("DELETE")

    def dispatch(self, method):
        path = urllib.parse.urlsplit(self.path).path
        body = self.read_body() if method != "GET" else b""
        if path.startswith("/_control/"):
            return self.control(method, path, body)
        state = self.state
        fault = state.faults.take(method + " " + path) or state.faults.take(path)
        if self.apply_fault_before(fault):
            return
        if method == "GET" and path.startswith("/media/"):
            return self.serve_media(path, fault)
        try:
            params = self.params(body)
            if path == "/refresh_access_token":
                if method != "GET":
                    raise GraphError(100, "Unsupported %s request" % method.lower())
                value = self.refresh(params)
            elif path.startswith("/v1.0/"):
                value = self.graph(method, path, params)
            else:
                return self.answer_after_fault(fault, lambda: self.send_json(404, {"error": "Not found"}))
        except GraphError as error:
            return self.answer_after_fault(fault, lambda: self.send_json(error.status, error.body(), error.headers))
        self.answer_after_fault(fault, lambda: self.send_json(200, value))

    def graph(self, method, path, params):
        state = self.state
        parts = path.rstrip("/").split("/")[2:]
        if not parts or not parts[0] or len(parts) > 2:
            raise GraphError(100, "Unknown path components: %s" % path, subcode=2500)
        node, edge = parts[0], (parts[1] if len(parts) == 2 else None)
        token = self.token(params)
        is_user = node in ("me", state.user_id)
        if edge is None and method == "GET":
            if is_user:
                return self.get_user(token, params)
            return self.get_node(token, node, params)
        if is_user and edge == "threads" and method == "POST":
            return self.create_container(token, params)
        if is_user and edge == "threads_publish" and method == "POST":
            return self.publish(token, params)
        if is_user and edge == "threads_publishing_limit" and method == "GET":
            return self.publishing_limit(token, params)
        if is_user and edge in ("threads", "replies") and method == "GET":
            return self.list_posts(token, params, edge == "replies")
        with state.lock:
            state.check_token(token)
        if edge is not None and not is_user and method == "POST" and edge in ("threads", "threads_publish"):
            raise no_object(node, method)
        if edge is not None:
            raise GraphError(100, "(#100) Unsupported %s request for edge %s on %s (in this fake)"
                             % (method.lower(), edge, node))
        raise no_object(node, method)

    # -- endpoints --------------------------------------------------------------------------------------------

    def get_user(self, token, params):
        state = self.state
        with state.lock:
            state.counts["me"] += 1
            state.check_token(token)
        self.check_params(params, {"fields"})
        fields = self.fields(params, USER_FIELDS, "ThreadsUser")
        values = {"id": state.user_id, "username": state.username, "name": state.username,
                  "threads_biography": "", "is_verified": False}
        node = {"id": state.user_id}
        for name in fields:
            if name in values:
                node[name] = values[name]
        return node

    def get_node(self, token, node_id, params):
        state = self.state
        with state.lock:
            is_container = node_id in state.containers
            state.counts["status_polls" if is_container else "post_reads"] += 1
            state.check_token(token)
        self.check_params(params, {"fields"})
        with state.lock:
            if is_container:
                fields = self.fields(params, CONTAINER_FIELDS, "ThreadsMediaContainer")
                container = state.containers[node_id]
                status = state.container_status(container, time.time())
                node = {"id": node_id}
                if "status" in fields:
                    node["status"] = status
                if "error_message" in fields and status == "ERROR":
                    node["error_message"] = container["error_message"]
                return node
            post = state.posts.get(node_id)
            if post is None:
                raise no_object(node_id, "GET")
            fields = self.fields(params, MEDIA_FIELDS, "ThreadsMedia")
            return state.media_node(post, fields)

    def create_container(self, token, params):
        state = self.state
        with state.lock:
            state.counts["containers"] += 1
            state.check_token(token)
        self.check_params(params, CREATE_PARAMS)
        if params.get("is_carousel_item", "false").lower() not in ("false", "0"):
            raise param_error("Param is_carousel_item=true (carousels) is not supported by this fake")
        media_type = params.get("media_type")
        if not media_type:
            raise param_error("The parameter media_type is required")
        if media_type in ("VIDEO", "CAROUSEL"):
            raise param_error("media_type %s is not supported by this fake" % media_type)
        if media_type not in ("TEXT", "IMAGE"):
            raise param_error("Param media_type must be one of {TEXT, IMAGE, VIDEO, CAROUSEL}")
        text = params.get("text", "")
        image_url = params.get("image_url")
        alt_text = params.get("alt_text")
        if media_type == "TEXT":
            if not text.strip():
                raise param_error("Param text is required for media_type TEXT")
            for name in ("image_url", "alt_text"):
                if name in params:
                    raise param_error("Param %s is only valid with media_type IMAGE" % name)
        else:
            if not image_url:
                raise param_error("Param image_url is required for media_type IMAGE")
            split = urllib.parse.urlsplit(image_url)
            if split.scheme not in ("http", "https") or not split.hostname:
                raise param_error("Param image_url must be a URL")
            if alt_text is not None and len(alt_text) > ALT_TEXT_LIMIT:
                raise param_error("Param alt_text is %d characters, the limit is %d"
                                  % (len(alt_text), ALT_TEXT_LIMIT))
        length = threads_length(text)
        if length > TEXT_LIMIT:
            raise GraphError(100, "(#100) text is %d characters, the limit is %d" % (length, TEXT_LIMIT),
                             kind="THApiException")
        if len(distinct_links(text)) > LINK_LIMIT:
            raise GraphError(100, "THREADS_API__LINK_LIMIT_EXCEEDED", kind="THApiException")
        reply_to = params.get("reply_to_id")
        with state.lock:
            if reply_to is not None and reply_to not in state.posts:
                raise param_error("Invalid parameter: reply_to_id %r is not a published post" % reply_to)
            state.next_container += 1
            container_id = str(state.next_container)
            now = time.time()
            state.containers[container_id] = {
                "id": container_id, "params": {k: v for k, v in params.items() if k != "access_token"},
                "media_type": media_type, "created": now, "ready_at": now + state.container_delay,
                "download": "pending" if media_type == "IMAGE" else "none", "error_message": None,
                "image_bytes": None, "image_content_type": None, "expired": False, "media_id": None}
        if media_type == "IMAGE":
            threading.Thread(target=download_image, args=(state, container_id, image_url), daemon=True).start()
        return {"id": container_id}

    def publish(self, token, params):
        state = self.state
        with state.lock:
            state.counts["publish"] += 1
            state.check_token(token)
        self.check_params(params, {"creation_id"})
        creation_id = params.get("creation_id")
        if not creation_id:
            raise param_error("The parameter creation_id is required")
        with state.lock:
            container = state.containers.get(creation_id)
            if container is None:
                raise param_error("Invalid parameter: creation_id %r is not a media container" % creation_id)
            now = time.time()
            status = state.container_status(container, now)
            if status == "IN_PROGRESS":
                raise GraphError(24, "The media is not ready to be published, please wait for a moment",
                                 kind="THApiException", subcode=4279009)
            if status == "PUBLISHED":
                raise param_error("The container has already been published")
            if status == "ERROR":
                raise param_error("The container could not be processed: %s" % container["error_message"])
            if status == "EXPIRED":
                raise param_error("The container has expired (not published within 24 hours)")
            params_of = container["params"]
            reply_to = params_of.get("reply_to_id")
            posts_used, replies_used = state.usage(now)
            if (reply_to is None and posts_used >= state.post_quota) or \
                    (reply_to is not None and replies_used >= state.reply_quota):
                raise GraphError(4, "Application request limit reached")
            state.next_media += 1
            media_id = str(state.next_media)
            state.posts[media_id] = {
                "id": media_id, "text": params_of.get("text", ""), "media_type": container["media_type"],
                "image_url": params_of.get("image_url"), "alt_text": params_of.get("alt_text"),
                "reply_to_id": reply_to, "container_id": creation_id, "published": now,
                "timestamp": graph_time(now), "image_bytes": container["image_bytes"],
                "image_content_type": container["image_content_type"], "shortcode": shortcode_of(media_id)}
            state.publishes.append((now, reply_to is not None))
            container["media_id"] = media_id
        return {"id": media_id}

    def publishing_limit(self, token, params):
        state = self.state
        with state.lock:
            state.counts["limit_checks"] += 1
            state.check_token(token)
        self.check_params(params, {"fields"})
        fields = self.fields(params, set(LIMIT_FIELDS), "ThreadsPublishingLimit", default=LIMIT_FIELDS)
        with state.lock:
            posts_used, replies_used = state.usage(time.time())
            values = {"quota_usage": posts_used,
                      "config": {"quota_total": state.post_quota, "quota_duration": DAY},
                      "reply_quota_usage": replies_used,
                      "reply_config": {"quota_total": state.reply_quota, "quota_duration": DAY}}
        return {"data": [{name: values[name] for name in fields}]}

    def list_posts(self, token, params, replies):
        state = self.state
        with state.lock:
            state.counts["lists"] += 1
            state.check_token(token)
        self.check_params(params, {"fields", "limit", "after", "before", "since", "until"})
        fields = self.fields(params, MEDIA_FIELDS, "ThreadsMedia")
        try:
            limit = int(params.get("limit", DEFAULT_LIMIT))
            since = int(params["since"]) if "since" in params else None
            until = int(params["until"]) if "until" in params else None
        except ValueError:
            raise param_error("Params limit, since and until must be integers")
        if limit < 1:
            raise param_error("Param limit must be a positive integer")
        limit = min(limit, MAX_LIMIT)
        after = decode_cursor(params["after"]) if params.get("after") else None
        before = decode_cursor(params["before"]) if params.get("before") else None
        with state.lock:
            newest = [p for p in reversed(list(state.posts.values()))
                      if (p["reply_to_id"] is not None) == replies
                      and (since is None or p["published"] >= since) and (until is None or p["published"] <= until)]
            if after is not None:
                start = next((i for i, p in enumerate(newest) if int(p["id"]) < after), len(newest))
                page = newest[start:start + limit]
            elif before is not None:
                newer = [i for i, p in enumerate(newest) if int(p["id"]) > before]
                start = max(0, len(newer) - limit)
                page = newest[start:len(newer)]
            else:
                start, page = 0, newest[:limit]
            data = [state.media_node(p, fields) for p in page]
        result = {"data": data}
        if page:
            paging = {"cursors": {"before": encode_cursor(page[0]["id"]), "after": encode_cursor(page[-1]["id"])}}
            base = "http://%s%s?" % (self.headers.get("Host") or "127.0.0.1", urllib.parse.urlsplit(self.path).path)
            keep = {k: v for k, v in params.items() if k not in ("after", "before")}
            keep["access_token"] = token
            if start + len(page) < len(newest):
                paging["next"] = base + urllib.parse.urlencode(dict(keep, after=paging["cursors"]["after"]))
            if start > 0:
                paging["previous"] = base + urllib.parse.urlencode(dict(keep, before=paging["cursors"]["before"]))
            result["paging"] = paging
        return result

    def refresh(self, params):
        state = self.state
        with state.lock:
            state.counts["refresh"] += 1
        self.check_params(params, {"grant_type"})
        token = self.token(params)
        with state.lock:
            entry = state.check_token(token)
            if params.get("grant_type") != "th_refresh_token":
                raise param_error("Param grant_type must be th_refresh_token")
            age = time.time() - entry["issued"]
            if age < state.refresh_min_age:
                raise param_error("The access token is too new to be refreshed (%d s old, at least %d s)"
                                  % (age, state.refresh_min_age))
            new_token = "THfake" + secrets.token_urlsafe(24)
            state.tokens[new_token] = {"issued": time.time(), "revoked": False}
        return {"access_token": new_token, "token_type": "bearer", "expires_in": TOKEN_LIFETIME}

    def serve_media(self, path, fault):
        state = self.state
        relative = urllib.parse.unquote(path[len("/media/"):])
        found = None
        if state.media_dir is not None and relative and ".." not in relative.split("/") and "\0" not in relative:
            candidate = os.path.realpath(os.path.join(state.media_dir, relative))
            if candidate.startswith(state.media_dir + os.sep) and os.path.isfile(candidate):
                found = candidate
        if found is None:
            return self.answer_after_fault(fault, lambda: self.send_bytes(404, b"Not found\n", "text/plain"))
        with open(found, "rb") as handle:
            data = handle.read()
        kind = mimetypes.guess_type(found)[0] or "application/octet-stream"
        with state.lock:
            state.counts["media_served"] += 1
        self.answer_after_fault(fault, lambda: self.send_bytes(200, data, kind))

    # -- control ----------------------------------------------------------------------------------------------

    def control(self, method, path, body):
        state = self.state
        if method == "POST" and path == "/_control/faults":
            try:
                state.faults.add(json.loads(body))
            except (ValueError, TypeError, AttributeError) as error:
                return self.send_json(400, {"error": str(error)})
            return self.send_json(200, {"ok": True})
        if method == "POST" and path == "/_control/config":
            try:
                config = json.loads(body)
                unknown = set(config) - CONFIG_KEYS
            except (ValueError, TypeError) as error:
                return self.send_json(400, {"error": str(error)})
            if unknown:
                return self.send_json(400, {"error": "unknown config keys %s" % sorted(unknown)})
            with state.lock:
                if "container_delay" in config:
                    state.container_delay = float(config["container_delay"])
                if config.get("expire_tokens"):
                    for entry in state.tokens.values():
                        entry["revoked"] = True
                if config.get("expire_containers"):
                    for container in state.containers.values():
                        if container["media_id"] is None:
                            container["expired"] = True
                if "quota_used" in config:
                    state.quota_extra = int(config["quota_used"])
                if "reply_quota_used" in config:
                    state.reply_quota_extra = int(config["reply_quota_used"])
                if "refresh_min_age" in config:
                    state.refresh_min_age = float(config["refresh_min_age"])
                if "post_quota" in config:
                    state.post_quota = int(config["post_quota"])
                if "reply_quota" in config:
                    state.reply_quota = int(config["reply_quota"])
                if config.get("add_token"):
                    state.tokens[config["add_token"]] = {"issued": time.time() - state.token_age, "revoked": False}
            return self.send_json(200, {"ok": True})
        if method == "GET" and path == "/_control/statuses":
            keys = ("id", "text", "media_type", "image_url", "alt_text", "reply_to_id", "container_id", "timestamp",
                    "image_bytes", "image_content_type")
            with state.lock:
                return self.send_json(200, [{k: p[k] for k in keys} for p in state.posts.values()])
        if method == "GET" and path == "/_control/containers":
            with state.lock:
                now = time.time()
                return self.send_json(200, [{
                    "id": c["id"], "status": state.container_status(c, now), "params": c["params"],
                    "created": graph_time(c["created"]), "media_id": c["media_id"],
                    "error_message": c["error_message"], "image_bytes": c["image_bytes"],
                    "image_content_type": c["image_content_type"]} for c in state.containers.values()])
        if method == "GET" and path == "/_control/counts":
            with state.lock:
                return self.send_json(200, dict(state.counts))
        if method == "GET" and path == "/_control/tokens":
            with state.lock:
                return self.send_json(200, state.valid_tokens())
        self.send_json(404, {"error": "Not found"})


def main():
    reset_signals()
    parser = argparse.ArgumentParser()
    parser.add_argument("--token", required=True)
    parser.add_argument("--user-id", required=True)
    parser.add_argument("--username", default="herald_brand")
    parser.add_argument("--post-quota", type=int, default=250)
    parser.add_argument("--reply-quota", type=int, default=1000)
    parser.add_argument("--serve-media")
    parser.add_argument("--token-age", type=float, default=2 * DAY)
    args = parser.parse_args()
    Handler.state = State(args)
    serve(Handler)


if __name__ == "__main__":
    sys.exit(main())
