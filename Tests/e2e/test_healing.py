"""Self-healing end to end: status signals in, incidents, playbooks run through the action spine
against real local HTTP agents, verification on the agent's next signal, lineage, escalation to a
person and its resolution, with every JSON answer validated against openapi.yaml.

The three chaos drills of seed 001 §12 run first; then a hanging executor, an attempt that never
gets a fresh signal, refused input, AUTO_REMEDIATE=false and the kill switch. The agents are
threaded http.servers (spine_helpers.Receiver) that record each action Steward POSTs to them and
answer by a per-test script; the tests send the agents' signals. The remediation loop runs on
real time (a round every 0.5 s), so every wait polls with a deadline.
"""
import datetime
import json
import os
import re
import threading
import time

import pytest
import yaml

from spine_helpers import OPENAPI_PATH, ROOT, Receiver, openapi

DEADLINE = 20.0


# --------------------------------------------------------------------------------------------
# Helpers


def iso(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Clock:
    """Signal timestamps: now, but strictly increasing, so every signal is newer than the last."""

    def __init__(self):
        self.last = 0.0

    def __call__(self, offset=0.0):
        t = max(time.time() + offset, self.last + 0.002)
        self.last = t
        return iso(t)


def signal(agent, status="healthy", ts=None, success=0.97, alignment=0.96, backlog=1, **context):
    body = {
        "agent": agent, "status": status, "lastReport": f"{agent} reports {status}",
        "metrics": {"successRate": success, "alignment": alignment, "backlogAgeMinutes": backlog, "costBurnRatePerHour": 0.4},
        "ts": ts,
    }
    if context:
        body["context"] = context
    return body


def steward_yaml(agents=(), remediation=None, extra=None):
    """steward.yaml text (JSON is YAML)."""
    doc = {}
    if agents:
        doc["agents"] = list(agents)
    doc["remediation"] = {"bandit": {"enabled": False}, **(remediation or {})}
    doc.update(extra or {})
    return "\n".join(f"{k}: {json.dumps(v)}" for k, v in doc.items()) + "\n"


def declared(name, domain, agents=None, timeout_ms=2000, **extra):
    spec = {"name": name, "domain": domain, **extra}
    if agents is not None:
        spec["executor"] = {"kind": "http", "url": agents.url + "/{agent}/{type}", "timeoutMs": timeout_ms, "retries": 0}
    return spec


def wait_until(probe, what, timeout=DEADLINE, interval=0.05):
    """Polls `probe()` until it returns something truthy; returns it."""
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        last = probe()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}; last: {str(last)[:2000]}")


class Agents(Receiver):
    """Local agents behind one http.server: `/{agent}/{type}` is an action Steward sent them.

    `script[(agent, type)]` (or `script[type]`) is (status, body), or a callable of the delivery
    returning one; the default answers 200 {"ok": true}. `hang` holds answers of those keys until
    the test ends.
    """

    def __init__(self):
        self.script = {}
        self.hang = set()
        self.release = threading.Event()
        super().__init__(self._answer)

    @staticmethod
    def route(delivery):
        agent, kind = delivery.path.strip("/").split("/")[-2:]
        return agent, kind

    def _answer(self, delivery, _receiver):
        agent, kind = self.route(delivery)
        if (agent, kind) in self.hang or kind in self.hang:
            self.release.wait(30)
            return 200, {"ok": True, "late": True}
        answer = self.script.get((agent, kind), self.script.get(kind, (200, {"ok": True})))
        return answer(delivery) if callable(answer) else answer

    def received(self):
        """The remediation steps delivered, in arrival order (allocation pushes apart: `pushes`)."""
        return [d for d in super().received() if self.route(d)[1] != "applyAllocation"]

    def pushes(self, agent):
        """The allocations Steward pushed to `agent` (applyAllocation actions), oldest first."""
        return [d.json["params"] for d in super().received() if self.route(d) == (agent, "applyAllocation")]

    def calls(self, agent=None):
        """[(agent, type)] in arrival order."""
        return [self.route(d) for d in self.received() if agent is None or self.route(d)[0] == agent]

    def close(self):
        self.release.set()
        super().close()


@pytest.fixture
def agents():
    a = Agents()
    yield a
    a.close()


@pytest.fixture
def clock():
    return Clock()


class Healing:
    """Shortcuts over a Spine (spine_helpers) for the healing routes; every answer is validated."""

    def __init__(self, spine):
        self.s = spine
        self.agent_key = spine.key("agent")
        self.operator_key = spine.key("operator")

    def send(self, body, key=None, **kw):
        return self.s.call("POST", "/v1/signals", body, key=key or self.agent_key, **kw)

    def ndjson(self, lines):
        raw = "\n".join(json.dumps(line) if not isinstance(line, str) else line for line in lines).encode() + b"\n"
        return self.s.call("POST", "/v1/signals", raw=raw, key=self.agent_key, headers={"Content-Type": "application/x-ndjson"})

    def get(self, path, key=None):
        return self.s.call("GET", path, key=key or self.agent_key)

    def incident(self, incident_id):
        return self.get(f"/v1/incidents/{incident_id}").ok()

    def agent(self, name):
        return self.get(f"/v1/agents/{name}").ok()

    def agents(self, query=""):
        return self.get("/v1/agents" + (f"?{query}" if query else "")).ok()["agents"]

    def incidents(self, query=""):
        return self.get("/v1/incidents" + (f"?{query}" if query else "")).ok()["incidents"]

    def lineage(self, query=""):
        return self.get("/v1/lineage" + (f"?{query}" if query else "")).ok()

    def allocations(self):
        return self.get("/v1/allocations").ok()

    def escalations(self, query=""):
        return self.get("/v1/escalations" + (f"?{query}" if query else ""), key=self.operator_key).ok()["escalations"]

    def resolve(self, escalation_id, **body):
        return self.s.call("POST", f"/v1/escalations/{escalation_id}/resolve", body, key=self.operator_key)

    def wait_status(self, incident_id, statuses, timeout=DEADLINE):
        statuses = {statuses} if isinstance(statuses, str) else set(statuses)

        def probe():
            incident = self.incident(incident_id)
            return incident if incident["status"] in statuses else None
        return wait_until(probe, f"incident {incident_id} to be {sorted(statuses)}", timeout)


def start(spine_factory, text, env=None):
    return Healing(spine_factory.start(text, env=env))


