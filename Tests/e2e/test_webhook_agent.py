"""Executors end to end: a real local HTTP agent receiving Steward's signed webhooks (success,
retries of idempotent types, one attempt for the others, timeouts), and the `command` executor."""
import json
import time

import pytest

from spine_helpers import Receiver, config, labels, low_risk


def http_type(name, receiver, idempotent=True, **executor):
    spec = {"kind": "http", "url": receiver.url + "/hooks/{agent}/{type}", "backoffMs": 20, **executor}
    return low_risk(name, idempotent=idempotent, executor=spec, costUsd=0.01)


def agent_behaviour(delivery, receiver):
    """Answers by the action type in the path: flaky fails each key's first delivery."""
    kind = delivery.path.rsplit("/", 1)[-1]
    key = delivery.header("Idempotency-Key")
    if kind in ("flaky_sync", "flaky_once"):
        with receiver.lock:
            earlier = [d for d in receiver.deliveries if d.header("Idempotency-Key") == key]
        return (500, {"error": "warming up"}) if len(earlier) == 1 else (200, {"done": True, "try": len(earlier)})
    if kind in ("broken_sync", "broken_once"):
        return 500, {"error": "down"}
    if kind == "refused_sync":
        return 422, {"error": "no such record"}
    if kind == "slow_sync":
        time.sleep(0.6)
    return 200, {"done": True, "ref": "crm-1"}


@pytest.fixture
def agent():
    r = Receiver(agent_behaviour)
    yield r
    r.close()


def start(spine_factory, agent, *types):
    names = [t["name"] for t in types if t.get("idempotent")]
    s = spine_factory.start(config(types=types, autonomy={"mode": "autopilot", "autopilotScope": names}))
    agent.secret = s.secret()
    return s


def deliveries_for(agent, action_id):
    return [d for d in agent.received() if d.json and d.json.get("id") == action_id]


def test_signed_webhook_reaches_the_agent_and_the_action_succeeds(spine_factory, agent):
    s = start(spine_factory, agent, http_type("sync_crm", agent))
    assert len(agent.secret) == 64 and s.secret() == agent.secret
    s.call("GET", "/v1/webhook-secret", key=s.key("agent")).problem(403)
    s.call("GET", "/v1/webhook-secret", key=s.key("operator")).problem(403)

    action = s.propose_ok("sync_crm", agent="CRO", account="acct-7", params={"field": "stage", "value": 3})
    assert action["decision"]["outcome"] == "AUTO_EXECUTE"
    assert action["status"] in ("executing", "succeeded")
    done = s.wait_for(action["id"], ["succeeded", "failed"])
    assert done["status"] == "succeeded", done

    [d] = deliveries_for(agent, action["id"])
    assert d.path == "/hooks/CRO/sync_crm"
    assert d.header("Content-Type") == "application/json"
    assert d.signature_valid is True, (d.headers, d.raw)
    assert abs(int(d.header("X-Steward-Timestamp")) - time.time()) < 300
    assert d.header("Idempotency-Key") == action["idempotencyKey"] == action["id"]
    assert d.json == {
        "id": action["id"], "tenant": "default", "agent": "CRO", "account": "acct-7", "type": "sync_crm",
        "params": {"field": "stage", "value": 3}, "idempotencyKey": action["id"]}
    # The body is canonical JSON (sorted keys, no spaces), the bytes the signature covers.
    assert d.raw == json.dumps(d.json, sort_keys=True, separators=(",", ":")).encode()

    ex = done["execution"]
    assert ex["executor"] == "http" and ex["succeeded"] is True and ex["attempts"] == 1
    assert ex["response"] == {"done": True, "ref": "crm-1"} and "200" in ex["detail"]
    assert labels(done) == ["EXECUTION_SUCCEEDED"] and done["chargedUsd"] == 0.01
    [started] = s.ledger("action.execution_started")
    assert started["payload"]["idempotencyKey"] == action["id"]
    [executed] = s.ledger("action.executed")
    assert executed["payload"]["label"] == "EXECUTION_SUCCEEDED" and executed["payload"]["status"] == 200


