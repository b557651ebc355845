#!/usr/bin/env python3
"""A loopback LinkedIn REST (Posts, Images, Comments, OAuth refresh) server for Herald's tests: what the real API
checks, with code that is not Herald's, plus fault injection.

Usage: fake_linkedin.py --token TOKEN --author URN [--refresh-token RT --client-id ID --client-secret S]
                        [--today YYYYMM]
Prints the port it listens on (127.0.0.1) as the first line of stdout, and nothing else on stdout.

Errors are Rest.li bodies {"status": N, "code": CODE, "message": TEXT} (plus "serviceErrorCode" where LinkedIn has
one). Every /rest/... request needs, checked in this order:
  Authorization: Bearer TOKEN      401 INVALID_ACCESS_TOKEN (serviceErrorCode 65600); 401 EXPIRED_ACCESS_TOKEN
                                   (65601) once expired through /_control/config
  LinkedIn-Version: YYYYMM         missing: 400 VERSION_MISSING; malformed, older than 12 months before --today
                                   (default: this month, UTC) or after it: 426 NONEXISTENT_VERSION
  X-Restli-Protocol-Version: 2.0.0 missing or other: 400 ILLEGAL_ARGUMENT

API (the subset Herald uses):
  POST /rest/posts                  JSON {author, commentary, visibility, distribution, lifecycleState,
                                    isReshareDisabledByAuthor?, content?: {media: {id, altText?, title?}}}.
                                    Checked as Rest.li does: body not a JSON object -> 400 ILLEGAL_ARGUMENT; every
                                    missing required / unrecognized (any level) / mistyped field -> one line each of
                                    "ERROR :: /path :: ...\\n" in one 422; author not the token's -> 403
                                    ACCESS_DENIED; the image must exist and be AVAILABLE -> else 422.
                                    `commentary` is little text, rendered to plain text: `\\x` is x, `#word`,
                                    `{hashtag|\\#|word}` -> `#word`, `@[Name](urn:li:person:..|organization:..)` ->
                                    Name; an unescaped reserved character (\\ | { } @ [ ] ( ) < > # * _ ~) that starts
                                    none of these silently cuts the text there (the post is still created). Plain
                                    text over 3000 UTF-16 code units -> 422; the same plain text as an earlier post of
                                    the author -> 422 DUPLICATE_POST naming it. Success: 201, empty body,
                                    x-restli-id / x-linkedin-id: urn:li:share:N
  GET  /rest/posts?q=author&author=URN&count=N&start=M&sortBy=LAST_MODIFIED|CREATED
                                    newest first; count default 10, at most 100 (larger is clamped)
  GET  /rest/posts/{encoded urn}    one post, or 404 NOT_FOUND
  POST /rest/images?action=initializeUpload   {"initializeUploadRequest": {"owner": AUTHOR}}
                                    -> {"value": {uploadUrlExpiresAt, uploadUrl, image}}
  PUT  /_upload/ID                  the bytes, Bearer token only (no version headers) -> 201; empty -> 400
  GET  /rest/images/{encoded urn}   {id, status WAITING_UPLOAD|PROCESSING|AVAILABLE, owner, downloadUrl?}
  POST /rest/socialActions/{encoded post urn}/comments   {actor, object, message: {text}} -> 201 with
                                    x-restli-id urn:li:comment:(POST,ID) and the comment; plain text <= 1250
  GET  /rest/socialActions/{encoded post urn}/comments?start=&count=   oldest first
  POST /oauth/v2/accessToken        form grant_type=refresh_token, refresh_token, client_id, client_secret
                                    -> a new access token; the refresh token stays the same (its expires_in is the
                                    time left of one year from the fake's start)
Throttling answers 429 {"status": 429, "message": "Resource level throttle APPLICATION DAY limit ..."}.

Control (no auth):
  POST /_control/faults    see fault_plan.py; a list, or {"faults": [...]}. Paths compare with %-escapes decoded,
                           and a fault path may put `*` for one segment (/rest/socialActions/*/comments,
                           /rest/posts/*, /rest/images/*, /_upload/*). status: `code` (default 503) with a Rest.li
                           body; ratelimit: 429 (Retry-After: reset_in when given); slow; drop
  POST /_control/config    {"expire_tokens": true (every access token issued so far now gets 401
                            EXPIRED_ACCESS_TOKEN), "seed_posts": N (N unrelated posts by the author, newest),
                            "revoke_refresh_token": true (refresh now gets 400 invalid_grant),
                            "image_processing": N (after each upload, the image is PROCESSING for N look-ups)}
  GET  /_control/statuses  every post and comment created (not the seeded ones), in creation order:
                           {urn, kind, author, raw, text, truncated, parent, image, alt_text, visibility, created}
  GET  /_control/counts    {"posts", "comments", "images", "uploads", "refresh", "lookups", "image_lookups",
                            "comment_lookups"}: requests that passed the header checks and were not stopped by a
                           status/ratelimit fault
  GET  /_control/requests  the last 50 non-control requests: {method, path, authorization ("Bearer <redacted>" or
                           null), token ("valid"|"expired"|"invalid"|null), linkedin_version,
                           restli_protocol_version, status (null when dropped)}
"""