def open_incident(h, body):
    """Sends a problem signal and returns (receipt, incident id)."""
    receipt = h.send(body).ok(202)
    assert receipt["agent"] == body["agent"] and receipt["applied"] is True and receipt["problem"] is True, receipt
    assert receipt["incident"], receipt
    return receipt, receipt["incident"]


def step(incident, attempt, index):
    return incident["attempts"][attempt]["steps"][index]


# --------------------------------------------------------------------------------------------
# Seed 001 §12, drill 1: TIMEOUT on CMO → RestartAndRetryTransient → recovered


def test_drill_timeout_on_cmo_restarts_retries_and_resolves_on_the_next_healthy_signal(spine_factory, agents, clock):
    h = start(spine_factory, steward_yaml(
        agents=[declared("CMO", "Marketing", agents), declared("CRO", "Revenue", agents)],
        remediation={"verifyTimeoutSeconds": 120}))
    agents.secret = h.s.secret()
    agents.script[("CMO", "restartAgent")] = (200, {"restarted": True, "mode": "soft"})
    agents.script[("CMO", "retryLastTask")] = (200, {"succeeded": True, "task": "campaign-brief-17"})

    before = signal("CMO", "error", clock(), success=0.52, alignment=0.9, backlog=4, errorCode="TIMEOUT", directiveId="dir-7")
    receipt, incident_id = open_incident(h, before)
    assert receipt["state"] == "Recovering"

    # Steward restarts the agent, then retries its last task, both POSTed to the agent's executor.
    wait_until(lambda: agents.calls("CMO") == [("CMO", "restartAgent"), ("CMO", "retryLastTask")], "restart then retry")
    incident = h.wait_status(incident_id, "verifying")
    assert incident["classification"] == "TRANSIENT" and incident["rule"] == "transient-error"
    assert incident["choice"]["chosen"] == "RestartAndRetryTransient" and incident["choice"]["byBandit"] is False
    assert {c["name"] for c in incident["choice"]["candidates"]} == {"RestartAndRetryTransient", "BanditChosenPlaybook"}
    [attempt] = incident["attempts"]
    assert attempt["playbook"] == "RestartAndRetryTransient" and attempt["number"] == 1
    assert [s["primitive"] for s in attempt["steps"]] == ["restartAgent", "retryLastTask"]
    assert all(s["status"] == "succeeded" for s in attempt["steps"]), attempt["steps"]
    assert attempt["steps"][1]["response"] == {"succeeded": True, "task": "campaign-brief-17"}
    assert "verification" not in attempt and attempt["verifyDeadline"]
    view = h.agent("CMO")
    assert view["state"] == "Recovering" and view["remediating"] is True and view["incident"] == incident_id

    # What the agent received: signed, idempotent, canonical JSON of the remediation action.
    restart, retry = agents.received()
    for delivery, s in zip((restart, retry), attempt["steps"]):
        assert delivery.signature_valid is True
        assert delivery.header("Idempotency-Key") == s["action"] == delivery.json["id"]
        assert delivery.json["agent"] == "CMO" and delivery.json["tenant"] == "default"
        assert delivery.json["params"]["incident"] == incident_id and delivery.json["params"]["attempt"] == 1
    assert restart.json["type"] == "restartAgent" and restart.json["params"]["mode"] == "soft"
    assert retry.json["type"] == "retryLastTask" and retry.json["params"]["max"] == 2
    action = h.s.action(attempt["steps"][0]["action"]).ok()
    assert action["proposal"]["trigger"] == "remediation" and action["status"] == "succeeded"
    assert action["decision"]["outcome"] == "AUTO_EXECUTE"

    # The agent's next signal is healthy: the attempt passes and the incident is resolved.
    after = signal("CMO", "healthy", clock(), success=0.97, alignment=0.96, backlog=1, directiveId="dir-7")
    receipt = h.send(after).ok(202)
    assert receipt == {"agent": "CMO", "state": "Healthy", "applied": True, "problem": False, "incident": None}
    incident = h.wait_status(incident_id, "resolved")
    [attempt] = incident["attempts"]
    assert attempt["verification"]["outcome"] == "passed" and attempt["verification"]["after"]["successRate"] == 0.97
    assert incident["resolution"] == "resolved by Steward: RestartAndRetryTransient"
    opened = datetime.datetime.fromisoformat(incident["openedAt"].replace("Z", "+00:00"))
    closed = datetime.datetime.fromisoformat(incident["closedAt"].replace("Z", "+00:00"))
    assert (closed - opened).total_seconds() < 180  # seed 001 §12: success < 3 min
    assert incident["costUsd"] == pytest.approx(0.025)  # restart 0.02 + retry 0.005

    view = h.agent("CMO")
    assert view["state"] == "Healthy" and view["remediating"] is False and "incident" not in view
    assert view["lastSignal"]["metrics"]["successRate"] == 0.97 and view["signals"] == 2
    assert [a["name"] for a in h.agents("state=Healthy")] == ["CMO"]
    assert h.agents("state=Recovering") == []

    # One lineage entry, ok, with the metrics before and after.
    page = h.lineage(f"incident={incident_id}")
    [entry] = page["entries"]
    assert page["nextCursor"] is None
    assert entry["ok"] is True and entry["event"] == "auto_remediation" and entry["actor"] == "Steward"
    assert entry["agent"] == "CMO" and entry["playbook"] == "RestartAndRetryTransient" and entry["classification"] == "TRANSIENT"
    assert entry["verification"] == "passed" and entry["attempt"] == 1
    assert entry["before"] == {"successRate": 0.52, "alignment": 0.9, "backlogAgeMinutes": 4, "costBurnRatePerHour": 0.4}
    assert entry["after"] == {"successRate": 0.97, "alignment": 0.96, "backlogAgeMinutes": 1, "costBurnRatePerHour": 0.4}
    assert [s["primitive"] for s in entry["steps"]] == ["restartAgent", "retryLastTask"]
    assert h.lineage("agent=CMO")["entries"] == [entry]
    assert h.lineage("agent=CRO")["entries"] == []
    assert h.lineage(f"after={entry['seq']}")["entries"] == []
    # A key bound to CRO reads none of CMO's lineage, and is refused when it names CMO (QA r4 authz M1).
    cro_only = h.s.key("agent", name="cro-only", agents=["CRO"])
    assert h.get(f"/v1/lineage?incident={incident_id}", key=cro_only).ok()["entries"] == []
    assert h.get("/v1/lineage", key=cro_only).ok()["entries"] == []
    assert h.get("/v1/lineage?agent=CMO", key=cro_only).status == 403
    assert h.get("/v1/agents/CMO", key=cro_only).status == 403
    assert [a["name"] for a in h.get("/v1/agents", key=cro_only).ok()["agents"]] == ["CRO"]
    cmo_only = h.s.key("agent", name="cmo-only", agents=["CMO"])
    assert h.get("/v1/lineage", key=cmo_only).ok()["entries"] == [entry]

    # The bandit is off, but the playbook's arm still learned from the attempt.
    arms = h.get("/v1/learning/arms").ok()
    assert arms["enabled"] is False
    [arm] = arms["arms"]["TRANSIENT"]
    assert arm["playbook"] == "RestartAndRetryTransient" and arm["pulls"] == 1 and arm["successes"] == 1
    assert [e["payload"]["resolution"] for e in h.s.ledger("incident.resolved")] == ["resolved by Steward: RestartAndRetryTransient"]


