"""Bounded autonomous routing (seed 004 §2b.2, §2b.4, §2c) against the real server: strategies
measured from executions tagged with `routing_strategy`, a review that switches within the
guardrails and proposes what breaks them, approval and rejection, the cooldown, automatic
rollback after consecutive failures, the operator's override and the autonomous-decisions log.

Every JSON answer is validated against openapi.yaml (spine_helpers.Spine.call).
"""
import csv
import datetime
import io
import json

import pytest

from spine_helpers import Receiver, openapi

UTC = datetime.timezone.utc


def iso(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def strategy(name, rate, cost, latency):
    return {"name": name, "description": f"{name} path", "reasoning": f"why {name}",
            "expected": {"successRate": rate, "costUSD": cost, "latencyMs": latency}}


ROUTING = {
    "minimumSample": 5,
    "skills": [
        {"skill": "summarize", "strategies": [strategy("steady", 0.98, 0.0105, 3500), strategy("fast", 0.97, 0.0095, 2800)]},
        {"skill": "classify", "strategies": [strategy("careful", 0.99, 0.01, 5000), strategy("risky", 0.9, 0.01, 200)]},
        {"skill": "extract", "strategies": [
            strategy("a", 0.99, 0.01, 4000), strategy("b", 0.99, 0.01, 2000), strategy("c", 0.99, 0.01, 500)]},
    ],
}


def config(webhook):
    doc = {"notifications": {"webhookUrl": webhook}, "telemetry": {"routing": ROUTING}}
    return "\n".join(f"{k}: {json.dumps(v)}" for k, v in doc.items()) + "\n"


@pytest.fixture
def hook():
    r = Receiver()
    yield r
    r.close()


def notified(hook, kind):
    return [d.json for d in hook.received() if d.json and d.json.get("kind") == kind]


class Batch:
    """Execution records with unique ids."""
    counter = 0

    @classmethod
    def records(cls, skill, strategy, outcomes, latency, start):
        out = []
        for i, ok in enumerate(outcomes):
            cls.counter += 1
            begin = start + datetime.timedelta(milliseconds=10 * i)
            out.append({
                "execution_id": f"r-{cls.counter:05d}", "skill_name": skill, "skill_version": "1.0.0",
                "timestamp_start": iso(begin), "timestamp_end": iso(begin + datetime.timedelta(milliseconds=latency)),
                "execution_succeeded": ok, "total_latency_ms": latency, "routing_strategy": strategy,
            })
        return out


def ingest(s, records):
    body = "".join(json.dumps(r) + "\n" for r in records).encode()
    reply = s.call("POST", "/v1/executions", raw=body, headers={"Content-Type": "application/x-ndjson"}).ok(202)
    assert reply["accepted"] == len(records), reply


def route(s, skill):
    return s.call("GET", f"/v1/route?skill={skill}&key=job-1").ok()


def by_skill(decisions):
    return {d["skill"]: d for d in decisions}


def ledger(s, kind):
    return s.call("GET", f"/v1/ledger?kind={kind}&limit=1000").ok()["entries"]


def stream(s, path):
    code, headers, data = s.server.request("GET", path, key=s.admin)
    headers = {k.lower(): v for k, v in headers.items()}
    text = data.decode("utf-8")
    openapi().validate("GET", path, code, headers.get("content-type", ""), text)
    assert code == 200, (code, text)
    return headers.get("content-type", ""), text


def test_review_switches_proposes_rolls_back_and_is_overridden(spine_factory, hook):
    s = spine_factory.start(config(hook.url))
    operator = s.key("operator")
    agent = s.key("agent")
    hour_ago = datetime.datetime.now(UTC) - datetime.timedelta(hours=1)
    ingest(s, Batch.records("summarize", "steady", [True] * 10, 3500, hour_ago)
           + Batch.records("summarize", "fast", [True] * 10, 1000, hour_ago)
           + Batch.records("classify", "careful", [True] * 10, 5000, hour_ago)
           + Batch.records("classify", "risky", [True] * 9 + [False], 200, hour_ago)
           + Batch.records("extract", "a", [True] * 10, 4000, hour_ago)
           + Batch.records("extract", "b", [True] * 10, 2000, hour_ago))

    # Before any review: the default, the first strategy listed.
    assert route(s, "summarize") == {"skill": "summarize", "key": "job-1", "strategy": "steady", "source": "default", "held": False, "holds": []}
    s.call("GET", "/v1/route?skill=summarize").problem(422, "key")
    s.call("GET", "/v1/route?key=k").problem(422, "skill")
    missing = s.call("GET", "/v1/route?skill=translate&key=k")
    missing.problem(404)
    assert "translate" in missing.body["detail"]

    # Reviews need the operator role.
    s.call("POST", "/v1/routing/review", {}, key=agent).problem(403)
    review = by_skill(s.call("POST", "/v1/routing/review", {}, key=operator).ok()["decisions"])
    assert review["summarize"]["status"] == "AUTO_APPROVED" and review["summarize"]["action"] == "switched"
    assert review["summarize"]["candidate"]["measurement"] == {
        "strategy": "fast", "source": "measured", "sampleSize": 10,
        "metrics": {"successRate": 1, "costUSD": 0, "latencyMs": 1000}}  # no tokens: no cost
    assert review["extract"]["status"] == "AUTO_APPROVED"
    classify = review["classify"]
    assert classify["status"] == "DEFERRED" and classify["action"] == "proposed"
    assert [v["guardrail"] for v in classify["violations"]] == ["maxSuccessRateReduction", "minReliability"]
    assert route(s, "summarize") == {"skill": "summarize", "key": "job-1", "strategy": "fast", "source": "current", "held": False, "holds": []}
    assert route(s, "extract")["strategy"] == "b"
    changed = notified(hook, "routing.changed")
    assert sorted(n["subject"] for n in changed) == ["skill:extract", "skill:summarize"]
    assert all(n["text"].startswith("Steward changed the routing of") for n in changed)

    # The cooldown: a better strategy measured right after a change is not switched to alone.
    ingest(s, Batch.records("extract", "c", [True] * 10, 500, hour_ago))
    again = by_skill(s.call("POST", "/v1/routing/review", {}, key=operator).ok()["decisions"])
    assert again["extract"]["status"] == "DEFERRED"
    assert [v["guardrail"] for v in again["extract"]["violations"]] == ["cooldownHours"]
    assert again["summarize"]["status"] == "NO_CHANGE"
    assert again["classify"]["action"] == "already_proposed" and again["classify"]["proposalId"] == classify["proposalId"]
    assert route(s, "extract")["strategy"] == "b"

    # The proposal carries the evidence; a rejection needs a reason and changes nothing without one.
    pending = s.call("GET", "/v1/routing/proposals?status=pending").ok()["items"]
    assert sorted(p["skill"] for p in pending) == ["classify", "extract"]
    proposal = next(p for p in pending if p["skill"] == "classify")
    assert proposal["from"] == "careful" and proposal["to"] == "risky"
    assert abs(proposal["deltas"]["successRate"] + 0.1) < 1e-9 and proposal["deltas"]["latencyMs"] == -4800
    assert "Needs approval" in proposal["evidence"]["rationale"]
    pid = proposal["id"]
    s.call("POST", f"/v1/routing/proposals/{pid}/reject", {}, key=operator).problem(422, "reason")
    s.call("POST", f"/v1/routing/proposals/{pid}/reject", {"reason": ""}, key=operator).problem(422, "reason")
    s.call("POST", f"/v1/routing/proposals/{pid}/approve", {}, key=agent).problem(403)
    assert s.call("GET", f"/v1/routing/proposals?skill=classify").ok()["items"][0]["status"] == "pending"
    deferred = s.call("POST", f"/v1/routing/proposals/{pid}/defer", {"note": "next week"}, key=operator).ok()
    assert deferred["status"] == "deferred"
    approved = s.call("POST", f"/v1/routing/proposals/{pid}/approve", {"note": "ok"}, key=operator).ok()
    assert approved["status"] == "approved"
    s.call("POST", f"/v1/routing/proposals/{pid}/reject", {"reason": "late"}, key=operator).problem(409)
    assert route(s, "classify")["strategy"] == "risky"
    other = next(p for p in pending if p["skill"] == "extract")
    rejected = s.call("POST", f"/v1/routing/proposals/{other['id']}/reject", {"reason": "b is fine"}, key=operator).ok()
    assert rejected["status"] == "rejected" and rejected["note"] == "b is fine"
    assert route(s, "extract")["strategy"] == "b"

    # Three consecutive failures under the new strategy roll it back at once.
    now = datetime.datetime.now(UTC) + datetime.timedelta(seconds=1)
    ingest(s, Batch.records("summarize", "fast", [True, False, False], 100, now))
    assert route(s, "summarize")["strategy"] == "fast"
    ingest(s, Batch.records("summarize", "fast", [False], 100, now + datetime.timedelta(seconds=1)))
    assert route(s, "summarize")["strategy"] == "steady"
    rolled = ledger(s, "routing.rolled_back")
    assert len(rolled) == 1
    assert rolled[0]["payload"]["guardrail"] == "maxConsecutiveFailuresBeforeRevert"
    assert rolled[0]["payload"]["from"] == "fast" and rolled[0]["payload"]["to"] == "steady"
    hook.wait(lambda got: any(d.json and d.json.get("kind") == "routing.rolled_back" for d in got))
    assert notified(hook, "routing.rolled_back")[0]["payload"]["guardrail"] == "maxConsecutiveFailuresBeforeRevert"
    skills = {k["skill"]: k for k in s.call("GET", "/v1/routing/skills").ok()["skills"]}
    assert skills["summarize"]["change"] == "rollback" and skills["summarize"]["previous"] == "fast"
    assert skills["summarize"]["cooldownUntil"] is not None and skills["summarize"]["monitoring"] is None
    assert skills["classify"]["monitoring"]["strategy"] == "risky"
    assert [x["name"] for x in skills["extract"]["strategies"]] == ["a", "b", "c"]

    # The autonomous-decisions log lists both changes Steward made and the rollback.
    log = s.call("GET", "/v1/routing/decisions").ok()["items"]
    assert [(d["action"], d["skill"], d["to"]) for d in log] == [
        ("change", "summarize", "fast"), ("change", "extract", "b"), ("rollback", "summarize", "steady")] or \
        [(d["action"], d["skill"], d["to"]) for d in log] == [
        ("change", "extract", "b"), ("change", "summarize", "fast"), ("rollback", "summarize", "steady")]
    content_type, text = stream(s, "/v1/routing/decisions?format=jsonl")
    assert content_type.startswith("application/x-ndjson")
    assert [json.loads(line)["seq"] for line in text.splitlines()] == [d["seq"] for d in log]
    content_type, text = stream(s, "/v1/routing/decisions?format=csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["action"] for r in rows] == [d["action"] for d in log]
    s.call("GET", "/v1/routing/decisions?format=xml").problem(422, "format")

    # The override: bad input changes nothing; a good one reverts at once and starts the cooldown.
    s.call("POST", "/v1/routing/skills/classify/override", {"strategy": "careful"}, key=operator).problem(422, "reason")
    s.call("POST", "/v1/routing/skills/classify/override", {"strategy": "nope", "reason": "x"}, key=operator).problem(422, "strategy")
    s.call("POST", "/v1/routing/skills/translate/override", {"reason": "x"}, key=operator).problem(404)
    s.call("POST", "/v1/routing/skills/classify/override", {"reason": "x"}, key=agent).problem(403)
    assert route(s, "classify")["strategy"] == "risky"
    state = s.call("POST", "/v1/routing/skills/classify/override", {"reason": "customer complaints"}, key=operator).ok()
    assert state["current"] == "careful" and state["previous"] == "risky" and state["change"] == "override"
    assert route(s, "classify")["strategy"] == "careful"
    overridden = ledger(s, "routing.overridden")
    assert len(overridden) == 1 and overridden[0]["payload"]["reason"] == "customer complaints"
    kinds = {e["kind"] for e in s.call("GET", "/v1/ledger?limit=1000").ok()["entries"]}
    assert {"routing.changed", "routing.proposed", "routing.proposal_deferred", "routing.proposal_approved",
            "routing.proposal_rejected", "routing.rolled_back", "routing.overridden"} <= kinds
