"""Fixtures that run the real `steward` binary on loopback in a fresh data directory."""
import json
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

import pytest

STEWARD = os.environ.get("STEWARD_BIN") or os.path.join(
    os.path.dirname(__file__), "..", "..", ".build", "debug", "steward")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Server:
    """A running `steward serve` with its data directory, port and admin key."""

    def __init__(self, data_dir, port=None, extra=()):
        self.data_dir = data_dir
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(os.path.join(os.path.dirname(os.path.abspath(data_dir)), f"serve-{self.port}.log"), "ab")
        self.proc = subprocess.Popen(
            [STEWARD, "serve", "--port", str(self.port), "--data-dir", data_dir, *extra],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"steward exited with {self.proc.returncode}")
            try:
                if self.request("GET", "/readyz", auth=False)[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.05)
        else:
            raise RuntimeError("steward did not become ready")
        with open(os.path.join(data_dir, "admin.key")) as f:
            self.key = f.read().strip()

    def request(self, method, path, body=None, auth=True, headers=None, key=None, raw=None):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        req = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if auth:
            req.add_header("Authorization", f"Bearer {key or self.key}")
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return resp.status, dict(resp.headers), resp.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()

    def json(self, method, path, body=None, **kw):
        status, headers, data = self.request(method, path, body, **kw)
        return status, headers, (json.loads(data) if data else None)

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        code = self.proc.wait(timeout=30)
        self.log.close()
        return code


@pytest.fixture
def workdir():
    with tempfile.TemporaryDirectory(prefix="steward-e2e-") as d:
        yield d


@pytest.fixture
def server(workdir):
    s = Server(os.path.join(workdir, "data"))
    yield s
    if s.proc.poll() is None:
        s.stop(signal.SIGKILL)


def steward(*args, env=None, **kw):
    """Runs the steward CLI and returns (exit code, stdout, stderr)."""
    merged = dict(os.environ)
    merged.update(env or {})
    p = subprocess.run([STEWARD, *args], capture_output=True, text=True, env=merged, timeout=120, **kw)
    return p.returncode, p.stdout, p.stderr


@pytest.fixture
def spine_factory(workdir):
    """Starts `steward serve --config` servers for the action-spine tests (see spine_helpers.py);
    at the end every started server's ledger must still verify."""
    from spine_helpers import SpineFactory
    factory = SpineFactory(workdir)
    yield factory
    factory.close()
