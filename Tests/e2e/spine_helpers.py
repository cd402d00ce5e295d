"""Shared helpers for the end-to-end tests of the action spine.

- `OpenAPI`: validates every response body against the response schema openapi.yaml declares for
  its path, method, status and content type (JSON Schema 2020-12, `$ref`s resolved in the document).
- `Spine`: a running `steward serve --config steward.yaml` with a client whose every call is
  validated against the OpenAPI document, plus shortcuts for the spine's routes.
- `SpineFactory`: starts such servers from YAML text (used by the `spine_factory` fixture).
- `Receiver`: a local HTTP server in a thread (an agent, or the notification webhook) that checks
  Steward's signature and records what it got.
"""
import datetime
import hashlib
import hmac
import json
import os
import re
import signal
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jsonschema
import referencing
import referencing.jsonschema
import yaml

from conftest import Server, steward

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OPENAPI_PATH = os.path.join(ROOT, "Sources", "StewardServer", "Resources", "openapi.yaml")

SEVEN_CHECKS = ["kill_switch", "breakers", "autonomy", "policy", "cost_gate", "budgets", "risk"]


# --------------------------------------------------------------------------------------------
# OpenAPI agreement


def _escape_pointer(token):
    return token.replace("~", "~0").replace("/", "~1")


_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _format_checker():
    checker = jsonschema.FormatChecker(formats=())

    @checker.checks("date-time", raises=ValueError)
    def _date_time(value):
        if not isinstance(value, str):
            return True
        if not _RFC3339.match(value):
            return False
        datetime.datetime.fromisoformat(value.replace("z", "Z").replace("Z", "+00:00"))
        return True

    @checker.checks("date", raises=ValueError)
    def _date(value):
        if not isinstance(value, str):
            return True
        if not _DAY.match(value):
            return False
        datetime.date.fromisoformat(value)
        return True

    return checker


class OpenAPI:
    """The served OpenAPI document, as a validator of responses."""

    URI = "urn:steward:openapi"

    def __init__(self, path=OPENAPI_PATH):
        with open(path) as f:
            self.doc = yaml.safe_load(f)
        resource = referencing.Resource.from_contents(self.doc, default_specification=referencing.jsonschema.DRAFT202012)
        self.registry = referencing.Registry().with_resource(self.URI, resource)
        self.formats = _format_checker()
        self.templates = []
        for template in self.doc["paths"]:
            pattern = "^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$"
            self.templates.append((template, re.compile(pattern)))
        # Literal paths first, so /v1/ledger/verify never matches a template such as /v1/ledger/{x}.
        self.templates.sort(key=lambda t: t[0].count("{"))
        self.seen = set()

    def template(self, path):
        path = path.split("?", 1)[0]
        for template, pattern in self.templates:
            if pattern.match(path):
                return template
        raise AssertionError(f"OpenAPI: no path of openapi.yaml matches {path}")

    def _resolve(self, node, pointer):
        """Follows a `$ref` to a response object; returns (node, JSON pointer of node)."""
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            assert ref.startswith("#/"), ref
            pointer = ref[1:]
            node = self.doc
            for token in ref[2:].split("/"):
                node = node[token.replace("~1", "/").replace("~0", "~")]
        return node, pointer

    def validate(self, method, path, status, content_type, body):
        """Asserts the response is documented and its body matches the schema."""
        template = self.template(path)
        operation = self.doc["paths"][template].get(method.lower())
        assert operation is not None, f"OpenAPI: {method} {template} is not documented"
        responses = operation.get("responses", {})
        key = str(status)
        assert key in responses, f"OpenAPI: {method} {template} does not document status {status} (documents {sorted(responses)})"
        pointer = "/paths/" + _escape_pointer(template) + "/" + method.lower() + "/responses/" + key
        response, pointer = self._resolve(responses[key], pointer)
        content = response.get("content")
        self.seen.add((method.upper(), template, status))
        if not content:
            return
        media = (content_type or "").split(";", 1)[0].strip()
        assert media in content, f"OpenAPI: {method} {template} {status} answered {media!r}; documented {sorted(content)}"
        schema_pointer = pointer + "/content/" + _escape_pointer(media) + "/schema"
        validator = jsonschema.Draft202012Validator(
            {"$ref": self.URI + "#" + schema_pointer}, registry=self.registry, format_checker=self.formats)
        errors = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
        if errors:
            lines = [f"  at /{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}" for e in errors[:10]]
            raise AssertionError(f"OpenAPI: {method} {path} {status} body does not match {schema_pointer}:\n" + "\n".join(lines))


_OPENAPI = None


def openapi():
    global _OPENAPI
    if _OPENAPI is None:
        _OPENAPI = OpenAPI()
    return _OPENAPI


# --------------------------------------------------------------------------------------------
# Responses and the validated client


