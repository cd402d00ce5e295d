"""The command line: refusals before listening, ledger verify and export, keys, config check."""
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request

from conftest import STEWARD, Server, free_port, steward


def tamper(server, *statements):
    """Edits a stopped server's SQLite file behind Steward's back, as an intruder would."""
    db = sqlite3.connect(os.path.join(server.data_dir, "steward.sqlite"))
    for sql in statements:
        db.execute(sql)
    db.commit()
    db.close()


def test_bad_configuration_lists_every_error_and_creates_nothing(workdir):
    path = os.path.join(workdir, "steward.yaml")
    with open(path, "w") as f:
        f.write("server:\n  prot: 8080\nagents:\n  - {name: CRO, domain: Revnue}\n")
    data = os.path.join(workdir, "data")
    rc, out, err = steward("serve", "--config", path, "--data-dir", data, "--port", str(free_port()),
                           env={"AUTOREM_MAX_ATTEMPTS": "two"})
    assert rc != 0
    lines = [l for l in err.splitlines() if l.startswith("steward:")]
    assert len(lines) >= 3
    assert any("steward.yaml:2:3: server.prot" in l and "did you mean 'port'" in l for l in lines)
    assert any("AUTOREM_MAX_ATTEMPTS" in l for l in lines)
    assert not os.path.exists(data)


def test_port_in_use_is_one_line(workdir):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen()
    port = s.getsockname()[1]
    data = os.path.join(workdir, "data")
    rc, out, err = steward("serve", "--port", str(port), "--data-dir", data)
    s.close()
    assert rc != 0 and err.strip().count("\n") == 0 and "already in use" in err
    assert not os.path.exists(data)


def test_unwritable_data_directory_and_bad_database(workdir):
    rc, _, err = steward("serve", "--port", str(free_port()), "--data-dir", "/proc/steward-test")
    assert rc != 0 and "data directory /proc/steward-test" in err
    blocker = os.path.join(workdir, "afile")
    open(blocker, "w").close()
    data = os.path.join(workdir, "data")
    rc, _, err = steward("serve", "--port", str(free_port()), "--data-dir", data, "--db", blocker + "/x.sqlite")
    assert rc != 0 and "cannot open the database" in err and err.strip().count("\n") == 0
    assert not os.path.exists(data)


def test_an_unreachable_postgresql_is_named_at_once_and_leaves_nothing(workdir):
    closed = free_port()
    data = os.path.join(workdir, "data")
    started = time.monotonic()
    rc, out, err = steward("serve", "--port", str(free_port()), "--data-dir", data, "--db", f"postgres://u:p@127.0.0.1:{closed}/x")
    assert rc != 0 and time.monotonic() - started < 20
    # One line, in words: not the driver's nested description, nor its log of each attempt.
    assert err.strip().splitlines() == [f"steward: cannot use the database postgres://u@127.0.0.1:{closed}/x?sslmode=prefer: cannot connect: connection refused"]
    assert "PostgresNIO" not in out and "PostgreSQL store running" not in out
    assert not os.path.exists(data)
    rc, _, err = steward("ledger", "verify", "--db", f"postgres://u:p@127.0.0.1:{closed}/x")
    assert rc == 2 and "refused" in err.lower()


def test_no_auth_only_on_loopback(workdir):
    rc, _, err = steward("serve", "--host", "0.0.0.0", "--no-auth", "--port", str(free_port()), "--data-dir", os.path.join(workdir, "d"))
    assert rc != 0 and "loopback" in err


def test_verify_names_the_first_tampered_entry(server):
    for i in range(5):
        server.json("POST", "/v1/annotations", {"text": f"n{i}"})
    server.stop()
    assert steward("ledger", "verify", "--data-dir", server.data_dir)[0] == 0
    db = sqlite3.connect(os.path.join(server.data_dir, "steward.sqlite"))
    db.execute("UPDATE ledger SET payload = replace(payload, 'n2', 'n9') WHERE seq = 5")
    db.commit()
    rc, out, _ = steward("ledger", "verify", "--data-dir", server.data_dir)
    assert rc == 1 and "BROKEN at seq 5" in out
    db.execute("DELETE FROM ledger WHERE seq = 3")
    db.commit()
    rc, out, _ = steward("ledger", "verify", "--data-dir", server.data_dir)
    assert rc == 1 and "BROKEN at seq 3" in out