import argparse
import datetime
import http
import json
import re
import secrets
import sys
import threading
import time
import urllib.parse
from http.server import ThreadingHTTPServer

from fake_http import FakeHandler

from fault_plan import FaultPlan, reset_signals

RESERVED = set("\\|{}@[]()<>#*_~")
AUTHOR_URN = re.compile(r"^urn:li:(person|organization):[A-Za-z0-9_-]+$")
POST_URN = re.compile(r"^urn:li:(share|ugcPost):[0-9]+$")
IMAGE_URN = re.compile(r"^urn:li:image:[A-Za-z0-9_-]+$")
VERSION = re.compile(r"^([0-9]{4})(0[1-9]|1[0-2])$")
VISIBILITIES = ("PUBLIC", "CONNECTIONS", "LOGGED_IN")
FEED_DISTRIBUTIONS = ("MAIN_FEED", "NONE")
LIFECYCLE_STATES = ("PUBLISHED",)
OTHER_LIFECYCLE_STATES = ("DRAFT", "PUBLISH_REQUESTED", "PUBLISH_FAILED")
POST_LIMIT = 3000
COMMENT_LIMIT = 1250
ALT_TEXT_LIMIT = 4086
ACCESS_TTL = 5184000
REFRESH_TTL = 31536000
THROTTLED = "Resource level throttle APPLICATION DAY limit for calls to this resource is reached."
REQUEST_LOG = 50

# Rest.li schemas: field -> (required, kind), kind one of "string", "boolean", "array", a tuple of enum symbols,
# or a dict (a record).
MEDIA_SCHEMA = {"id": (True, "string"), "altText": (False, "string"), "title": (False, "string")}
POST_SCHEMA = {
    "author": (True, "string"),
    "commentary": (True, "string"),
    "visibility": (True, VISIBILITIES),
    "distribution": (True, {
        "feedDistribution": (True, FEED_DISTRIBUTIONS),
        "targetEntities": (False, "array"),
        "thirdPartyDistributionChannels": (False, "array"),
    }),
    "lifecycleState": (True, LIFECYCLE_STATES + OTHER_LIFECYCLE_STATES),
    "isReshareDisabledByAuthor": (False, "boolean"),
    "content": (False, {"media": (False, MEDIA_SCHEMA)}),
}
IMAGE_INIT_SCHEMA = {"initializeUploadRequest": (True, {"owner": (True, "string")})}
COMMENT_SCHEMA = {"actor": (True, "string"), "object": (True, "string"),
                  "message": (True, {"text": (True, "string")})}


def now_ms():
    return int(time.time() * 1000)


def utf16_length(text):
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def month_number(year, month):
    return year * 12 + month - 1


def validate(value, schema, path=""):
    """Rest.li data validation of a JSON object against a record schema: the error lines, in document order."""
    errors = []
    for name, field in value.items():
        where = "%s/%s" % (path, name)
        if name not in schema:
            errors.append("ERROR :: %s :: unrecognized field found but not allowed\n" % where)
            continue
        kind = schema[name][1]
        shown = json.dumps(field)
        if isinstance(kind, dict):
            if not isinstance(field, dict):
                errors.append("ERROR :: %s :: %s is not a record\n" % (where, shown))
            else:
                errors.extend(validate(field, kind, where))
        elif isinstance(kind, tuple):
            if not isinstance(field, str) or field not in kind:
                errors.append("ERROR :: %s :: %s is not an enum symbol\n" % (where, shown))
        elif kind == "string" and not isinstance(field, str):
            errors.append("ERROR :: %s :: %s cannot be coerced to String\n" % (where, shown))
        elif kind == "boolean" and not isinstance(field, bool):
            errors.append("ERROR :: %s :: %s cannot be coerced to Boolean\n" % (where, shown))
        elif kind == "array" and not isinstance(field, list):
            errors.append("ERROR :: %s :: %s is not an array\n" % (where, shown))
    for name, (required, _) in schema.items():
        if required and name not in value:
            errors.append("ERROR :: %s/%s :: field is required but not found and has no default value\n"
                          % (path, name))
    return errors