class Reply:
    """One HTTP answer: status, headers (case-insensitive lookup), parsed body."""

    def __init__(self, method, path, status, headers, raw):
        self.method, self.path, self.status, self.raw = method, path, status, raw
        self.headers = {k.lower(): v for k, v in headers.items()}
        self.content_type = self.headers.get("content-type", "")
        if "json" in self.content_type and raw:
            self.body = json.loads(raw)
        else:
            self.body = raw.decode("utf-8") if raw else None

    def header(self, name):
        return self.headers.get(name.lower())

    @property
    def fields(self):
        """The fields a problem document names."""
        assert isinstance(self.body, dict), self.body
        return [e["field"] for e in self.body.get("errors", [])]

    def problem(self, status, *fields):
        """Asserts an RFC 9457 problem with `status` naming (at least) `fields`."""
        assert self.status == status, f"{self.method} {self.path}: expected {status}, got {self.status}: {str(self.body)[:1500]}"
        assert self.content_type.startswith("application/problem+json"), self.content_type
        assert self.body["status"] == status
        for field in fields:
            assert field in self.fields, f"{self.method} {self.path}: problem does not name {field!r}: {str(self.body)[:1500]}"
        return self

    def ok(self, status=200):
        assert self.status == status, f"{self.method} {self.path}: expected {status}, got {self.status}: {str(self.body)[:1500]}"
        return self.body

    def __repr__(self):
        return f"<{self.method} {self.path} {self.status} {str(self.body)[:400]}>"


class Spine:
    """A running steward with the spine's routes, every answer checked against openapi.yaml."""

    def __init__(self, server, config_path, workdir):
        self.server = server
        self.config_path = config_path
        self.workdir = workdir
        self.admin = server.key
        self.keys = {}

    @property
    def base(self):
        return self.server.base

    def call(self, method, path, body=None, key=None, headers=None, raw=None, validate=True):
        status, headers_out, data = self.server.request(method, path, body, key=key or self.admin, headers=headers, raw=raw)
        reply = Reply(method, path, status, headers_out, data)
        if validate:
            openapi().validate(method, path, status, reply.content_type, reply.body)
        return reply

    # -- keys -------------------------------------------------------------------------------

    def key(self, role, tenant="default", name=None, agents=()):
        """Creates (once per role, tenant and name) an API key with the CLI against the live data dir;
        `agents` binds an agent key to those agents."""
        ident = (role, tenant, name or f"{tenant}-{role}")
        if ident not in self.keys:
            code, out, err = steward(
                "keys", "create", "--data-dir", self.server.data_dir, "--config", self.config_path,
                "--tenant", tenant, "--role", role, "--name", ident[2], *[a for agent in agents for a in ("--agent", agent)])
            assert code == 0, err
            self.keys[ident] = out.strip().splitlines()[-1]
        return self.keys[ident]

    # -- actions ----------------------------------------------------------------------------

    def propose(self, type, agent="CRO", key=None, headers=None, **fields):
        body = {"type": type, "agent": agent, **fields}
        return self.call("POST", "/v1/actions", body, key=key, headers=headers)

    def propose_ok(self, type, agent="CRO", **fields):
        return self.propose(type, agent, **fields).ok(201)

    def action(self, action_id, key=None):
        return self.call("GET", f"/v1/actions/{action_id}", key=key)

    def approve(self, action_id, key=None, **body):
        return self.call("POST", f"/v1/actions/{action_id}/approve", body, key=key)

    def reject(self, action_id, reason, key=None):
        return self.call("POST", f"/v1/actions/{action_id}/reject", {"reason": reason}, key=key)

    def outcome(self, action_id, key=None, **body):
        return self.call("POST", f"/v1/actions/{action_id}/outcome", body, key=key)

    def actions(self, query="", key=None):
        return self.call("GET", "/v1/actions" + (f"?{query}" if query else ""), key=key)

    def wait_for(self, action_id, statuses, timeout=10.0, key=None):
        """Polls an action until its status is one of `statuses`; returns it."""
        statuses = {statuses} if isinstance(statuses, str) else set(statuses)
        deadline = time.time() + timeout
        while True:
            body = self.action(action_id, key=key).ok()
            if body["status"] in statuses:
                return body
            assert time.time() < deadline, f"action {action_id} still {body['status']} after {timeout}s (waiting for {statuses})"
            time.sleep(0.02)

    # -- autonomy and the ledger ------------------------------------------------------------

    def set_autonomy(self, key=None, **body):
        return self.call("PUT", "/v1/autonomy", body, key=key)

    def kill_switch(self, engaged, reason=None, key=None):
        body = {"engaged": engaged}
        if reason is not None:
            body["reason"] = reason
        return self.call("POST", "/v1/kill-switch", body, key=key)

    def verify(self, key=None):
        return self.call("GET", "/v1/ledger/verify", key=key).ok()

    def head(self, key=None):
        """The ledger head (seq, hash): unchanged means nothing was recorded."""
        verdict = self.verify(key=key)
        assert "fault" not in verdict, verdict
        return (verdict["head"]["seq"], verdict["head"]["hash"])

    def ledger(self, kind, key=None):
        """Every ledger entry of `kind` (all pages)."""
        entries, after = [], None
        while True:
            path = f"/v1/ledger?kind={kind}&limit=1000" + (f"&after={after}" if after else "")
            page = self.call("GET", path, key=key).ok()
            entries += page["entries"]
            after = page["nextCursor"]
            if not after:
                return entries

    def secret(self):
        return self.call("GET", "/v1/webhook-secret").ok()["secret"]

    def stop(self):
        if self.server.proc.poll() is None:
            self.server.stop(signal.SIGKILL)