def test_an_idempotent_action_is_retried_with_the_same_key_until_the_agent_succeeds(spine_factory, agent):
    s = start(spine_factory, agent, http_type("flaky_sync", agent, retries=2))
    action = s.propose_ok("flaky_sync", account="a1")
    done = s.wait_for(action["id"], ["succeeded", "failed"])
    assert done["status"] == "succeeded", done
    got = deliveries_for(agent, action["id"])
    assert len(got) == 2
    assert {d.header("Idempotency-Key") for d in got} == {action["id"]}
    assert all(d.signature_valid for d in got)
    assert got[0].raw == got[1].raw  # the same bytes on every attempt
    assert done["execution"]["attempts"] == 2 and done["execution"]["response"] == {"done": True, "try": 2}
    assert labels(done) == ["EXECUTION_SUCCEEDED"]


def test_an_idempotent_action_gives_up_after_its_retries(spine_factory, agent):
    s = start(spine_factory, agent, http_type("broken_sync", agent, retries=2), http_type("refused_sync", agent, retries=2))
    broken = s.propose_ok("broken_sync", account="a1")
    refused = s.propose_ok("refused_sync", account="a1")
    b = s.wait_for(broken["id"], ["succeeded", "failed"])
    r = s.wait_for(refused["id"], ["succeeded", "failed"])
    assert b["status"] == "failed" and len(deliveries_for(agent, broken["id"])) == 3
    assert b["execution"]["attempts"] == 3 and "500" in b["execution"]["detail"]
    assert labels(b) == ["EXECUTION_FAILED"]
    # 4xx is the agent's decision: not retried.
    assert r["status"] == "failed" and len(deliveries_for(agent, refused["id"])) == 1
    assert r["execution"]["response"] == {"error": "no such record"} and labels(r) == ["EXECUTION_FAILED"]


def test_a_non_idempotent_action_is_delivered_once_and_fails(spine_factory, agent):
    s = start(spine_factory, agent, http_type("broken_once", agent, idempotent=False, retries=3),
              http_type("flaky_once", agent, idempotent=False, retries=3))
    action = s.propose_ok("broken_once", account="a1")
    # Not idempotent: autopilot may not run it, a person approves it.
    assert action["status"] == "pending_approval" and action["decision"]["reason"] == "NOT_IDEMPOTENT"
    s.approve(action["id"], key=s.key("operator")).ok()
    done = s.wait_for(action["id"], ["succeeded", "failed"])
    assert done["status"] == "failed" and labels(done) == ["EXECUTION_FAILED"]
    assert done["execution"]["attempts"] == 1 and done["execution"]["succeeded"] is False
    [d] = deliveries_for(agent, action["id"])
    assert d.signature_valid is True and d.header("Idempotency-Key") == action["id"]
    [executed] = s.ledger("action.executed")
    assert executed["payload"]["label"] == "EXECUTION_FAILED" and executed["payload"]["status"] == 500
    # The action itself says so too, without a trip to the ledger.
    assert done["execution"]["status"] == 500 and done["execution"]["durationMs"] == executed["payload"]["durationMs"]

    # A non-idempotent action the agent would have accepted on a second try is still not retried.
    flaky = s.propose_ok("flaky_once", account="a1")
    s.approve(flaky["id"]).ok()
    assert s.wait_for(flaky["id"], ["succeeded", "failed"])["status"] == "failed"
    assert len(deliveries_for(agent, flaky["id"])) == 1


def test_an_agent_slower_than_the_timeout_fails_the_action(spine_factory, agent):
    s = start(spine_factory, agent, http_type("slow_sync", agent, timeoutMs=150, retries=0))
    action = s.propose_ok("slow_sync", account="a1")
    done = s.wait_for(action["id"], ["succeeded", "failed"])
    assert done["status"] == "failed" and "timed out after 150 ms" in done["execution"]["detail"]