# --------------------------------------------------------------------------------------------
# Seed 001 §12, drill 2: CRO and CMO on one directive → ResolveInterAgentConflict → cleared


def test_drill_cro_and_cmo_on_one_directive_cro_wins_cmo_is_throttled_and_the_conflict_clears(spine_factory, agents, clock):
    h = start(spine_factory, steward_yaml(
        agents=[declared("CRO", "Revenue", agents, slots=3), declared("CMO", "Marketing", agents, slots=3)]))
    agents.script[("CMO", "reassignOverlaps")] = (200, {"reassigned": ["task-3", "task-4"], "to": "CRO"})

    receipt = h.send(signal("CRO", "healthy", clock(), directiveId="dir-q3-pipeline")).ok(202)
    assert receipt == {"agent": "CRO", "state": "Healthy", "applied": True, "problem": False, "incident": None}
    _, incident_id = open_incident(h, signal(
        "CMO", "degraded", clock(), success=0.9, alignment=0.71, directiveId="dir-q3-pipeline"))

    wait_until(lambda: agents.calls() == [("CMO", "reassignOverlaps")], "reassignOverlaps POSTed to CMO")
    incident = h.wait_status(incident_id, "verifying")
    assert incident["classification"] == "CONFLICT" and incident["rule"] == "conflict"
    [attempt] = incident["attempts"]
    assert attempt["playbook"] == "ResolveInterAgentConflict" and attempt["losingAgent"] == "CMO"
    assert [s["primitive"] for s in attempt["steps"]] == ["applyPriorityRules", "reassignOverlaps", "throttleAgent"]
    assert all(s["status"] == "succeeded" for s in attempt["steps"]), attempt["steps"]
    arbitration = attempt["steps"][0]
    assert arbitration["response"] == {"winner": "CRO", "losers": ["CMO"]}
    assert "action" not in arbitration  # a builtin: Steward itself, no executor
    assert attempt["steps"][1]["response"] == {"reassigned": ["task-3", "task-4"], "to": "CRO"}
    [delivery] = agents.received()
    assert delivery.json["type"] == "reassignOverlaps" and delivery.json["params"]["policy"] == "revenue_first"
    assert attempt["steps"][2]["args"] == {"agent": "CMO", "maxConcurrent": 1, "minutes": 20}

    allocations = h.allocations()
    assert allocations["limits"] == {"min": 1, "max": 8}
    rows = {a["agent"]: a for a in allocations["allocations"]}
    assert rows["CMO"]["maxConcurrent"] == 1 and rows["CMO"]["slots"] == 1 and rows["CMO"]["throttledUntil"]
    assert incident_id in rows["CMO"]["reason"]
    assert rows["CRO"]["slots"] == 3 and "maxConcurrent" not in rows["CRO"]
    assert h.agent("CMO")["slots"] == 1
    # The throttle reaches CMO itself, through its executor.
    wait_until(lambda: agents.pushes("CMO"), "the throttle pushed to CMO")
    pushed = agents.pushes("CMO")[-1]
    assert pushed["slots"] == 1 and pushed["maxConcurrent"] == 1 and incident_id in pushed["reason"]
    [arbitrated] = h.s.ledger("conflict.arbitrated")
    assert arbitrated["payload"]["winner"] == "CRO" and arbitrated["payload"]["agents"] == ["CRO", "CMO"]

    # CMO moves to another directive and is aligned again: the conflict is cleared.
    receipt = h.send(signal("CMO", "healthy", clock(), alignment=0.95, directiveId="dir-q3-campaign")).ok(202)
    assert receipt["state"] == "Healthy" and receipt["incident"] is None
    incident = h.wait_status(incident_id, "resolved")
    assert incident["attempts"][0]["verification"]["outcome"] == "passed" and incident["attempts"][0]["ok"] is True
    [entry] = h.lineage(f"incident={incident_id}")["entries"]
    assert entry["ok"] is True and entry["playbook"] == "ResolveInterAgentConflict"
    assert entry["before"]["alignment"] == 0.71 and entry["after"]["alignment"] == 0.95
    assert h.agent("CRO")["state"] == "Healthy" and h.agent("CMO")["state"] == "Healthy"
    assert h.incidents("agent=CRO") == []


# --------------------------------------------------------------------------------------------
# Seed 001 §12, drill 3: a required secret removed → FixConfig fails → escalated → a person decides