# -- little text ---------------------------------------------------------------------------------------------------

def is_word(char):
    return char.isalnum() or char == "_"


def read_word(raw, i):
    """Hashtag word characters from raw[i] (letters, digits, `_`, and `\\_`): (word, index after it)."""
    word = []
    while i < len(raw):
        if raw[i] == "\\" and raw[i + 1:i + 2] == "_":
            word.append("_")
            i += 2
        elif is_word(raw[i]):
            word.append(raw[i])
            i += 1
        else:
            break
    return "".join(word), i


def read_mention(raw, i):
    """`@[Name](urn)` at raw[i]: (shown name, index after it), or None."""
    if raw[i:i + 2] != "@[":
        return None
    j = i + 2
    name = []
    while j < len(raw) and raw[j] != "]":
        if raw[j] == "\\":
            if j + 1 >= len(raw):
                return None
            name.append(raw[j + 1])
            j += 2
        elif raw[j] in RESERVED:
            return None
        else:
            name.append(raw[j])
            j += 1
    if j >= len(raw) or not name or raw[j:j + 2] != "](":
        return None
    end = raw.find(")", j + 2)
    if end < 0:
        return None
    urn = raw[j + 2:end].replace("\\_", "_").replace("\\-", "-")
    if not AUTHOR_URN.match(urn):
        return None
    return "".join(name), end + 1


def render_little(raw):
    """Little text as LinkedIn shows it: (plain text, truncated?)."""
    out = []
    i = 0
    template = "{hashtag|\\#|"
    while i < len(raw):
        char = raw[i]
        if char == "\\":
            if i + 1 < len(raw):
                out.append(raw[i + 1])
                i += 2
                continue
            return "".join(out), True
        if char not in RESERVED:
            out.append(char)
            i += 1
            continue
        if char == "#":
            previous = out[-1][-1:] if out else ""
            word, after = read_word(raw, i + 1)
            if word and not (previous and is_word(previous)):
                out.append("#" + word)
                i = after
                continue
        elif char == "{" and raw.startswith(template, i):
            word, after = read_word(raw, i + len(template))
            if word and raw[after:after + 1] == "}":
                out.append("#" + word)
                i = after + 1
                continue
        elif char == "@":
            mention = read_mention(raw, i)
            if mention is not None:
                out.append(mention[0])
                i = mention[1]
                continue
        return "".join(out), True
    return "".join(out), False


# -- state ---------------------------------------------------------------------------------------------------------

class PathFaults(FaultPlan):
    """FaultPlan whose paths compare %-decoded, with `*` standing for any one segment."""

    @staticmethod
    def normal(path):
        return "/".join(urllib.parse.unquote(part) for part in path.split("/"))

    def take_path(self, path):
        parts = self.normal(path).split("/")
        candidates = {"/".join(parts)}
        for index in range(1, len(parts)):
            candidates.add("/".join(parts[:index] + ["*"] + parts[index + 1:]))
        return self.take_matching(lambda fault_path: self.normal(fault_path) in candidates)


class State:
    def __init__(self, args):
        self.lock = threading.RLock()  # re-entrant: answers sent while holding it note their status
        self.author = args.author
        self.tokens = {args.token: "valid"}      # token -> "valid" | "expired"
        self.refresh_token = args.refresh_token
        self.refresh_revoked = False
        self.client_id = args.client_id
        self.client_secret = args.client_secret
        self.started = time.time()
        year, month = int(args.today[:4]), int(args.today[4:])
        self.today = month_number(year, month)
        self.port = None
        self.posts = []          # every post, seeded ones too, in creation order
        self.posts_by_urn = {}
        self.comments = {}       # post urn -> [comment]
        self.created = []        # control view: posts and comments created through the API
        self.images = {}         # image id -> {...}
        self.image_processing = 0
        self.requests = []
        self.counts = {"posts": 0, "comments": 0, "images": 0, "uploads": 0, "refresh": 0, "lookups": 0,
                       "image_lookups": 0, "comment_lookups": 0}
        self.next_share = 7300000000000000000
        self.next_comment = 7300500000000000000
        self.faults = PathFaults()

    def new_post(self, fields, raw, text, seeded=False):
        """A post as stored (the caller holds the lock)."""
        self.next_share += 1
        urn = "urn:li:share:%d" % self.next_share
        stamp = now_ms()
        post = {
            "id": urn,
            "author": fields["author"],
            "commentary": raw,
            "visibility": fields["visibility"],
            "distribution": fields["distribution"],
            "lifecycleState": fields["lifecycleState"],
            "lifecycleStateInfo": {"isEditedByAuthor": False},
            "isReshareDisabledByAuthor": fields.get("isReshareDisabledByAuthor", False),
            "createdAt": stamp,
            "lastModifiedAt": stamp,
            "publishedAt": stamp,
        }
        if "content" in fields:
            post["content"] = fields["content"]
        self.posts.append({"post": post, "text": text, "seq": self.next_share, "seeded": seeded})
        self.posts_by_urn[urn] = self.posts[-1]
        return post