def test_command_executor_runs_the_program_with_the_action_on_stdin(spine_factory):
    types = [
        low_risk("cmd_ok", executor={"kind": "command", "argv": ["/bin/sh", "-c", "cat > /dev/null; echo '{\"ok\":true}'"]}),
        low_risk("cmd_echo", executor={"kind": "command", "argv": ["/bin/cat"]}),
        low_risk("cmd_env", executor={"kind": "command", "argv": [
            "/bin/sh", "-c", "cat > /dev/null; printf '{\"key\":\"%s\",\"tenant\":\"%s\"}' \"$STEWARD_IDEMPOTENCY_KEY\" \"$STEWARD_TENANT\""]}),
        low_risk("cmd_fail", executor={"kind": "command", "argv": ["/bin/sh", "-c", "cat > /dev/null; echo disk full >&2; exit 3"]}),
    ]
    s = spine_factory.start(config(types=types, autonomy={"mode": "autopilot", "autopilotScope": [t["name"] for t in types]}))
    ids = {t["name"]: s.propose_ok(t["name"], account="a1", params={"n": 1})["id"] for t in types}
    results = {name: s.wait_for(i, ["succeeded", "failed"]) for name, i in ids.items()}

    ok = results["cmd_ok"]
    assert ok["status"] == "succeeded" and ok["execution"]["response"] == {"ok": True}
    assert ok["execution"]["executor"] == "command" and labels(ok) == ["EXECUTION_SUCCEEDED"]
    echo = results["cmd_echo"]["execution"]["response"]
    assert echo == {"id": ids["cmd_echo"], "tenant": "default", "agent": "CRO", "account": "a1", "type": "cmd_echo",
                    "params": {"n": 1}, "idempotencyKey": ids["cmd_echo"]}
    assert results["cmd_env"]["execution"]["response"] == {"key": ids["cmd_env"], "tenant": "default"}
    fail = results["cmd_fail"]
    assert fail["status"] == "failed" and fail["execution"]["detail"] == "exit status 3: disk full"
    assert labels(fail) == ["EXECUTION_FAILED"]


def test_a_failed_execution_is_rerun_from_its_intent(spine_factory):
    """Seed 003 §5.7 "re-run execution from intent": the CRM was down, then back; an operator
    re-runs the failed action and the agent receives the same intent under a new key."""
    up = {"crm": False}
    crm = Receiver(lambda d, r: (200, {"done": True}) if up["crm"] else (503, {"error": "down"}))
    try:
        s = start(spine_factory, crm, http_type("sync_crm", crm, retries=0))
        failed = s.propose_ok("sync_crm", agent="CRO", account="acct-9", params={"field": "stage", "value": 4})
        failed = s.wait_for(failed["id"], ["succeeded", "failed"])
        assert failed["status"] == "failed", failed

        operator = s.key("operator")
        s.call("POST", f"/v1/actions/{failed['id']}/rerun", {}, key=s.key("agent")).problem(403)
        up["crm"] = True
        rerun = s.call("POST", f"/v1/actions/{failed['id']}/rerun", {"note": "CRM is back"}, key=operator).ok(201)
        assert rerun["rerunOf"] == failed["id"] and rerun["id"] != failed["id"]
        assert rerun["proposal"]["trigger"] == "person" and rerun["proposal"]["params"] == {"field": "stage", "value": 4}
        done = s.wait_for(rerun["id"], ["succeeded", "failed"])
        assert done["status"] == "succeeded", done

        [delivery] = deliveries_for(crm, rerun["id"])
        assert delivery.signature_valid is True
        assert delivery.header("Idempotency-Key") == rerun["id"] != failed["id"]
        assert delivery.json["params"] == {"field": "stage", "value": 4}
        [requested] = s.ledger("action.rerun_requested")
        assert requested["subject"] == f"action:{failed['id']}"
        assert requested["payload"]["rerun"] == rerun["id"] and requested["payload"]["note"] == "CRM is back"
        # The original stays as it was.
        assert s.action(failed["id"]).ok()["status"] == "failed"
        assert "fault" not in s.verify()
    finally:
        crm.close()