def test_drill_missing_secret_fixconfig_fails_twice_and_escalates_with_two_options(spine_factory, agents, clock):
    h = start(spine_factory, steward_yaml(agents=[declared("CRO", "Revenue", agents, slots=4)], remediation={"maxAttempts": 2}))
    agents.script[("CRO", "checkSecrets")] = (422, {"ok": False, "missing": ["API_BASE"]})

    _, incident_id = open_incident(h, signal(
        "CRO", "error", clock(), success=0.0, alignment=0.9, errorCode="CONFIG_MISSING", missingSecrets=["API_BASE"]))
    incident = h.wait_status(incident_id, "escalated")
    assert incident["classification"] == "CONFIG" and incident["rule"] == "config"
    assert [a["playbook"] for a in incident["attempts"]] == ["FixConfig", "FixConfig"]
    for attempt in incident["attempts"]:
        [check] = attempt["steps"]  # the attempt stops at the failed step; no schema migration
        assert check["primitive"] == "checkSecrets" and check["status"] == "failed"
        assert check["response"] == {"ok": False, "missing": ["API_BASE"]} and "422" in check["detail"]
        assert attempt["verification"]["outcome"] == "failed"
        assert "step 1 (checkSecrets) failed" in attempt["verification"]["reason"]
    assert agents.calls() == [("CRO", "checkSecrets"), ("CRO", "checkSecrets")]
    keys = [d.header("Idempotency-Key") for d in agents.received()]
    assert len(set(keys)) == 2 and agents.received()[0].json["params"]["required"] == ["GOOGLE_PROJECT_ID", "SERVICE_ACCOUNT", "API_BASE"]
    assert incident["neededPerson"] is True and incident["escalation"]
    view = h.agent("CRO")
    assert view["state"] == "Escalated" and view["incident"] == incident_id and view["remediating"] is False

    # The inbox: one escalation with a safe option and an aggressive one, each saying why.
    h.s.call("GET", "/v1/escalations", key=h.agent_key).problem(403)
    [escalation] = h.escalations()
    assert escalation["id"] == incident["escalation"] and escalation["incident"] == incident_id
    assert escalation["status"] == "open" and escalation["reason"] == "AutoRemediationFailed" and escalation["to"] == "CEO"
    assert escalation["agent"] == "CRO" and escalation["domain"] == "Revenue" and escalation["priorityRank"] == 0
    assert escalation["lastTwoAttempts"] == ["FixConfig", "FixConfig"]
    assert escalation["context"]["missingSecrets"] == ["API_BASE"] and escalation["context"]["errorCode"] == "CONFIG_MISSING"
    assert escalation["lineageRef"] == f"/v1/lineage?incident={incident_id}"
    safe, aggressive = escalation["recommendedOptions"]
    assert safe["kind"] == "safe" and aggressive["kind"] == "aggressive"
    assert safe["why"] and aggressive["why"] and "API_BASE" in safe["why"]
    assert safe["name"] == "PauseUntilConfigFixed" and safe["reduceScope"] is True
    assert h.s.call("GET", f"/v1/escalations/{escalation['id']}", key=h.operator_key).ok() == escalation
    h.s.call("GET", "/v1/escalations/esc_0000000000000000", key=h.operator_key).problem(404)
    [f1, f2] = h.lineage(f"incident={incident_id}")["entries"]
    assert (f1["ok"], f2["ok"], f1["attempt"], f2["attempt"]) == (False, False, 1, 2)
    assert f1["verification"] == f2["verification"] == "failed" and f1["after"] is None

    # An option it does not offer is 422 on `option`; nothing changes.
    h.resolve(escalation["id"], option="DeleteEverything").problem(422, "option")
    h.resolve(escalation["id"]).problem(422, "option")
    h.resolve(escalation["id"], option=safe["name"], mood="calm").problem(422, "mood")
    h.s.call("POST", "/v1/escalations/esc_0000000000000000/resolve", {"option": safe["name"]}, key=h.operator_key).problem(404)
    h.s.call("POST", f"/v1/escalations/{escalation['id']}/resolve", {"option": safe["name"]}, key=h.agent_key).problem(403)
    assert h.escalations()[0]["status"] == "open"

    # The safe option: the agent is paused at its minimum and a person owns the fix.
    resolved = h.resolve(escalation["id"], option=safe["name"], note="rotating the key").ok(200)
    assert resolved["status"] == "resolved" and resolved["resolution"]["option"] == safe["name"]
    assert resolved["resolution"]["note"] == "rotating the key" and resolved["resolution"]["by"]
    rows = {a["agent"]: a for a in h.allocations()["allocations"]}
    assert rows["CRO"]["slots"] == 1 and rows["CRO"]["maxConcurrent"] == 1
    incident = h.wait_status(incident_id, "resolved")
    assert incident["resolution"].endswith(safe["name"])
    view = h.agent("CRO")
    assert "incident" not in view and view["state"] == "Degraded"  # its last signal still reports the error

    # Resolving it again is a conflict; the inbox is empty and the resolved list has it.
    h.resolve(escalation["id"], option=safe["name"]).problem(409)
    h.resolve(escalation["id"], option=aggressive["name"]).problem(409)
    assert h.escalations() == []
    assert [e["id"] for e in h.escalations("status=resolved")] == [escalation["id"]]
    assert len(agents.received()) == 2  # nothing more was sent to the agent


def test_an_escalated_agent_that_recovers_closes_its_escalation_and_is_watched_again(spine_factory, agents, clock):
    h = start(spine_factory, steward_yaml(agents=[declared("CRO", "Revenue", agents, slots=4)], remediation={"maxAttempts": 1}))
    agents.script[("CRO", "checkSecrets")] = (422, {"ok": False, "missing": ["API_BASE"]})
    broken = dict(success=0.0, alignment=0.9, errorCode="CONFIG_MISSING", missingSecrets=["API_BASE"])
    _, incident_id = open_incident(h, signal("CRO", "error", clock(), **broken))
    incident = h.wait_status(incident_id, "escalated")
    [escalation] = h.escalations()

    # Still broken, and two healthy signals then the error again: it all joins the escalation.
    for body in [signal("CRO", "error", clock(), **broken), signal("CRO", ts=clock()), signal("CRO", ts=clock()),
                 signal("CRO", "error", clock(), **broken)]:
        assert h.send(body).ok(202)["incident"] == incident_id
    assert h.agent("CRO")["state"] == "Escalated" and agents.calls() == [("CRO", "checkSecrets")]

    # Someone set the secret outside Steward: three healthy signals in a row close it.
    receipts = [h.send(signal("CRO", ts=clock())).ok(202) for _ in range(3)]
    assert [r["incident"] for r in receipts] == [incident_id, incident_id, None] and receipts[-1]["state"] == "Healthy"
    closed = h.wait_status(incident_id, "resolved")
    assert closed["resolvedBy"] == "agent" and "recovered after the escalation" in closed["resolution"]
    assert closed["closedAt"] == incident["closedAt"]  # the handover, as the KPIs count it
    assert h.escalations() == []
    [recovered] = h.escalations("status=recovered")
    assert recovered["id"] == escalation["id"] and recovered["resolution"]["by"] == "agent:CRO"
    assert "recovered" in h.resolve(escalation["id"], option=escalation["recommendedOptions"][0]["name"]).problem(409).body["detail"]
    [entry] = h.s.ledger("escalation.recovered")
    assert entry["payload"]["incident"] == incident_id and entry["payload"]["healthySignals"] == 3

    # Its next problem is a new incident, remediated as any other.
    receipt = h.send(signal("CRO", "error", clock(), success=0.4, errorCode="TIMEOUT")).ok(202)
    assert receipt["incident"] and receipt["incident"] != incident_id
    wait_until(lambda: ("CRO", "restartAgent") in agents.calls(), "the new incident restarts CRO")


