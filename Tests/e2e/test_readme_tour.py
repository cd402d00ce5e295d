"""The README's five-minute tour, run as written against the real binary, so it stays true.

The shell block under "A five-minute tour" is taken from README.md and changed only where a
test must: `swift run steward` is the binary under test, port 8080 is a free port, the server is
waited for before the first request, and the key revoked is the one the tour created (the README
writes `<id>` for the reader to fill in). Each comment that says what a command prints is checked.
"""
import os
import shutil
import subprocess

import pytest

from conftest import STEWARD, free_port

README = os.path.join(os.path.dirname(__file__), "..", "..", "README.md")


def tour_script():
    with open(README) as f:
        text = f.read()
    block = text.split("## A five-minute tour", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    assert "swift run steward serve &" in block and "<id>" in block, "the tour changed shape: update this test"
    script = block.replace("swift run steward", '"$STEWARD"').replace("localhost:8080", "localhost:$PORT")
    script = script.replace(
        '"$STEWARD" serve &',
        '"$STEWARD" serve --port $PORT &\n'
        'for i in $(seq 300); do curl -sf localhost:$PORT/readyz >/dev/null && break; sleep 0.1; done')
    script = script.replace("<id>", '"$("$STEWARD" keys list --json | jq -r \'[.[] | select(.name == "ops-oncall")][0].id\')"')
    script = script.replace("kill %1", 'kill %1; wait %1; echo "serve exited $?"')
    return script


@pytest.mark.skipif(shutil.which("jq") is None or shutil.which("curl") is None, reason="the tour needs curl and jq")
def test_the_readme_tour_does_what_it_says(workdir):
    os.symlink(os.path.abspath(os.path.join(os.path.dirname(README), "examples")), os.path.join(workdir, "examples"))
    env = dict(os.environ, STEWARD=os.path.abspath(STEWARD), PORT=str(free_port()))
    done = subprocess.run(["bash", "-c", tour_script()], cwd=workdir, env=env, capture_output=True, text=True, timeout=300)
    out = done.stdout
    context = f"stdout:\n{out}\nstderr:\n{done.stderr}"
    assert done.returncode == 0, context
    expected = [
        '{"status":"ready"}',
        '"kind":"annotation.recorded"',
        "revoked key ",
        '"reason":"MODE_APPROVE"',
        '{"status":"dispatched","approvals":[',
        '{"status":"succeeded"}',
        '{"status":"dispatched","outcome":"AUTO_EXECUTE","reason":"POLICY_ALLOW"}',
        '{"status":"pending_approval","outcome":"REQUIRE_APPROVAL","reason":"EXTERNAL_CONTACT"}',
        '{"status":"pending_approval","reason":"KILL_SWITCH"}',
        '"state":"Recovering"',
        '"classification":"TRANSIENT"',
        '"status":"succeeded"}',
        '"Healthy"',
        '"ok":true',
        '"autoResolveRate":1',
        '{"accepted":1,"errors":[]}',
        '"cost_source":"priced"',
        '"kind":"incident.resolved"',
        "serve exited 0",
        "tenant default: ok",
    ]
    missing = [line for line in expected if line not in out]
    assert not missing, f"missing {missing}\n{context}"
    # No command of the tour was refused.
    assert '"type":"about:blank"' not in out and '"status":4' not in out and '"status":5' not in out, context