class Handler(FakeHandler):
    # -- plumbing ------------------------------------------------------------------------------------------------

    def send(self, code, value=None, headers=()):
        """Answers `value` as JSON, or an empty body when it is None."""
        body = b"" if value is None else json.dumps(value).encode()
        self.send_response(code)
        if value is not None:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if self.split.path.startswith("/rest/"):
            self.send_header("X-RestLi-Protocol-Version", "2.0.0")
        for name, val in headers:
            self.send_header(name, val)
        self.end_headers()
        self.wfile.write(body)
        if self.entry is not None:
            with self.state.lock:
                self.entry["status"] = code

    def error(self, code, name, message, headers=(), **extra):
        value = {"status": code, "code": name, "message": message}
        value.update(extra)
        self.send(code, value, headers)

    def finish_with_fault(self, fault, code, value=None, headers=()):
        self.answer_after_fault(fault, lambda: self.send(code, value, headers))

    def apply_fault_before(self, fault):
        """Answers for faults that stop the request before it is handled; True when it answered."""
        if fault is None:
            return False
        if fault["kind"] == "status":
            code = int(fault.get("code", 503))
            if self.split.path == "/oauth/v2/accessToken" and code < 500:
                self.send(code, {"error": fault.get("error", "invalid_request"),
                                 "error_description": fault.get("message", "Injected failure")})
            elif code == 401:
                self.error(401, "INVALID_ACCESS_TOKEN", "Invalid access token", serviceErrorCode=65600)
            elif code == 429:
                self.send(429, {"status": 429, "message": THROTTLED})
            else:
                try:
                    phrase = http.HTTPStatus(code).phrase
                except ValueError:
                    phrase = "Error"
                self.error(code, fault.get("error", phrase.upper().replace(" ", "_").replace("-", "_")),
                           fault.get("message", phrase))
            return True
        if fault["kind"] == "ratelimit":
            headers = [("Retry-After", str(int(fault["reset_in"])))] if "reset_in" in fault else []
            self.send(429, {"status": 429, "message": fault.get("message", THROTTLED)}, headers)
            return True
        return False

    def token_state(self):
        value = self.headers.get("Authorization")
        if value is None:
            return None
        if not value.startswith("Bearer "):
            return "invalid"
        with self.state.lock:
            return self.state.tokens.get(value[len("Bearer "):], "invalid")

    def check_token(self):
        state = self.token_state()
        if state == "valid":
            return True
        if state == "expired":
            self.error(401, "EXPIRED_ACCESS_TOKEN", "The token used in the request has expired",
                       serviceErrorCode=65601)
        else:
            self.error(401, "INVALID_ACCESS_TOKEN", "Invalid access token", serviceErrorCode=65600)
        return False

    def check_rest_headers(self):
        if not self.check_token():
            return False
        version = self.headers.get("LinkedIn-Version")
        if version is None:
            self.error(400, "VERSION_MISSING",
                       "A version must be present. Please specify a version by adding the LinkedIn-Version header.")
            return False
        match = VERSION.match(version.strip())
        if not match or not self.state.today - 12 <= month_number(int(match.group(1)), int(match.group(2))) \
                <= self.state.today:
            self.error(426, "NONEXISTENT_VERSION", "Requested version %s is not active" % version)
            return False
        protocol = self.headers.get("X-Restli-Protocol-Version")
        if protocol != "2.0.0":
            self.error(400, "ILLEGAL_ARGUMENT",
                       "X-Restli-Protocol-Version must be 2.0.0 (got %s)" % ("nothing" if protocol is None
                                                                              else repr(protocol)))
            return False
        return True

    def log_entry(self, method):
        authorization = self.headers.get("Authorization")
        if authorization is not None:
            authorization = "Bearer <redacted>" if authorization.startswith("Bearer ") else "<redacted>"
        self.entry = {"method": method, "path": self.path, "authorization": authorization,
                      "token": self.token_state(), "linkedin_version": self.headers.get("LinkedIn-Version"),
                      "restli_protocol_version": self.headers.get("X-Restli-Protocol-Version"), "status": None}
        with self.state.lock:
            self.state.requests.append(self.entry)
            del self.state.requests[:-REQUEST_LOG]

    def parse_json(self, body):
        try:
            value = json.loads(body)
        except ValueError:
            value = None
        if not isinstance(value, dict):
            self.error(400, "ILLEGAL_ARGUMENT", "Request body could not be converted to data map")
            return None
        return value

    def query(self):
        return dict(urllib.parse.parse_qsl(self.split.query, keep_blank_values=True))

    def paging(self, query, default=10, most=100):
        """(start, count) from the query, or None after answering 400."""
        try:
            start = int(query.get("start", "0"))
            count = int(query.get("count", str(default)))
        except ValueError:
            start = count = -1
        if start < 0 or count < 0:
            self.error(400, "ILLEGAL_ARGUMENT", "start and count must be non-negative integers")
            return None
        return start, min(count, most)

    # -- routing -------------------------------------------------------------------------------------------------

    def do_GET(self):
        self.route("GET")

    def do_POST(self):
        self.route("POST")

    def do_PUT(self):
        self.route("PUT")

    def do_DELETE(self):
        self.route("DELETE")

    def route(self, method):
        self.entry = None
        self.split = urllib.parse.urlsplit(self.path)
        path = self.split.path
        body = self.read_body()
        if path.startswith("/_control/"):
            return self.control(method, path, body)
        self.log_entry(method)
        state = self.state
        if path == "/oauth/v2/accessToken" and method == "POST":
            fault = state.faults.take_path(path)
            if self.apply_fault_before(fault):
                return
            return self.refresh(body, fault)
        if path.startswith("/_upload/") and method == "PUT":
            if not self.check_token():
                return
            fault = state.faults.take_path(path)
            if self.apply_fault_before(fault):
                return
            return self.upload(path[len("/_upload/"):], body, fault)
        if not path.startswith("/rest/"):
            return self.error(404, "NOT_FOUND", "Not Found")
        if not self.check_rest_headers():
            return
        fault = state.faults.take_path(path)
        if self.apply_fault_before(fault):
            return
        parts = path.split("/")
        keys = [urllib.parse.unquote(part) for part in parts]
        if method == "POST" and path == "/rest/posts":
            return self.create_post(body, fault)
        if method == "GET" and path == "/rest/posts":
            return self.find_posts(fault)
        if method == "GET" and len(parts) == 4 and parts[2] == "posts":
            return self.get_post(keys[3], fault)
        if method == "POST" and path == "/rest/images":
            return self.initialize_upload(body, fault)
        if method == "GET" and len(parts) == 4 and parts[2] == "images":
            return self.get_image(keys[3], fault)
        if len(parts) == 5 and parts[2] == "socialActions" and parts[4] == "comments":
            if method == "POST":
                return self.create_comment(keys[3], body, fault)
            if method == "GET":
                return self.list_comments(keys[3], fault)
        self.error(404, "NOT_FOUND", "No resource found for %s %s" % (method, path))

    def control(self, method, path, body):
        state = self.state
        if method == "POST" and path == "/_control/faults":
            try:
                faults = json.loads(body)
                if isinstance(faults, dict):
                    faults = faults["faults"] if "faults" in faults else [faults]
                state.faults.add(faults)
            except (ValueError, TypeError, KeyError) as error:
                return self.send(400, {"error": str(error)})
            return self.send(200, {"ok": True})
        if method == "POST" and path == "/_control/config":
            try:
                config = json.loads(body)
                seeds = int(config.get("seed_posts", 0))
            except (ValueError, TypeError, AttributeError) as error:
                return self.send(400, {"error": str(error)})
            with state.lock:
                if config.get("expire_tokens"):
                    for token in state.tokens:
                        state.tokens[token] = "expired"
                if config.get("revoke_refresh_token"):
                    state.refresh_revoked = True
                if "image_processing" in config:
                    state.image_processing = int(config["image_processing"])
                for number in range(seeds):
                    fields = {"author": state.author, "visibility": "PUBLIC", "lifecycleState": "PUBLISHED",
                              "distribution": {"feedDistribution": "MAIN_FEED", "targetEntities": [],
                                               "thirdPartyDistributionChannels": []}}
                    text = "Unrelated post %d" % (len(state.posts) + 1)
                    state.new_post(fields, text, text, seeded=True)
            return self.send(200, {"ok": True})
        if method == "GET" and path == "/_control/statuses":
            with state.lock:
                return self.send(200, list(state.created))
        if method == "GET" and path == "/_control/counts":
            with state.lock:
                return self.send(200, dict(state.counts))
        if method == "GET" and path == "/_control/requests":
            with state.lock:
                return self.send(200, [dict(entry) for entry in state.requests])
        self.send(404, {"error": "Not found"})

    # -- posts ---------------------------------------------------------------------------------------------------

    def create_post(self, body, fault):
        state = self.state
        with state.lock:
            state.counts["posts"] += 1
        fields = self.parse_json(body)
        if fields is None:
            return
        problems = validate(fields, POST_SCHEMA)
        content = fields.get("content")
        if not problems and content is not None and "media" not in content:
            problems.append("ERROR :: /content :: a content union needs exactly one member\n")
        if not problems and fields["lifecycleState"] != "PUBLISHED":
            problems.append("ERROR :: /lifecycleState :: this fake only creates PUBLISHED posts\n")
        if not problems and not AUTHOR_URN.match(fields["author"]):
            problems.append("ERROR :: /author :: %s is not a person or organization urn\n"
                            % json.dumps(fields["author"]))
        if problems:
            return self.error(422, "UNPROCESSABLE_ENTITY", "".join(problems))
        if fields["author"] != state.author:
            return self.error(403, "ACCESS_DENIED", "Unpermitted fields present in REQUEST_BODY: Data Processing "
                              "Exception while processing fields [/author]", serviceErrorCode=100)
        raw = fields["commentary"]
        text, truncated = render_little(raw)
        length = utf16_length(text)
        media = (content or {}).get("media")
        with state.lock:
            if media is not None:
                image = None
                if IMAGE_URN.match(media["id"]):
                    image = state.images.get(media["id"][len("urn:li:image:"):])
                if image is None:
                    return self.error(422, "UNPROCESSABLE_ENTITY",
                                      "ERROR :: /content/media/id :: %s does not exist\n" % media["id"])
                if image["status"] != "AVAILABLE" or image["owner"] != fields["author"]:
                    return self.error(422, "UNPROCESSABLE_ENTITY",
                                      "ERROR :: /content/media/id :: %s is %s, not AVAILABLE for %s\n"
                                      % (media["id"], image["status"], fields["author"]))
                if utf16_length(media.get("altText", "")) > ALT_TEXT_LIMIT:
                    return self.error(422, "UNPROCESSABLE_ENTITY", "ERROR :: /content/media/altText :: length "
                                      "exceeds the maximum of %d characters\n" % ALT_TEXT_LIMIT)
            elif raw == "":
                return self.error(422, "UNPROCESSABLE_ENTITY",
                                  "ERROR :: /commentary :: commentary is empty and there is no content\n")
            if length > POST_LIMIT:
                return self.error(422, "UNPROCESSABLE_ENTITY",
                                  "ERROR :: /commentary :: commentary is %d characters long, more than the maximum "
                                  "of %d\n" % (length, POST_LIMIT))
            duplicate = next((p for p in state.posts if text and p["text"] == text
                              and p["post"]["author"] == fields["author"]), None)
            if duplicate is not None:
                urn = duplicate["post"]["id"]
                return self.error(422, "DUPLICATE_POST", "Content is a duplicate of %s" % urn, errorDetails={
                    "inputErrors": [{"code": "DUPLICATE_POST", "description": "Duplicate post is detected",
                                     "input": {"inputPath": {"fieldPath": "/commentary"}}}]})
            post = state.new_post(fields, raw, text)
            state.created.append({
                "urn": post["id"], "kind": "post", "author": post["author"], "raw": raw, "text": text,
                "truncated": truncated, "parent": None, "image": media["id"] if media else None,
                "alt_text": media.get("altText") if media else None, "visibility": post["visibility"],
                "created": post["createdAt"]})
        self.finish_with_fault(fault, 201, None, [("x-restli-id", post["id"]), ("x-linkedin-id", post["id"])])

    def find_posts(self, fault):
        state = self.state
        query = self.query()
        if query.get("q") != "author":
            return self.error(400, "ILLEGAL_ARGUMENT", "Invalid query parameters passed to request: q=author is "
                              "the supported finder")
        author = query.get("author")
        if author is None or not AUTHOR_URN.match(author):
            return self.error(400, "ILLEGAL_ARGUMENT", "Invalid value for param author: %r" % author)
        sort = query.get("sortBy", "LAST_MODIFIED")
        if sort not in ("LAST_MODIFIED", "CREATED"):
            return self.error(400, "ILLEGAL_ARGUMENT", "Invalid value for param sortBy: %r" % sort)
        paging = self.paging(query)
        if paging is None:
            return
        if author != state.author:
            return self.error(403, "ACCESS_DENIED", "Not enough permissions to access: posts.FINDER-author",
                              serviceErrorCode=100)
        start, count = paging
        key = "lastModifiedAt" if sort == "LAST_MODIFIED" else "createdAt"
        with state.lock:
            state.counts["lookups"] += 1
            mine = [p for p in state.posts if p["post"]["author"] == author]
            mine.sort(key=lambda p: (p["post"][key], p["seq"]), reverse=True)
            page = [json.loads(json.dumps(p["post"])) for p in mine[start:start + count]]
            total = len(mine)
        self.finish_with_fault(fault, 200, {"elements": page, "paging": {"start": start, "count": count,
                                                                          "total": total, "links": []}})

    def get_post(self, urn, fault):
        state = self.state
        with state.lock:
            state.counts["lookups"] += 1
            found = state.posts_by_urn.get(urn)
            post = json.loads(json.dumps(found["post"])) if found else None
        if post is None:
            return self.error(404, "NOT_FOUND", "Not Found")
        self.finish_with_fault(fault, 200, post)

    # -- images --------------------------------------------------------------------------------------------------

    def initialize_upload(self, body, fault):
        state = self.state
        if self.query().get("action") != "initializeUpload":
            return self.error(400, "ILLEGAL_ARGUMENT", "Unsupported action %r" % self.query().get("action"))
        with state.lock:
            state.counts["images"] += 1
        fields = self.parse_json(body)
        if fields is None:
            return
        problems = validate(fields, IMAGE_INIT_SCHEMA)
        if problems:
            return self.error(422, "UNPROCESSABLE_ENTITY", "".join(problems))
        owner = fields["initializeUploadRequest"]["owner"]
        if owner != state.author:
            return self.error(403, "ACCESS_DENIED", "Not enough permissions to upload an image for %s" % owner,
                              serviceErrorCode=100)
        with state.lock:
            image_id = "D4E10AQ" + secrets.token_hex(8)
            state.images[image_id] = {"id": image_id, "owner": owner, "status": "WAITING_UPLOAD", "size": 0,
                                      "processing": 0}
            value = {"uploadUrlExpiresAt": now_ms() + 86400000,
                     "uploadUrl": "http://127.0.0.1:%d/_upload/%s" % (state.port, image_id),
                     "image": "urn:li:image:" + image_id}
        self.finish_with_fault(fault, 200, {"value": value})

    def upload(self, image_id, body, fault):
        state = self.state
        with state.lock:
            state.counts["uploads"] += 1
            image = state.images.get(image_id)
            if image is None:
                return self.error(404, "NOT_FOUND", "No upload is waiting at this URL")
            if not body:
                return self.error(400, "BAD_REQUEST", "The upload is empty")
            image["status"] = "AVAILABLE" if state.image_processing <= 0 else "PROCESSING"
            image["processing"] = state.image_processing
            image["size"] = len(body)
            image["mediaType"] = self.headers.get("Content-Type")
        self.finish_with_fault(fault, 201, None)

    def get_image(self, urn, fault):
        state = self.state
        with state.lock:
            state.counts["image_lookups"] += 1
            image = state.images.get(urn[len("urn:li:image:"):]) if IMAGE_URN.match(urn) else None
            if image is None:
                return self.error(404, "NOT_FOUND", "Not Found")
            if image["status"] == "PROCESSING":
                if image["processing"] <= 0:
                    image["status"] = "AVAILABLE"
                image["processing"] -= 1
            value = {"id": urn, "status": image["status"], "owner": image["owner"]}
            if image["status"] == "AVAILABLE":
                value["downloadUrl"] = "https://media.licdn.invalid/dms/image/%s/0" % image["id"]
                value["downloadUrlExpiresAt"] = now_ms() + 3600000
        self.finish_with_fault(fault, 200, value)

    # -- comments ------------------------------------------------------------------------------------------------

    def create_comment(self, urn, body, fault):
        state = self.state
        with state.lock:
            state.counts["comments"] += 1
            exists = urn in state.posts_by_urn
        if not POST_URN.match(urn) or not exists:
            return self.error(404, "NOT_FOUND", "Not Found: no post %s" % urn)
        fields = self.parse_json(body)
        if fields is None:
            return
        problems = validate(fields, COMMENT_SCHEMA)
        if not problems and fields["object"] != urn:
            problems.append("ERROR :: /object :: %s is not the post in the path, %s\n"
                            % (json.dumps(fields["object"]), urn))
        if not problems and fields["message"]["text"] == "":
            problems.append("ERROR :: /message/text :: the comment text is empty\n")
        if problems:
            return self.error(422, "UNPROCESSABLE_ENTITY", "".join(problems))
        if fields["actor"] != state.author:
            return self.error(403, "ACCESS_DENIED", "Not enough permissions to comment as %s" % fields["actor"],
                              serviceErrorCode=100)
        raw = fields["message"]["text"]
        text, truncated = render_little(raw)
        length = utf16_length(text)
        if length > COMMENT_LIMIT:
            return self.error(422, "UNPROCESSABLE_ENTITY", "ERROR :: /message/text :: the comment is %d characters "
                              "long, more than the maximum of %d\n" % (length, COMMENT_LIMIT))
        with state.lock:
            state.next_comment += 1
            comment_id = str(state.next_comment)
            comment_urn = "urn:li:comment:(%s,%s)" % (urn, comment_id)
            stamp = now_ms()
            comment = {"id": comment_id, "$URN": comment_urn, "commentUrn": comment_urn, "actor": fields["actor"],
                       "object": urn, "message": {"text": raw}, "created": {"time": stamp},
                       "lastModified": {"time": stamp}}
            state.comments.setdefault(urn, []).append(comment)
            state.created.append({
                "urn": comment_urn, "kind": "comment", "author": fields["actor"], "raw": raw, "text": text,
                "truncated": truncated, "parent": urn, "image": None, "alt_text": None, "visibility": None,
                "created": stamp})
        self.finish_with_fault(fault, 201, comment, [("x-restli-id", comment_urn)])

    def list_comments(self, urn, fault):
        state = self.state
        paging = self.paging(self.query())
        if paging is None:
            return
        start, count = paging
        with state.lock:
            state.counts["comment_lookups"] += 1
            if urn not in state.posts_by_urn:
                return self.error(404, "NOT_FOUND", "Not Found: no post %s" % urn)
            comments = state.comments.get(urn, [])
            page = [json.loads(json.dumps(c)) for c in comments[start:start + count]]
            total = len(comments)
        self.finish_with_fault(fault, 200, {"elements": page, "paging": {"start": start, "count": count,
                                                                          "total": total, "links": []}})

    # -- OAuth ---------------------------------------------------------------------------------------------------

    def refresh(self, body, fault):
        state = self.state
        with state.lock:
            state.counts["refresh"] += 1
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if kind != "application/x-www-form-urlencoded":
            return self.send(400, {"error": "invalid_request",
                                   "error_description": "Content-Type must be application/x-www-form-urlencoded"})
        form = dict(urllib.parse.parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        for name in ("grant_type", "refresh_token", "client_id", "client_secret"):
            if not form.get(name):
                return self.send(400, {"error": "invalid_request",
                                       "error_description": "A required parameter \"%s\" is missing" % name})
        if form["grant_type"] != "refresh_token":
            return self.send(400, {"error": "unsupported_grant_type",
                                   "error_description": "grant_type %r is not supported" % form["grant_type"]})
        if state.client_id is None or form["client_id"] != state.client_id or \
                form["client_secret"] != state.client_secret:
            return self.send(401, {"error": "invalid_client", "error_description": "Client authentication failed"})
        with state.lock:
            left = int(REFRESH_TTL - (time.time() - state.started))
            if state.refresh_token is None or form["refresh_token"] != state.refresh_token or \
                    state.refresh_revoked or left <= 0:
                return self.send(400, {"error": "invalid_grant", "error_description": "The provided authorization "
                                       "grant or refresh token is invalid, expired or revoked"})
            token = "AQ" + secrets.token_urlsafe(32)
            state.tokens[token] = "valid"
        self.finish_with_fault(fault, 200, {"access_token": token, "expires_in": ACCESS_TTL,
                                            "refresh_token": state.refresh_token, "refresh_token_expires_in": left,
                                            "scope": "w_member_social,r_basicprofile"})


def main():
    reset_signals()
    parser = argparse.ArgumentParser()
    parser.add_argument("--token", required=True)
    parser.add_argument("--author", required=True)
    parser.add_argument("--refresh-token")
    parser.add_argument("--client-id")
    parser.add_argument("--client-secret")
    parser.add_argument("--today", default=datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m"))
    args = parser.parse_args()
    if not AUTHOR_URN.match(args.author):
        parser.error("--author must be a urn:li:person:... or urn:li:organization:... URN")
    if not VERSION.match(args.today):
        parser.error("--today must be YYYYMM")
    Handler.state = State(args)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    Handler.state.port = server.server_address[1]
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