# --------------------------------------------------------------------------------------------
# Executors that do not answer, and attempts that get no fresh data


def test_a_hanging_executor_fails_the_step_by_timeout_and_the_attempt_counts_as_failed(spine_factory, agents, clock):
    h = start(spine_factory, steward_yaml(agents=[declared("CMO", "Marketing", agents, timeout_ms=300)], remediation={"maxAttempts": 2}))
    agents.hang.add("restartAgent")
    _, incident_id = open_incident(h, signal("CMO", "error", clock(), success=0.4, errorCode="TIMEOUT"))

    incident = h.wait_status(incident_id, "escalated")
    assert len(incident["attempts"]) == 2
    for attempt in incident["attempts"]:
        [restart] = attempt["steps"]
        assert restart["primitive"] == "restartAgent" and restart["status"] == "failed"
        assert "timed out after 300 ms" in restart["detail"], restart
        assert attempt["verification"]["outcome"] == "failed"
        assert "step 1 (restartAgent) failed" in attempt["verification"]["reason"]
        action = h.s.action(restart["action"]).ok()
        assert action["status"] == "failed" and action["execution"]["succeeded"] is False
    assert agents.calls() == [("CMO", "restartAgent"), ("CMO", "restartAgent")]  # never retried past the failure
    arm = h.get("/v1/learning/arms").ok()["arms"]["TRANSIENT"][0]
    assert arm["pulls"] == 2 and arm["failures"] == 2 and arm["successes"] == 0
    [escalation] = h.escalations()
    assert escalation["incident"] == incident_id
    assert [o["kind"] for o in escalation["recommendedOptions"]] == ["safe", "aggressive"]


def test_an_attempt_without_a_fresh_signal_is_inconclusive_and_counts_as_failed(spine_factory, agents, clock):
    h = start(spine_factory, steward_yaml(
        agents=[declared("CMO", "Marketing", agents)], remediation={"maxAttempts": 2, "verifyTimeoutSeconds": 1}))
    _, incident_id = open_incident(h, signal("CMO", "error", clock(), success=0.4, errorCode="RATE_LIMIT"))
    incident = h.wait_status(incident_id, "escalated")
    assert [a["verification"]["outcome"] for a in incident["attempts"]] == ["inconclusive", "inconclusive"]
    assert [a["ok"] for a in incident["attempts"]] == [False, False]
    assert all(s["status"] == "succeeded" for a in incident["attempts"] for s in a["steps"])
    entries = h.lineage(f"incident={incident_id}")["entries"]
    assert [(e["ok"], e["verification"], e["after"]) for e in entries] == [(False, "inconclusive", None)] * 2
    first = h.lineage(f"incident={incident_id}&limit=1")
    assert first["entries"] == entries[:1] and first["nextCursor"] == entries[0]["seq"]
    assert h.lineage(f"incident={incident_id}&limit=1&after={first['nextCursor']}")["entries"] == entries[1:]
    assert agents.calls() == [("CMO", "restartAgent"), ("CMO", "retryLastTask")] * 2
    # The safe option of a transient incident runs the playbook once more on a reduced scope; with
    # still no fresh signal, that attempt is inconclusive too and the incident is escalated again.
    [escalation] = h.escalations()
    safe = escalation["recommendedOptions"][0]
    assert safe["name"] == "ReduceScopeAndRetry" and safe["playbook"] == "RestartAndRetryTransient"
    assert h.resolve(escalation["id"], option=safe["name"]).ok()["status"] == "resolved"
    wait_until(lambda: len(agents.calls()) == 6, "the third attempt's steps")
    cmo = {a["agent"]: a for a in h.allocations()["allocations"]}["CMO"]
    assert cmo["slots"] == 1 and cmo["maxConcurrent"] == 1
    incident = wait_until(lambda: (lambda i: i if i["status"] == "escalated" and len(i["attempts"]) == 3 else None)(
        h.incident(incident_id)), "the third attempt to be escalated")
    assert incident["attempts"][2]["verification"]["outcome"] == "inconclusive"
    [again] = h.escalations()
    assert again["id"] != escalation["id"] and again["id"] == incident["escalation"]


def test_a_step_handed_to_an_agent_without_an_executor_waits_for_its_report(spine_factory, clock):
    # rec1 registers itself and has no executor: its steps are dispatched for it to read and report.
    h = start(spine_factory, steward_yaml(remediation={"maxAttempts": 1}))
    _, incident_id = open_incident(h, signal("rec1", "error", clock(), errorCode="TIMEOUT"))
    incident = h.incident(incident_id)
    assert incident["status"] == "remediating" and [s["status"] for s in incident["attempts"][0]["steps"]] == ["running"]
    assert "ok" not in incident["attempts"][0], "a running attempt has no verdict yet"
    assert h.agent("rec1")["state"] == "Recovering"

    def report(label):
        """Reports the one step waiting for rec1, as the agent does; returns its type."""
        waiting = wait_until(lambda: h.s.actions("agent=rec1&status=dispatched").ok()["actions"], "a step handed to rec1")
        assert len(waiting) == 1, waiting
        h.s.call("POST", f"/v1/actions/{waiting[0]['proposal']['id']}/outcome", {"label": label, "detail": "task crashed again"}).ok()
        return waiting[0]["proposal"]["type"]

    assert report("EXECUTION_SUCCEEDED") == "restartAgent"
    # retryLastTask tries twice; both reported failed fail the attempt, as a 500 would.
    assert [report("EXECUTION_FAILED") for _ in range(2)] == ["retryLastTask", "retryLastTask"]
    incident = h.wait_status(incident_id, "escalated")
    verification = incident["attempts"][0]["verification"]
    assert verification["outcome"] == "failed" and "task crashed again" in verification["reason"], verification
    # A healthy signal afterwards does not turn the failed retry into a heal by Steward.
    h.send(signal("rec1", "healthy", clock())).ok(202)
    assert h.incident(incident_id).get("resolvedBy") != "steward"