def test_reordered_entries_are_detected(server):
    for i in range(4):
        server.json("POST", "/v1/annotations", {"text": f"n{i}"})
    server.stop()
    db = sqlite3.connect(os.path.join(server.data_dir, "steward.sqlite"))
    rows = db.execute("SELECT seq, payload FROM ledger WHERE seq IN (4, 5) ORDER BY seq").fetchall()
    db.execute("UPDATE ledger SET payload = ? WHERE seq = 4", (rows[1][1],))
    db.execute("UPDATE ledger SET payload = ? WHERE seq = 5", (rows[0][1],))
    db.commit()
    rc, out, _ = steward("ledger", "verify", "--data-dir", server.data_dir)
    assert rc == 1 and "BROKEN at seq 4" in out


def test_verify_catches_a_removed_head_and_an_emptied_ledger(server):
    server.json("POST", "/v1/annotations", {"text": "n0"})
    server.stop()
    path = os.path.join(server.data_dir, "steward.sqlite")
    db = sqlite3.connect(path)
    db.execute("DELETE FROM ledger_heads")
    db.commit()
    rc, out, _ = steward("ledger", "verify", "--data-dir", server.data_dir)
    assert rc == 1 and "tenant default: BROKEN" in out and "head row was removed" in out
    db.execute("DELETE FROM ledger")
    db.commit()
    rc, out, _ = steward("ledger", "verify", "--data-dir", server.data_dir)
    assert rc == 1 and "BROKEN at seq 1" in out and "ledger is empty" in out


def test_verify_tells_a_broken_chain_from_a_check_that_could_not_run(server):
    server.json("POST", "/v1/annotations", {"text": "n0"})
    server.stop()
    rc, _, err = steward("ledger", "verify", "--data-dir", server.data_dir, "--tenant", "nope")
    assert rc == 2 and "tenant 'nope' has no ledger in this store (its tenants: default)" in err
    rc, _, err = steward("ledger", "verify", "--db", os.path.join(server.data_dir, "missing.sqlite"))
    assert rc == 2 and "no Steward database" in err
    # A malformed remediation override has nothing to do with the chain.
    rc, out, _ = steward("ledger", "verify", "--data-dir", server.data_dir, env={"AUTOREM_MAX_ATTEMPTS": "two"})
    assert rc == 0 and "tenant default: ok" in out
    # Export exits as verify does (QA foundation L10): 2 when the ledger could not be read.
    rc, _, err = steward("ledger", "export", "--data-dir", server.data_dir, "--tenant", "nope")
    assert rc == 2 and "tenant 'nope' has no ledger" in err
    rc, _, err = steward("ledger", "export", "--db", os.path.join(server.data_dir, "missing.sqlite"))
    assert rc == 2 and "no Steward database" in err
    rc, out, _ = steward("ledger", "export", "--help")
    assert "Exit status: 0 when written, 2 when the ledger could not be exported" in " ".join(out.split())