class SpineFactory:
    """Starts steward servers from steward.yaml text in a test's work directory."""

    def __init__(self, workdir):
        self.workdir = workdir
        self.started = []

    def start(self, config="", env=None, extra=(), data_dir=None):
        n = len(self.started)
        config_path = os.path.join(self.workdir, f"steward-{n}.yaml")
        with open(config_path, "w") as f:
            f.write(config)
        saved = {}
        for k, v in (env or {}).items():
            saved[k] = os.environ.get(k)
            os.environ[k] = v
        try:
            server = Server(data_dir or os.path.join(self.workdir, f"data-{n}"), extra=("--config", config_path, *extra))
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        spine = Spine(server, config_path, self.workdir)
        self.started.append(spine)
        return spine

    def close(self):
        """Every chain a test touched still verifies; then the servers stop."""
        try:
            for spine in self.started:
                if spine.server.proc.poll() is None:
                    verdict = spine.verify()
                    assert "fault" not in verdict, verdict
        finally:
            for spine in self.started:
                spine.stop()


# --------------------------------------------------------------------------------------------
# Local receivers: agents and the notification webhook


def signature(secret, timestamp, body):
    """Steward's webhook signature: v1=hex(HMAC-SHA256(secret, timestamp + '.' + body))."""
    mac = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return "v1=" + mac.hexdigest()


class Delivery:
    """One request a receiver got."""

    def __init__(self, path, headers, body):
        self.path = path
        self.headers = {k.lower(): v for k, v in headers.items()}
        self.raw = body
        self.json = json.loads(body) if body else None
        self.signature_valid = None

    def header(self, name):
        return self.headers.get(name.lower())


class Receiver:
    """An HTTP server on 127.0.0.1 in a thread that records POSTs and answers through `respond`.

    `respond(delivery, receiver)` returns (status, JSON body); the default answers 200 {"received": true}.
    With `secret` set, each delivery's `signature_valid` says whether X-Steward-Signature checks out.
    """

    def __init__(self, respond=None):
        self.respond = respond or (lambda d, r: (200, {"received": True}))
        self.secret = None
        self.deliveries = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                delivery = Delivery(self.path, dict(self.headers), body)
                if receiver.secret is not None:
                    ts = delivery.header("X-Steward-Timestamp") or ""
                    sig = delivery.header("X-Steward-Signature") or ""
                    delivery.signature_valid = hmac.compare_digest(signature(receiver.secret, ts, body), sig)
                with receiver.lock:
                    receiver.deliveries.append(delivery)
                status, answer = receiver.respond(delivery, receiver)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def received(self):
        with self.lock:
            return list(self.deliveries)

    def wait(self, predicate, timeout=10.0):
        """Polls until `predicate(deliveries)` is true; returns the deliveries."""
        deadline = time.time() + timeout
        while True:
            got = self.received()
            if predicate(got):
                return got
            assert time.time() < deadline, f"receiver did not get what was expected within {timeout}s: {[d.path for d in got]}"
            time.sleep(0.02)

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def config(types=(), autonomy=None, policy=None, remediation=None, notifications=None, tenants=None, governance=None):
    """steward.yaml text from Python values (JSON is YAML)."""
    doc = {}
    if tenants:
        doc["tenants"] = [{"id": t} for t in tenants]
    if types:
        doc["actionTypes"] = list(types)
    if autonomy:
        doc["autonomy"] = autonomy
    if policy is not None:
        doc["policy"] = {"rules": policy}
    if remediation:
        doc["remediation"] = remediation
    if notifications:
        doc["notifications"] = notifications
    if governance:
        doc["governance"] = governance
    return "\n".join(f"{k}: {json.dumps(v)}" for k, v in doc.items()) + "\n"


def low_risk(name, **extra):
    """An autopilot-eligible action type (low-risk, reversible, idempotent, internal)."""
    return {"name": name, "risk": "low", "reversible": True, "idempotent": True, "external": False, **extra}


def check_names(decision):
    return [c["name"] for c in decision["checks"]]


def labels(action):
    return [o["label"] for o in action["outcomes"]]