# --------------------------------------------------------------------------------------------
# Refused input


def test_refused_signals_name_every_offending_field_and_record_nothing(spine_factory, clock):
    h = start(spine_factory, steward_yaml())
    before = h.s.head()

    h.send(None, raw=b"{").problem(400, "body")
    h.send(None, raw=b"[]").problem(400, "body")
    h.send(None, raw=b'"a string"').problem(422)
    p = h.send({}).problem(422, "agent", "status", "metrics", "ts")
    assert len(p.fields) == 4

    def refused(field, **changes):
        body = signal("CRO", "healthy", clock())
        for path, value in changes.items():
            node = body
            *parents, leaf = path.split("__")
            for name in parents:
                node = node.setdefault(name, {})
            node[leaf] = value
        return h.send(body).problem(422, field)

    refused("status", status="sleepy")
    refused("metrics.successRate", metrics__successRate=1.5)
    refused("metrics.alignment", metrics__alignment=-0.1)
    refused("metrics.backlogAgeMinutes", metrics__backlogAgeMinutes="old")
    refused("context.errorCode", context__errorCode="BOOM")
    refused("context.queueDepth", context__queueDepth=-1)
    refused("context.missingSecrets[1]", context__missingSecrets=["API_BASE", ""])
    refused("ts", ts=iso(time.time() + 86400))
    refused("ts", ts="yesterday")
    refused("ts", ts="2020-01-01T00:00:00Z")  # older than remediation.signals.maxAgeSeconds
    refused("agent", agent="a b/c")  # the naming rule of POST /v1/actions
    refused("mood", mood="calm")
    refused("metrics.vibes", metrics__vibes=1)
    refused("agent", agent="")

    # In a batch the field names its element, and the valid elements are not recorded either.
    good = signal("CRO", "healthy", clock())
    bad = signal("CMO", "healthy", clock(), alignment=2)
    h.send([good, bad]).problem(422, "[1].metrics.alignment")
    h.send([good, {**bad, "status": "ok"}]).problem(422, "[1].metrics.alignment", "[1].status")
    # NDJSON: the index counts signals (blank lines are skipped); a line that is not JSON is 400.
    h.ndjson([good, "", {**bad, "status": "ok", "metrics": good["metrics"]}]).problem(422, "[1].status")
    p = h.ndjson([good, "{not json"]).problem(400, "[1]")
    assert "line 2" in p.body["detail"]
    # More than 1000 signals in one request.
    h.send([signal(f"A{i}", "healthy", clock()) for i in range(1001)]).problem(413, "body")
    # A single body that is not an object names the body.
    h.send(42).problem(422, "body")
    # More of one agent than its burst (100) could never pass: 422 naming the agent, not 429.
    p = h.send([signal("RateBot", "healthy", clock()) for _ in range(150)]).problem(422, "[0].agent")
    assert "RateBot" in str(p.body["errors"])
    assert h.s.head() == before
    assert h.agents() == []

    # The same signals, valid, are accepted: one object, an array, NDJSON.
    one = h.send(signal("CRO", "healthy", clock())).ok(202)
    # This configuration declares no agents: the first signal of each registers it, and says so.
    assert one == {"agent": "CRO", "state": "Healthy", "applied": True, "problem": False, "incident": None,
                   "registered": "agent 'CRO' is not declared in steward.yaml and was registered by this signal"}
    batch = h.send([signal("CRO", "healthy", clock()), signal("CMO", "healthy", clock())]).ok(202)
    assert batch["accepted"] == 2 and [r["agent"] for r in batch["results"]] == ["CRO", "CMO"]
    assert ["registered" in r for r in batch["results"]] == [False, True]
    lines = h.ndjson([signal("CRO", "healthy", clock()), "", signal("CMO", "healthy", clock())]).ok(202)
    assert lines["accepted"] == 2 and all(r["applied"] for r in lines["results"]), lines
    cro = h.agent("CRO")
    assert cro["signals"] == 3 and cro["autoRegistered"] is True and cro["domain"] == "Operations"
    h.send([signal(name, "healthy", clock()) for name in ("A1", "A2", "A3")]).ok(202)
    page = h.get("/v1/agents?limit=2").ok()
    assert [a["name"] for a in page["agents"]] == ["A1", "A2"] and page["nextCursor"] == "A2"
    page = h.get("/v1/agents?limit=2&after=A2").ok()
    assert [a["name"] for a in page["agents"]] == ["A3", "CMO"] and page["nextCursor"] == "CMO"
    page = h.get("/v1/agents?limit=2&after=CMO").ok()
    assert [a["name"] for a in page["agents"]] == ["CRO"] and page["nextCursor"] is None
    h.get("/v1/agents/Nobody").problem(404)


def test_a_signal_older_than_the_last_is_recorded_but_not_applied(spine_factory, clock):
    h = start(spine_factory, steward_yaml())
    newer = clock()
    older = iso(time.time() - 60)
    h.send(signal("CRO", "healthy", newer, success=0.99)).ok(202)
    receipt = h.send(signal("CRO", "error", older, success=0.1, errorCode="TIMEOUT")).ok(202)
    assert receipt == {"agent": "CRO", "state": "Healthy", "applied": False, "problem": True, "incident": None}
    view = h.agent("CRO")
    assert view["lastSignal"]["ts"] == newer and view["lastSignal"]["metrics"]["successRate"] == 0.99
    assert view["signals"] == 2 and view["state"] == "Healthy"
    assert h.incidents() == []
    assert [e["payload"]["applied"] for e in h.s.ledger("signal.received")] == [True, False]

    # With an incident open (remediation off here), a late healthy signal neither resolves it nor
    # hides it: the receipt still shows the agent's state and incident.
    h.s.kill_switch(True, reason="hold the incident open").ok()
    receipt, incident_id = open_incident(h, signal("CRO", "error", clock(), success=0.2, errorCode="OTHER"))
    assert receipt["state"] == "Degraded"
    late = h.send(signal("CRO", "healthy", iso(time.time() - 30))).ok(202)
    assert late == {"agent": "CRO", "state": "Degraded", "applied": False, "problem": False, "incident": incident_id}
    assert h.incident(incident_id)["status"] == "open" and h.agent("CRO")["state"] == "Degraded"