def test_verify_and_export_change_nothing_in_the_file(server):
    server.json("POST", "/v1/annotations", {"text": "n0"})
    server.stop()
    path = os.path.join(server.data_dir, "steward.sqlite")
    db = sqlite3.connect(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    entries = db.execute("SELECT count(*) FROM ledger").fetchone()[0]
    db.close()
    for suffix in ("-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    before = open(path, "rb").read()
    os.chmod(path, 0o444)
    assert steward("ledger", "verify", "--db", path)[0] == 0
    rc, out, _ = steward("ledger", "export", "--db", path, "--since", "2020-01-01")
    assert rc == 0 and out.count("\n") == entries
    assert open(path, "rb").read() == before


def docs_verifier(workdir):
    """The Python program printed in docs/ledger.md, as a script; returns a function running it."""
    doc = open(os.path.join(os.path.dirname(__file__), "..", "..", "docs", "ledger.md")).read()
    script = os.path.join(workdir, "verify.py")
    open(script, "w").write(doc.split("```python\n", 1)[1].split("```", 1)[0])
    return lambda *args: subprocess.run([sys.executable, script, *args], capture_output=True, text=True)


def test_the_verifier_printed_in_docs_ledger_md_accepts_a_real_export(workdir):
    verify = docs_verifier(workdir)
    kept = os.path.join(workdir, "sim")
    scenario = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "scenarios", "standard.yaml")
    assert steward("simulate", "--scenario", scenario, "--days", "0.04", "--seed", "1", "--keep", kept)[0] == 0
    export = os.path.join(workdir, "ledger.jsonl")
    assert steward("ledger", "export", "--db", os.path.join(kept, "tier2.sqlite"), "--output", export)[0] == 0
    assert any("e-" not in line and "0.0000" in line for line in open(export)), "no small decimal to exercise"
    result = verify(export)
    lines = open(export).read().splitlines()
    last = json.loads(lines[-1])
    assert result.returncode == 0 and result.stdout.strip() == f"intact, head {last['seq']}:{last['hash']}", result.stderr
    # QA foundation L10: a --since export starts from the previous entry's hash; it checks from
    # that entry's SEQ:HASH as its anchor, and not without it.
    middle = json.loads(lines[len(lines) // 2])
    since = os.path.join(workdir, "since.jsonl")
    assert steward("ledger", "export", "--db", os.path.join(kept, "tier2.sqlite"), "--since", middle["ts"], "--output", since)[0] == 0
    first = json.loads(open(since).readline())
    assert first["seq"] > 1 and first["prevHash"] != "0" * 64
    anchor = json.loads(lines[first["seq"] - 2])
    assert verify(since).returncode != 0
    result = verify(since, f"{anchor['seq']}:{anchor['hash']}")
    assert result.returncode == 0 and result.stdout.strip() == f"intact, head {last['seq']}:{last['hash']}", result.stderr
    lines[5] = lines[5].replace('"seq":6', '"seq":6,"x":1', 1)
    open(export, "w").write("\n".join(lines) + "\n")
    result = verify(export)
    assert result.returncode != 0 and "broken at seq 6" in result.stderr


def test_verify_and_the_docs_verifier_agree_on_a_payload_written_differently(server, workdir):
    """QA foundation L2: verify checks the stored bytes; so does the documented program."""
    for i in range(4):
        server.json("POST", "/v1/annotations", {"text": f"n{i}"})
    server.stop()
    # The same JSON with a space after each colon: it means the same, but is not what was hashed.
    tamper(server, "UPDATE ledger SET payload = replace(payload, '\":', '\": ') WHERE seq = 3")
    rc, out, _ = steward("ledger", "verify", "--data-dir", server.data_dir)
    assert rc == 1 and "BROKEN at seq 3" in out
    export = os.path.join(workdir, "ledger.jsonl")
    assert steward("ledger", "export", "--data-dir", server.data_dir, "--output", export)[0] == 0
    result = docs_verifier(workdir)(export)
    assert result.returncode != 0 and "broken at seq 3: the line is not canonical JSON" in result.stderr


def test_expect_head_catches_a_cut_tail_under_a_rewritten_head_row(server):
    """QA foundation L1: a chain cut at its end, with its head row rewritten, verifies; it no
    longer holds the head recorded before."""
    for i in range(5):
        server.json("POST", "/v1/annotations", {"text": f"n{i}"})
    status, _, answer = server.json("GET", "/v1/ledger/verify")
    seq, head = answer["head"]["seq"], answer["head"]["hash"]
    status, _, answer = server.json("GET", f"/v1/ledger/verify?expectHead={seq}:{head}")
    assert status == 200 and "fault" not in answer, answer
    status, _, answer = server.json("GET", f"/v1/ledger/verify?expectHead={seq}:{'0' * 64}")
    assert status == 200 and answer["fault"]["seq"] == seq and "not the recorded head's" in answer["fault"]["problem"], answer
    status, _, answer = server.json("GET", "/v1/ledger/verify?expectHead=12")
    assert status == 422 and answer["errors"][0]["field"] == "expectHead", answer
    server.stop()
    rc, out, _ = steward("ledger", "verify", "--data-dir", server.data_dir)
    printed = re.search(r"head seq (\d+) ([0-9a-f]{64})", out)
    assert rc == 0 and printed, out
    seq, head = int(printed.group(1)), printed.group(2)
    assert steward("ledger", "verify", "--data-dir", server.data_dir, "--expect-head", f"{seq}:{head}")[0] == 0
    assert steward("ledger", "verify", "--data-dir", server.data_dir, "--expect-head", f"default={seq}:{head}")[0] == 0
    db = sqlite3.connect(os.path.join(server.data_dir, "steward.sqlite"))
    kept = db.execute("SELECT hash FROM ledger WHERE seq = ?", (seq - 2,)).fetchone()[0]
    db.execute("DELETE FROM ledger WHERE seq > ?", (seq - 2,))
    db.execute("UPDATE ledger_heads SET seq = ?, hash = ?", (seq - 2, kept))
    db.commit()
    db.close()
    assert steward("ledger", "verify", "--data-dir", server.data_dir)[0] == 0, "without a recorded head the cut is invisible"
    rc, out, _ = steward("ledger", "verify", "--data-dir", server.data_dir, "--tenant", "default", "--expect-head", f"{seq}:{head}")
    assert rc == 1 and f"BROKEN at seq {seq - 1}: the chain ends at seq {seq - 2}, before the recorded head at seq {seq}" in out, out
    # A head recorded before the cut is still held.
    assert steward("ledger", "verify", "--data-dir", server.data_dir, "--expect-head", f"{seq - 2}:{kept}")[0] == 0
    # A malformed head is a usage error; a tenant the store does not hold could not be checked.
    rc, _, err = steward("ledger", "verify", "--data-dir", server.data_dir, "--expect-head", f"{seq}:{head[:10]}")
    assert rc == 64 and "is not [TENANT=]SEQ:HASH" in err, err
    rc, _, err = steward("ledger", "verify", "--data-dir", server.data_dir, "--expect-head", f"nope={seq}:{head}")
    assert rc == 2 and "tenant 'nope' has no ledger" in err, err


def test_serve_refuses_a_ledger_whose_head_was_removed(server):
    server.json("POST", "/v1/annotations", {"text": "n0"})
    server.stop()
    db = sqlite3.connect(os.path.join(server.data_dir, "steward.sqlite"))
    db.execute("DELETE FROM ledger_heads")
    db.commit()
    db.close()
    rc, _, err = steward("serve", "--port", str(free_port()), "--data-dir", server.data_dir)
    assert rc != 0 and "the ledger of tenant 'default' is damaged" in err and "steward ledger verify" in err


def test_keys_create_gives_a_working_key_with_its_role(server):
    rc, out, _ = steward("keys", "create", "--data-dir", server.data_dir, "--role", "agent", "--name", "CRO agent")
    assert rc == 0
    agent_key = out.strip()
    assert agent_key.startswith("stw_")
    assert server.json("POST", "/v1/annotations", {"text": "from agent"}, key=agent_key)[0] == 201
    status, _, body = server.json("GET", "/v1/ledger", key=agent_key)
    assert status == 403 and "operator" in body["detail"]
    rc, _, err = steward("keys", "create", "--data-dir", server.data_dir, "--role", "agent", "--name", "x", "--tenant", "nobody")
    assert rc != 0 and "does not exist" in err
    # With the server's steward.yaml at hand, a tenant it does not declare is refused outright:
    # the server would refuse that key.
    config = os.path.join(os.path.dirname(server.data_dir), "one-tenant.yaml")
    with open(config, "w") as f:
        f.write("tenants:\n  - id: default\n")
    rc, _, err = steward("keys", "create", "--config", config, "--data-dir", server.data_dir, "--role", "agent", "--name", "x", "--tenant", "defualt")
    assert rc != 0 and "--tenant 'defualt' is not declared" in err and "did you mean 'default'" in err, err


def test_keys_are_listed_without_secrets_and_a_revoked_key_is_refused(server):
    rc, out, _ = steward("keys", "create", "--data-dir", server.data_dir, "--role", "operator", "--name", "leaky")
    assert rc == 0
    token = out.strip()
    key_id = token.split("_")[1]
    rc, out, _ = steward("keys", "list", "--data-dir", server.data_dir, "--json")
    assert rc == 0
    listed = {k["id"]: k for k in json.loads(out)}
    assert listed[key_id]["role"] == "operator" and listed[key_id]["revokedAt"] is None
    assert token.split("_")[2] not in out and "secretHash" not in out
    rc, out, _ = steward("keys", "revoke", key_id, "--reason", "pasted in a chat", "--data-dir", server.data_dir)
    assert rc == 0 and key_id in out
    # Never looked up by the server, so not in its cache: refused at once.
    assert server.json("GET", "/v1/actions", key=token)[0] == 401
    rc, out, _ = steward("keys", "list", "--data-dir", server.data_dir)
    assert any(line.startswith(key_id) and not line.endswith("\t-") for line in out.splitlines())
    rc, _, err = steward("keys", "revoke", token, "--data-dir", server.data_dir)
    assert rc == 1 and "revoked already" in err
    rc, _, err = steward("keys", "revoke", "nothex", "--data-dir", server.data_dir)
    assert rc == 64 and "neither a key id" in err
    status, _, body = server.json("GET", "/v1/ledger?kind=key.revoked")
    assert status == 200 and body["entries"][-1]["payload"]["reason"] == "pasted in a chat"


def test_a_key_bound_to_an_agent_speaks_only_for_it(server):
    rc, out, _ = steward("keys", "create", "--data-dir", server.data_dir, "--role", "agent", "--name", "cro-worker", "--agent", "CRO")
    assert rc == 0
    key = out.strip()
    proposal = {"type": "create_internal_note", "agent": "CRO", "account": "acme"}
    assert server.json("POST", "/v1/actions", proposal, key=key)[0] == 201
    status, _, body = server.json("POST", "/v1/actions", dict(proposal, agent="CMO"), key=key)
    assert status == 403 and body["errors"][0]["field"] == "agent" and "'CRO'" in body["detail"]
    rc, _, err = steward("keys", "create", "--data-dir", server.data_dir, "--role", "operator", "--name", "x", "--agent", "CRO")
    assert rc == 64 and "--agent binds agent keys only" in err


def test_keys_create_checks_the_binding_against_the_configuration(server, workdir):
    def config(auto_register):
        path = os.path.join(workdir, f"steward-{auto_register}.yaml")
        with open(path, "w") as f:
            f.write("tenants:\n  - {id: default, name: Default}\n  - {id: beta, name: Beta}\n"
                    "agents:\n  - {name: ops-bot, domain: Operations}\n  - {name: billing-bot, tenant: beta, domain: Revenue}\n"
                    f"remediation:\n  signals:\n    autoRegister: {'true' if auto_register else 'false'}\n")
        return path

    def create(path, agent):
        return steward("keys", "create", "--config", path, "--data-dir", server.data_dir, "--role", "agent", "--name", f"k-{agent}-{os.path.basename(path)}", "--agent", agent)

    def created():
        return server.json("GET", "/v1/ledger?kind=key.created&limit=1000")[2]["entries"]

    on, off = config(True), config(False)
    before = len(created())
    # Another tenant's agent, or one declared nowhere while auto-registration is off: refused, nothing made.
    rc, out, err = create(on, "billing-bot")
    assert rc == 1 and out == "" and "agent 'billing-bot' is declared for tenant 'beta', not 'default'" in err, err
    rc, out, err = create(off, "ops-bt")
    assert rc == 1 and out == "" and "auto-registration is off" in err and "did you mean 'ops-bot'?" in err, err
    assert len(created()) == before
    # Declared nowhere while it is on: a warning, and the key.
    rc, out, err = create(on, "ops-bt")
    assert rc == 0 and out.startswith("stw_") and "warning: agent 'ops-bt' is not declared" in err and "did you mean 'ops-bot'?" in err, err
    rc, out, err = create(off, "ops-bot")
    assert rc == 0 and out.startswith("stw_") and err == "", err
    assert len(created()) == before + 2


def test_an_auditor_key_reads_everything_and_changes_nothing(server):
    rc, out, _ = steward("keys", "create", "--data-dir", server.data_dir, "--role", "auditor", "--name", "compliance")
    assert rc == 0
    key = out.strip()
    for path in ["/v1/ledger", "/v1/ledger/verify", "/v1/actions", "/v1/breakers"]:
        assert server.json("GET", path, key=key)[0] == 200, path
    status, _, body = server.json("GET", "/v1/ledger?kind=key.created")
    assert body["entries"][-1]["payload"]["role"] == "auditor"
    head = body["entries"][-1]["seq"]
    status, _, body = server.json("POST", "/v1/kill-switch", {"state": "engage", "reason": "audit"}, key=key)
    assert status == 403 and "needs the operator role" in body["detail"] and "auditor" in body["detail"]
    status, _, body = server.json("POST", "/v1/annotations", {"text": "from an auditor"}, key=key)
    assert status == 403 and "needs the agent role" in body["detail"]
    assert server.json("GET", "/v1/ledger?limit=1000")[2]["entries"][-1]["seq"] == head
    rc, _, err = steward("keys", "create", "--data-dir", server.data_dir, "--role", "reader", "--name", "x")
    assert rc == 64 and "agent, auditor, operator or admin" in err


def test_a_bound_agent_key_reads_only_its_agents_actions(server):
    rc, out, _ = steward("keys", "create", "--data-dir", server.data_dir, "--role", "agent", "--name", "cro-reader", "--agent", "CRO")
    assert rc == 0
    key = out.strip()
    other = server.json("POST", "/v1/actions", {"type": "create_internal_note", "agent": "CMO", "account": "acme"})[2]["id"]
    status, _, body = server.json("GET", "/v1/actions", key=key)
    assert status == 200 and all(a["proposal"]["agent"] == "CRO" for a in body["actions"])
    assert server.json("GET", f"/v1/actions/{other}", key=key)[0] == 404
    assert server.json("GET", "/v1/actions?agent=CMO", key=key)[0] == 403


def test_config_check_on_the_example(workdir):
    example = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "steward.yaml")
    rc, out, err = steward("config", "check", example)
    assert rc == 0 and "revision" in out and "AUTOREM" not in err


def test_help_explains_every_command():
    for args in (["--help"], ["serve", "--help"], ["ledger", "verify", "--help"], ["ledger", "export", "--help"],
                 ["config", "check", "--help"], ["keys", "create", "--help"], ["policy", "test", "--help"]):
        rc, out, _ = steward(*args)
        assert rc == 0 and len(out) > 200, args


def test_expr_eval_refuses_a_misspelt_type_name():
    rc, _, err = steward("expr", "eval", "x", "--vars", '{"x": 1}', "--types", '{"x": "strin"}')
    assert rc != 0 and "unknown type 'strin'" in err
    rc, out, _ = steward("expr", "eval", "size(x) + 1", "--vars", '{"x": [1, 2]}', "--types", '{"x": "list(int)"}')
    assert rc == 0 and out.strip() == "3"


def test_an_argument_refused_while_a_command_runs_is_one_line_without_the_roots_usage(workdir):
    # The root's usage ("steward <subcommand>") names none of the options; the refusal must name its own.
    cases = [
        (["simulate", "--scenario", os.path.join(workdir, "missing.yaml")], "cannot read --scenario"),
        (["ledger", "export", "--format", "xml", "--data-dir", workdir], "--format must be jsonl or csv"),
        (["replay", "--policy", "x.yaml", "--since", "yesterday"], "--since must be"),
        (["report", "governance", "--from", "2026-11-02", "--to", "2026-11-01", "--data-dir", workdir], "--from must be before --to"),
        (["serve", "--port", "99999", "--data-dir", os.path.join(workdir, "never")], "--port must be 0 to 65535"),
    ]
    for args, message in cases:
        rc, out, err = steward(*args)
        assert rc == 64, (args, rc, err)
        assert err.strip().splitlines() == [f"steward: {err.strip()[len('steward: '):]}"], (args, err)
        assert message in err and "Usage: steward <subcommand>" not in err, (args, err)


def test_export_defaults_to_the_configured_tenant_and_stops_quietly_when_its_reader_goes(workdir):
    config = os.path.join(workdir, "steward.yaml")
    with open(config, "w") as f:
        f.write("tenants:\n  - {id: acme, name: Acme}\n")
    data = os.path.join(workdir, "data")
    s = Server(data, extra=("--config", config))
    try:
        for i in range(300):
            s.json("POST", "/v1/annotations", {"text": f"note {i} " + "x" * 200})
    finally:
        s.stop()
    rc, out, err = steward("ledger", "export", "--data-dir", data, "--config", config)
    assert rc == 0 and '"tenant":"acme"' in out.splitlines()[0], err
    # A reader that stops early (`| head`), with SIGPIPE ignored as some shells and runners do.
    p = subprocess.Popen([STEWARD, "ledger", "export", "--data-dir", data, "--config", config],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         preexec_fn=lambda: signal.signal(signal.SIGPIPE, signal.SIG_IGN))
    p.stdout.readline()
    p.stdout.close()
    assert p.wait(timeout=60) == 0
    assert p.stderr.read() == b""


def test_steward_db_names_the_database_when_db_is_not_given(workdir):
    """STEWARD_DB keeps a PostgreSQL password out of the process list; --db still wins over it."""
    path = os.path.join(workdir, "elsewhere.sqlite")
    port = free_port()
    proc = subprocess.Popen([STEWARD, "serve", "--port", str(port), "--data-dir", os.path.join(workdir, "data")],
                            env=dict(os.environ, STEWARD_DB=path), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2).status == 200:
                    break
            except OSError:
                time.sleep(0.05)
        assert os.path.exists(path)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    rc, out, err = steward("ledger", "verify", "--data-dir", os.path.join(workdir, "data"), env={"STEWARD_DB": path})
    assert rc == 0 and "ok" in out, (out, err)
    rc, out, err = steward("ledger", "verify", "--db", os.path.join(workdir, "missing.sqlite"), env={"STEWARD_DB": path})
    assert rc == 2 and "missing.sqlite" in err, (out, err)


def test_expr_eval_takes_an_expression_that_starts_with_a_minus():
    """QA: '-7 / 2' was taken for an option; the expression is the words that are not options."""
    rc, out, err = steward("expr", "eval", "-7 / 2")
    assert rc == 0 and out.strip() == "-3", (out, err)
    rc, out, err = steward("expr", "eval", "--vars", '{"x": 2}', "x * -3")
    assert rc == 0 and out.strip() == "-6", (out, err)


def as_another_user(workdir):
    """The command prefix that runs steward without root's power to write any file (as nobody when
    the tests run as root), with `workdir` made reachable for that user."""
    os.chmod(workdir, 0o755)
    if os.geteuid() != 0:
        return [], lambda path: None
    return ["runuser", "-u", "nobody", "--"], lambda path: subprocess.run(["chown", "-R", "nobody", path], check=True)


def test_serve_refuses_a_database_file_it_may_not_write(workdir):
    data = os.path.join(workdir, "data")
    server = Server(data)
    server.json("POST", "/v1/annotations", {"text": "before"})
    assert server.stop() == 0
    prefix, give = as_another_user(workdir)
    give(data)
    os.chmod(os.path.join(data, "steward.sqlite"), 0o444)
    p = subprocess.run([*prefix, STEWARD, "serve", "--data-dir", data, "--port", str(free_port())],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode != 0, p.stderr
    assert f"{data}/steward.sqlite is not writable by this user" in p.stderr and "listening" not in p.stderr + p.stdout


def test_verify_of_a_copy_it_cannot_fully_read_says_so_instead_of_passing_an_older_ledger(workdir):
    data = os.path.join(workdir, "data")
    server = Server(data)
    for i in range(20):
        server.json("POST", "/v1/annotations", {"text": f"n{i}"})
    server.stop(signal.SIGKILL)  # the newest commits stay in steward.sqlite-wal
    copy = os.path.join(workdir, "copy")
    os.mkdir(copy)
    for suffix in ("", "-wal"):
        src = os.path.join(data, "steward.sqlite" + suffix)
        assert os.path.exists(src) and (suffix == "" or os.path.getsize(src) > 0)
        with open(src, "rb") as f, open(os.path.join(copy, "steward.sqlite" + suffix), "wb") as g:
            g.write(f.read())
    prefix, give = as_another_user(workdir)
    give(copy)
    os.chmod(copy, 0o555)  # SQLite cannot create the -shm index beside it
    try:
        p = subprocess.run([*prefix, STEWARD, "ledger", "verify", "--db", os.path.join(copy, "steward.sqlite")],
                           capture_output=True, text=True, timeout=60)
    finally:
        os.chmod(copy, 0o755)
    assert p.returncode != 0 and "write-ahead log" in p.stderr and "copy the database with its -wal file" in p.stderr, p.stderr + p.stdout


def test_a_tenant_left_without_a_live_admin_key_is_named_at_start_with_the_way_out(workdir):
    data = os.path.join(workdir, "data")
    server = Server(data)
    admin_id = server.key.split("_")[1]
    assert server.stop() == 0
    rc, _, err = steward("keys", "revoke", admin_id, "--reason", "rotated", "--data-dir", data)
    assert rc == 0, err
    again = Server(data)
    again.stop()
    log = open(os.path.join(workdir, f"serve-{again.port}.log")).read()
    assert "tenant has no live admin key: create one with `steward keys create --tenant default --role admin" in log, log
    first = open(os.path.join(workdir, f"serve-{server.port}.log")).read()
    assert "no live admin key" not in first


def test_a_restarted_server_audits_its_ledger_and_pages_a_forged_entry(server, workdir):
    for i in range(5):
        server.json("POST", "/v1/annotations", {"text": f"n{i}"})
    server.stop()
    tamper(server, "UPDATE ledger SET payload = replace(payload, 'n2', 'n9') WHERE seq = 5")
    # The head is intact, so the server starts; its first audit round finds the forged entry.
    again = Server(server.data_dir)
    try:
        # A deadline, not a wait: the first round runs at start, but a loaded machine can delay it.
        deadline = time.time() + 60
        alerts = []
        while time.time() < deadline and not alerts:
            status, _, page = again.json("GET", "/v1/alerts?rule=ledger-damaged")
            assert status == 200
            alerts = page["alerts"]
            time.sleep(0.1)
        assert alerts, "no ledger-damaged alert was raised"
        assert alerts[0]["details"]["firstBadSeq"] == 5 and "broken at entry 5" in alerts[0]["summary"]
    finally:
        again.stop()


def test_the_version_is_one_across_cli_metrics_header_and_openapi(server):
    import yaml
    rc, out, _ = steward("--version")
    version = out.strip()
    assert rc == 0 and version.count(".") == 2
    doc = os.path.join(os.path.dirname(__file__), "..", "..", "Sources", "StewardServer", "Resources", "openapi.yaml")
    with open(doc) as f:
        assert yaml.safe_load(f)["info"]["version"] == version
    status, headers, body = server.request("GET", "/metrics", auth=False)
    assert f'steward_build_info{{version="{version}"}} 1' in body.decode()
    assert headers.get("Server") == f"Steward/{version}"


def test_a_graceful_stop_is_said_in_the_log(server):
    log = server.log.name
    assert server.stop() == 0
    with open(log) as f:
        text = f.read()
    assert "version=" in text and "Steward stopped: shutdown signal received" in text


def test_a_tenant_wiped_with_its_creation_is_still_found_by_its_keys(server, workdir):
    server.json("POST", "/v1/annotations", {"text": "n"})
    server.stop()
    tamper(server, "DELETE FROM ledger WHERE tenant = 'default'", "DELETE FROM ledger_heads WHERE tenant = 'default'",
           "DELETE FROM projections WHERE collection = 'tenants' AND id = 'default'")
    rc, out, _ = steward("ledger", "verify", "--data-dir", server.data_dir)
    assert rc == 1 and "tenant default: BROKEN at seq 1: API keys of the tenant remain" in out
    rc, out, _ = steward("ledger", "verify", "--data-dir", server.data_dir, "--tenant", "default")
    assert rc == 1
    # A start would create the tenant afresh, a sound new chain over the removal: refused instead.
    rc, _, err = steward("serve", "--port", str(free_port()), "--data-dir", server.data_dir)
    assert rc != 0 and "tenant 'default' has API keys but no record of its creation" in err
    assert steward("ledger", "verify", "--data-dir", server.data_dir)[0] == 1


def test_config_check_blames_the_environment_not_a_valid_file(workdir):
    example = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "steward.yaml")
    rc, _, err = steward("config", "check", example, env={"AUTOREM_MAX_ATTEMPTS": "two"})
    assert rc == 1 and err.strip().splitlines()[-1] == f"environment: 1 error (none in {example})"
    bad = os.path.join(workdir, "bad.yaml")
    with open(bad, "w") as f:
        f.write("server: {port: 0}\n")
    rc, _, err = steward("config", "check", bad, env={"AUTOREM_MAX_ATTEMPTS": "two"})
    assert rc == 1 and err.strip().splitlines()[-1] == f"{bad}: 1 error; environment: 1 error"