def test_an_unknown_agent_is_refused_when_auto_registration_is_off(spine_factory, clock):
    h = start(spine_factory, steward_yaml(agents=[declared("CRO", "Revenue")], remediation={"signals": {"autoRegister": False}}))
    h.send(signal("CRO", "healthy", clock())).ok(202)
    agents_before = h.agents()
    head = h.s.head()
    p = h.send(signal("Ghost", "error", clock(), errorCode="TIMEOUT")).problem(422, "agent")
    assert "Ghost" in p.body["errors"][0]["reason"]
    h.send([signal("CRO", "healthy", clock()), signal("Ghost", "healthy", clock())]).problem(422, "[1].agent")
    assert h.agents() == agents_before and h.s.head() == head
    assert [a["name"] for a in agents_before] == ["CRO"] and agents_before[0]["autoRegistered"] is False
    assert agents_before[0]["signals"] == 1
    h.get("/v1/agents/Ghost").problem(404)


def test_a_flooding_agent_gets_429_while_the_others_are_still_heard(spine_factory, clock):
    # One signal a second, bursts of two: the third of eight quick signals is already over the limit.
    h = start(spine_factory, steward_yaml(remediation={"signals": {"ratePerAgentPerSecond": 1}}))
    replies = [h.send(signal("Chatty", "healthy", clock())) for _ in range(8)]
    statuses = [r.status for r in replies]
    assert statuses[0] == 202 and 429 in statuses, statuses
    limited = next(r for r in replies if r.status == 429)
    limited.problem(429, "agent")
    assert int(limited.header("Retry-After")) >= 1
    assert h.send(signal("Calm", "healthy", clock())).ok(202)["applied"] is True
    assert h.agent("Chatty")["signals"] == statuses.count(202)

    def heard_again():
        reply = h.send(signal("Chatty", "healthy", clock()))
        return reply if reply.status == 202 else None
    wait_until(heard_again, "Chatty to be heard again after Retry-After", timeout=10, interval=0.5)


def test_query_and_body_problems_of_the_healing_routes(spine_factory):
    h = start(spine_factory, steward_yaml())
    h.get("/v1/agents?state=Sleepy").problem(422, "state")
    h.get("/v1/agents?limit=0").problem(422, "limit")
    h.get("/v1/incidents?status=weird&limit=5000").problem(422, "status", "limit")
    h.get("/v1/incidents/inc_0000000000000000").problem(404)
    h.get("/v1/escalations?status=maybe", key=h.operator_key).problem(422, "status")
    h.get("/v1/lineage?after=-1").problem(422, "after")
    h.get("/v1/kpis?to=").problem(422, "to")
    h.get("/v1/incidents?limit=").problem(422, "limit")
    assert h.get("/v1/lineage").ok() == {"entries": [], "nextCursor": None}
    assert h.get("/v1/incidents").ok() == {"incidents": [], "nextCursor": None}
    assert h.get("/v1/agents").ok() == {"agents": [], "nextCursor": None}
    assert h.escalations() == []
    assert h.get("/v1/learning/arms").ok() == {"enabled": False, "strategy": "epsilon-greedy", "exploration": 0.15, "arms": {}}
    assert h.allocations() == {"allocations": [], "limits": {"min": 1, "max": 8}}

    # Source freshness: an optional body with `at`.
    fresh = h.s.call("POST", "/v1/sources/MarketIntel/refreshed", key=h.agent_key).ok()
    assert fresh["name"] == "MarketIntel" and fresh["reachable"] is True and fresh["lastRefreshedAt"]
    at = iso(time.time())
    dated = h.s.call("POST", "/v1/sources/MarketIntel/refreshed", {"at": at}, key=h.agent_key).ok()
    assert dated["lastRefreshedAt"] == at and dated["lastKnownGoodAt"] == at
    h.s.call("POST", "/v1/sources/MarketIntel/refreshed", {"at": "soon"}, key=h.agent_key).problem(422, "at")
    h.s.call("POST", "/v1/sources/MarketIntel/refreshed", {"when": at}, key=h.agent_key).problem(422, "when")
    h.s.call("POST", "/v1/sources/MarketIntel/refreshed", raw=b"{", key=h.agent_key).problem(400, "body")
    h.s.call("POST", "/v1/sources/a%20b/refreshed", key=h.agent_key).problem(422, "name")
    # Only declared sources, no date beyond the clock skew, never backwards.
    h.s.call("POST", "/v1/sources/MarketIntell/refreshed", key=h.agent_key).problem(422, "name")
    h.s.call("POST", "/v1/sources/MarketIntel/refreshed", {"at": iso(time.time() + 365 * 86400)}, key=h.agent_key).problem(422, "at")
    h.s.call("POST", "/v1/sources/MarketIntel/refreshed", {"at": "2001-01-01T00:00:00Z"}, key=h.agent_key).problem(409)
    assert [e["payload"]["source"] for e in h.s.ledger("source.refreshed")] == ["MarketIntel", "MarketIntel"]


# --------------------------------------------------------------------------------------------
# Turning remediation off: AUTO_REMEDIATE=false and the kill switch


def test_the_freshness_sweep_has_a_dependent_agent_refetch_a_stale_source(spine_factory, agents):
    # CMO reads MarketIntel, whose contract is 60 minutes; nobody has reported refreshing it yet.
    h = start(spine_factory, steward_yaml(agents=[declared("CMO", "Marketing", agents, dependencies=["MarketIntel"])]))
    call = wait_until(lambda: ("CMO", "refetchSource") in agents.calls("CMO"), "the sweep's refetch to reach CMO")
    assert call
    delivered = [d for d in super(Agents, agents).received() if agents.route(d) == ("CMO", "refetchSource")]
    assert delivered[0].json["params"]["source"] == "MarketIntel"
    refreshed = wait_until(lambda: h.s.ledger("source.refreshed"), "the refetch to be recorded as a refresh")
    assert refreshed[0]["payload"]["source"] == "MarketIntel" and refreshed[0]["actor"] == "agent:CMO"
    requested = h.s.ledger("source.refresh_requested")
    assert len(requested) == 1 and requested[0]["payload"]["agent"] == "CMO"
    # The source as the API shows it (validated against openapi.yaml): the refetch answered the
    # request, so none stands, and the source is fresh.
    row = h.s.call("GET", "/v1/sources/MarketIntel", key=h.agent_key).ok()
    assert "refreshRequestedAt" not in row and row["reachable"] is True and row["freshness"] == "fresh", row
    assert row["dependents"] and "CMO" in row["dependents"], row
    assert h.s.call("POST", "/v1/sources/MarketIntel/refreshed", key=h.agent_key).ok()["reachable"] is True


def assert_stays_untouched(h, incident_id, agents, seconds=1.5):
    """Several rounds of the loop pass and the incident is still open, with no attempt and no call."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        incident = h.incident(incident_id)
        assert incident["status"] == "open" and incident["attempts"] == [], incident
        assert agents.received() == []
        time.sleep(0.25)
    return incident


def test_auto_remediate_false_records_signals_and_remediates_nothing(spine_factory, agents, clock):
    h = start(spine_factory, steward_yaml(agents=[declared("CMO", "Marketing", agents)]), env={"AUTO_REMEDIATE": "false"})
    receipt, incident_id = open_incident(h, signal("CMO", "error", clock(), errorCode="TIMEOUT"))
    assert receipt["state"] == "Degraded"
    again = h.send(signal("CMO", "error", clock(), errorCode="TIMEOUT")).ok(202)
    assert again["incident"] == incident_id and again["state"] == "Degraded"
    incident = assert_stays_untouched(h, incident_id, agents)
    assert incident["signalCount"] == 2 and "choice" not in incident
    view = h.agent("CMO")
    assert view["state"] == "Degraded" and view["remediating"] is False
    held = h.s.ledger("remediation.held")
    assert held and "AUTO_REMEDIATE" in held[0]["payload"]["reason"]
    assert h.s.ledger("remediation.started") == []
    # The agent recovers on its own: the incident closes without any playbook.
    assert h.send(signal("CMO", "healthy", clock())).ok(202)["state"] == "Healthy"
    incident = h.incident(incident_id)
    assert incident["status"] == "resolved" and incident["attempts"] == []
    assert h.lineage()["entries"] == []


def test_the_kill_switch_holds_remediation_until_it_is_released(spine_factory, agents, clock):
    h = start(spine_factory, steward_yaml(agents=[declared("CMO", "Marketing", agents)]))
    h.s.kill_switch(True, reason="chaos drill").ok()
    receipt, incident_id = open_incident(h, signal("CMO", "error", clock(), errorCode="TIMEOUT"))
    assert receipt["state"] == "Degraded"
    h.send(signal("CMO", "error", clock(), errorCode="TIMEOUT")).ok(202)
    assert_stays_untouched(h, incident_id, agents)
    [held, *_] = h.s.ledger("remediation.held")
    assert "kill switch" in held["payload"]["reason"] and "chaos drill" in held["payload"]["reason"]

    # Released: the agent's next problem signal starts remediation.
    h.s.kill_switch(False).ok()
    h.send(signal("CMO", "error", clock(), errorCode="TIMEOUT")).ok(202)
    wait_until(lambda: ("CMO", "restartAgent") in agents.calls(), "restartAgent after the kill switch is released")
    h.wait_status(incident_id, "verifying")
    h.send(signal("CMO", "healthy", clock())).ok(202)
    assert h.wait_status(incident_id, "resolved")["attempts"][0]["verification"]["outcome"] == "passed"


# --------------------------------------------------------------------------------------------
# The OpenAPI document


HEALING_ROUTES = [
    ("POST", "/v1/signals"), ("GET", "/v1/agents"), ("GET", "/v1/agents/CRO"), ("GET", "/v1/incidents"),
    ("GET", "/v1/incidents/inc_1"), ("GET", "/v1/escalations"), ("GET", "/v1/escalations/esc_1"),
    ("POST", "/v1/escalations/esc_1/resolve"), ("GET", "/v1/lineage"), ("GET", "/v1/allocations"),
    ("POST", "/v1/sources/MarketIntel/refreshed"), ("GET", "/v1/learning/arms"),
]


def test_every_route_the_server_registers_is_in_openapi_yaml():
    doc = openapi()
    registered = set()
    routes = os.path.join(ROOT, "Sources", "StewardServer")
    for folder, _, files in os.walk(routes):
        for name in files:
            if name.endswith(".swift"):
                with open(os.path.join(folder, name)) as f:
                    for method, path in re.findall(r'router\.(get|post|put|delete|patch)\("([^"]+)"', f.read()):
                        registered.add((method.upper(), re.sub(r":(\w+)", r"{\1}", path)))
    assert set(HEALING_ROUTES) and len(registered) > 30
    # The Control Center's HTML pages (/, /ui/...) are not part of the JSON API: docs/control-center.md
    # describes them, test_control_center.py drives them.
    pages = {(m, t) for m, t in registered if t == "/" or t == "/ui" or t.startswith("/ui/")}
    assert len(pages) > 10
    for method, template in sorted(registered - pages):
        assert template in doc.doc["paths"], f"{method} {template} is served but not in openapi.yaml"
        assert method.lower() in doc.doc["paths"][template], f"{method} {template} is served but not documented"
    for method, path in HEALING_ROUTES:
        assert (method, doc.template(path)) in registered
    with open(OPENAPI_PATH) as f:
        schemas = yaml.safe_load(f)["components"]["schemas"]
    for name in ["StatusSignal", "SignalReceipt", "Agent", "Incident", "Attempt", "StepRun", "Verification", "PlaybookChoice",
                 "Escalation", "EscalationOption", "LineageEntry", "Allocation", "SourceState", "ArmStats"]:
        assert name in schemas


def test_malformed_oversized_and_unauthenticated_requests_are_documented_problems(spine_factory):
    h = start(spine_factory, steward_yaml())
    before = h.s.head()
    for method, path in HEALING_ROUTES:
        if method == "POST":
            h.s.call(method, path, raw=b"{").problem(400, "body")
            h.s.call(method, path, raw=b'{"x": "' + b"y" * (2 * 1024 * 1024) + b'"}').problem(413)
        body = {} if method == "POST" else None
        h.s.call(method, path, body, key="nonsense").problem(401)
        h.s.call(method, path, body, key="stw_000000000000_" + "0" * 64).problem(401)
    assert h.s.head() == before
