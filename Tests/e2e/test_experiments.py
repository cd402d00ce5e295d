"""A/B experiments (seed 004 §2b.3, §2b.4) and the optimization engine's analyses (§2b.1) against
the real server: sticky hash assignment through GET /v1/route with the treatment share near the
split, significance-tested verdicts, approval into a promotion, an immediate guardrail rollback
with its webhook notification, the four insights on a hand-computed dataset, and 422s naming
the field.

Every JSON answer is validated against openapi.yaml (spine_helpers.Spine.call).
"""
import datetime
import hashlib
import json
import random
import time

from spine_helpers import Receiver

UTC = datetime.timezone.utc


def iso(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def strategy(name, rate, cost, latency):
    return {"name": name, "expected": {"successRate": rate, "costUSD": cost, "latencyMs": latency}}


ROUTING = {"skills": [
    {"skill": "summarize", "strategies": [strategy("steady", 0.98, 0.01, 1000), strategy("fast", 0.97, 0.01, 600)]},
    {"skill": "classify", "strategies": [strategy("careful", 0.99, 0.01, 500), strategy("risky", 0.9, 0.01, 200)]},
]}


def config(webhook=None):
    doc = {"telemetry": {"pricing": [], "routing": ROUTING}}
    if webhook:
        doc["notifications"] = {"webhookUrl": webhook}
    return "\n".join(f"{k}: {json.dumps(v)}" for k, v in doc.items()) + "\n"


_counter = [0]


def executions(skill, strategy, outcomes, latencies, start, **extra):
    out = []
    for i, (ok, latency) in enumerate(zip(outcomes, latencies)):
        _counter[0] += 1
        begin = start + datetime.timedelta(milliseconds=5 * i)
        record = {
            "execution_id": f"e-{_counter[0]:06d}", "skill_name": skill, "skill_version": "1.0.0",
            "timestamp_start": iso(begin), "timestamp_end": iso(begin + datetime.timedelta(milliseconds=latency)),
            "execution_succeeded": ok, "total_latency_ms": latency,
        }
        if strategy:
            record["routing_strategy"] = strategy
        record.update(extra)
        out.append(record)
    return out


def created(experiment):
    """Just after the experiment started: its samples are executions that started from then on."""
    moment = datetime.datetime.fromisoformat(experiment["createdAt"].replace("Z", "+00:00"))
    return moment + datetime.timedelta(milliseconds=1)


def ingest(s, records):
    body = "".join(json.dumps(r) + "\n" for r in records).encode()
    reply = s.call("POST", "/v1/executions", raw=body, headers={"Content-Type": "application/x-ndjson"}).ok(202)
    assert reply["accepted"] == len(records), reply


def expected_arm(experiment_id, key, split):
    """The documented assignment: the first 8 bytes of SHA-256(id ␟ key), top 53 bits over 2⁵³."""
    digest = hashlib.sha256((experiment_id + "\x1f" + key).encode()).digest()
    point = (int.from_bytes(digest[:8], "big") >> 11) / float(1 << 53)
    return "treatment" if point < split else "control"


def definition(**overrides):
    body = {
        "name": "speed-optimization-v1", "skill": "summarize", "control": "steady", "treatment": "fast", "trafficSplit": 0.3,
        "durationDays": 7, "minimumSample": 100,
        "goals": [{"metric": "latency", "direction": "decrease", "minimumImprovement": 0.1},
                  {"metric": "success_rate", "direction": "increase"}],
        "guardrails": [{"metric": "success_rate", "maxRegression": 0.05}, {"metric": "latency", "maxRegression": 0.2}],
    }
    body.update(overrides)
    return body


def test_a_clearly_faster_treatment_wins_and_its_approval_promotes_it(spine_factory):
    s = spine_factory.start(config())
    operator, agent = s.key("operator"), s.key("agent")

    # Bad input: 422 naming each field, nothing recorded.
    head = s.call("GET", "/v1/ledger/verify").ok()
    bad = definition(trafficSplit=1.5, durationDays=0, treatment="warp", goals=[{"metric": "speed", "direction": "down"}], colour="red",
                     minimumSample=40)
    s.call("POST", "/v1/experiments", bad, key=operator).problem(
        422, "trafficSplit", "durationDays", "treatment", "goals[0].metric", "goals[0].direction", "colour", "minimumSample")
    s.call("POST", "/v1/experiments", definition(treatment="steady"), key=operator).problem(422, "treatment")
    s.call("POST", "/v1/experiments", definition(), key=agent).problem(403)
    assert s.call("GET", "/v1/ledger/verify").ok() == head
    assert s.ledger("experiment.created") == []

    experiment = s.call("POST", "/v1/experiments", definition(), key=operator).ok(201)
    eid = experiment["id"]
    assert experiment["status"] == "running" and experiment["significanceLevel"] == 0.05
    s.call("POST", "/v1/experiments", definition(name="again"), key=operator).problem(409)

    # Sticky, documented assignment; the treatment share is close to the split.
    arms = {}
    for i in range(2000):
        key = f"job-{i}"
        route = s.call("GET", f"/v1/route?skill=summarize&key={key}", key=agent).ok()
        assert route["source"] == "experiment" and route["experiment"] == eid
        assert route["arm"] == expected_arm(eid, key, 0.3), key
        assert route["strategy"] == ("fast" if route["arm"] == "treatment" else "steady")
        arms[key] = route["arm"]
    share = sum(1 for a in arms.values() if a == "treatment") / len(arms)
    assert abs(share - 0.3) < 0.04, share
    for key in list(arms)[:200]:
        assert s.call("GET", f"/v1/route?skill=summarize&key={key}", key=agent).ok()["arm"] == arms[key]

    # Treatment is clearly faster with the same reliability.
    rng = random.Random(7)
    start = created(experiment)
    control = executions("summarize", "steady", [i % 20 != 0 for i in range(120)], [rng.randint(900, 1300) for _ in range(120)], start)
    treatment = executions("summarize", "fast", [i % 20 != 0 for i in range(120)], [rng.randint(500, 800) for _ in range(120)], start)
    ingest(s, control + treatment)

    live = s.call("GET", f"/v1/experiments/{eid}").ok()
    assert live["status"] == "running" and live["results"]["controlCount"] == 120 and live["results"]["treatmentCount"] == 120
    assert live["results"]["decision"] == "keep_running"

    s.call("POST", f"/v1/experiments/{eid}/evaluate", key=agent).problem(403)
    # Before the end an evaluation is a read-out: looking again and again must not pick the winner.
    peek = s.call("POST", f"/v1/experiments/{eid}/evaluate", key=operator).ok()
    assert peek["status"] == "running" and peek["results"]["decision"] == "keep_running" and "verdict" not in peek
    assert s.ledger("experiment.concluded") == []
    s.call("POST", f"/v1/experiments/{eid}/evaluate?conclude=maybe", key=operator).problem(422, "conclude")
    done = s.call("POST", f"/v1/experiments/{eid}/evaluate?conclude=true", key=operator).ok()
    assert done["status"] == "completed" and done["verdict"]["outcome"] == "treatment_wins"
    latency, success = done["verdict"]["goals"]
    assert latency["outcome"] == "treatment_better" and latency["comparison"]["test"] == "mann-whitney-u"
    assert latency["comparison"]["pValue"] < 1e-6 and latency["comparison"]["effect"] < -0.3
    assert success["outcome"] == "no_difference" and success["comparison"]["test"] == "two-proportion-z"
    assert success["comparison"]["pValue"] == 1 and success["comparison"]["effect"] == 0
    assert done["proposal"]["status"] == "pending" and done["proposal"]["strategy"] == "fast"
    # Not running any more: the route is the skill's routing again.
    assert s.call("GET", "/v1/route?skill=summarize&key=job-1", key=agent).ok()["source"] == "default"

    # The approval workflow.
    s.call("POST", f"/v1/experiments/{eid}/reject", {}, key=operator).problem(422, "reason")
    s.call("POST", f"/v1/experiments/{eid}/approve", {}, key=agent).problem(403)
    assert s.call("POST", f"/v1/experiments/{eid}/defer", {"reason": "after the release"}, key=operator).ok()["proposal"]["status"] == "deferred"
    approved = s.call("POST", f"/v1/experiments/{eid}/approve", {"reason": "faster"}, key=operator).ok()
    assert approved["proposal"]["status"] == "approved"
    s.call("POST", f"/v1/experiments/{eid}/approve", {}, key=operator).problem(409)
    [promoted] = s.ledger("routing.promoted")
    assert promoted["subject"] == "skill:summarize"
    assert promoted["payload"]["strategy"] == "fast" and promoted["payload"]["experiment"] == eid
    assert [e["kind"] for e in s.ledger("experiment.concluded")] == ["experiment.concluded"]
    assert len(s.ledger("experiment.deferred")) == 1 and len(s.ledger("experiment.approved")) == 1
    # The routing switched to the promoted strategy.
    route = s.call("GET", "/v1/route?skill=summarize&key=job-1", key=agent).ok()
    assert route["strategy"] == "fast" and route["source"] == "current"
    listed = s.call("GET", "/v1/experiments?status=completed").ok()["experiments"]
    assert [e["id"] for e in listed] == [eid]


def test_a_collapsing_success_rate_rolls_back_at_once_and_notifies(spine_factory):
    hook = Receiver()
    try:
        s = spine_factory.start(config(hook.url))
        operator, agent = s.key("operator"), s.key("agent")
        experiment = s.call("POST", "/v1/experiments", definition(
            name="risky-classifier", skill="classify", control="careful", treatment="risky", trafficSplit=0.5,
            goals=[{"metric": "cost", "direction": "decrease"}]), key=operator).ok(201)
        eid = experiment["id"]
        arms = {s.call("GET", f"/v1/route?skill=classify&key=k{i}", key=agent).ok()["arm"] for i in range(40)}
        assert arms == {"control", "treatment"}

        start = created(experiment)
        ingest(s, executions("classify", "careful", [True] * 40, [300] * 40, start)
               + executions("classify", "risky", [i < 10 for i in range(40)], [200] * 40, start))
        # No evaluate call: the ingest's guardrail check rolled it back.
        rolled = s.call("GET", f"/v1/experiments/{eid}").ok()
        assert rolled["status"] == "rolled_back" and rolled["breach"]["guardrail"]["metric"] == "success_rate"
        assert rolled["breach"]["comparison"]["effect"] == -0.75 and rolled["breach"]["comparison"]["pValue"] < 1e-9
        assert "proposal" not in rolled
        for i in range(40):
            route = s.call("GET", f"/v1/route?skill=classify&key=k{i}", key=agent).ok()
            assert route["strategy"] == "careful" and route["source"] == "default"
        [entry] = s.ledger("experiment.rolled_back")
        assert entry["subject"] == f"experiment:{eid}" and entry["payload"]["decision"] == "roll_back"
        deadline = time.time() + 10
        while time.time() < deadline and not [d for d in hook.deliveries if d.json and d.json.get("kind") == "experiment.rolled_back"]:
            time.sleep(0.05)
        [note] = [d.json for d in hook.deliveries if d.json and d.json.get("kind") == "experiment.rolled_back"]
        assert note["severity"] == "critical" and "rolled back to careful" in note["text"]
        s.call("POST", f"/v1/experiments/{eid}/stop", {}, key=operator).problem(409)
        s.call("POST", f"/v1/experiments/{eid}/approve", {}, key=operator).problem(409)
        # The skill is free for the next experiment, which an operator may stop.
        again = s.call("POST", "/v1/experiments", definition(skill="classify", control="careful", treatment="risky"), key=operator).ok(201)
        stopped = s.call("POST", f"/v1/experiments/{again['id']}/stop", {"reason": "enough"}, key=operator).ok()
        assert stopped["status"] == "stopped" and len(s.ledger("experiment.stopped")) == 1
        s.call("GET", "/v1/experiments/nope").problem(404)
    finally:
        hook.close()


def test_the_four_insights_on_a_known_dataset(spine_factory):
    s = spine_factory.start(config())
    today = datetime.datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    d1, d2 = today - datetime.timedelta(days=1), today - datetime.timedelta(days=2)
    records = []
    # Reliability: alpha 3 of 4, beta 2 of 2, gamma 1 of 2; latencies of alpha at 03:00 and 14:00.
    records += executions("alpha", None, [True, True, True, False], [100, 200, 300, 400], d1 + datetime.timedelta(hours=3),
                          cost_tier="Standard", cost_usd=0.01)
    records += executions("alpha", None, [True], [1000], d1 + datetime.timedelta(hours=14), cost_tier="Standard", cost_source="unknown")
    records[4]["execution_succeeded"] = True
    records += executions("beta", None, [True, True], [50, 50], d1 + datetime.timedelta(hours=5), cost_tier="Free", cost_usd=0)
    records += executions("gamma", None, [True, False], [70, 70], d1 + datetime.timedelta(hours=6), cost_tier="Premium", cost_usd=0.5)
    # Quota: openai/delta used at most 30% two days ago and 50% yesterday.
    records += executions("delta", None, [True, True], [10, 10], d2 + datetime.timedelta(hours=10), provider="openai",
                          free_tier_quota_pct_used=10, free_tier_quota_remaining=900)
    records[-1].update(free_tier_quota_pct_used=30, free_tier_quota_remaining=700)
    records += executions("delta", None, [True], [10], d1 + datetime.timedelta(hours=10), provider="openai",
                          free_tier_quota_pct_used=50, free_tier_quota_remaining=500)
    ingest(s, records)

    ranking = s.call("GET", "/v1/insights/reliability?days=7").ok()
    assert ranking["window"]["days"] == 7
    rows = [(r["skill"], r["executions"], r["successes"], r["successRate"]) for r in ranking["skills"]]
    assert rows == [("delta", 3, 3, 1.0), ("beta", 2, 2, 1.0), ("alpha", 5, 4, 0.8), ("gamma", 2, 1, 0.5)]

    cost = s.call("GET", "/v1/insights/cost?tier=Standard&days=7").ok()
    assert cost["tier"] == "Standard"
    [alpha] = cost["skills"]
    assert (alpha["skill"], alpha["executions"], alpha["knownCostExecutions"], alpha["unknownCostExecutions"]) == ("alpha", 5, 4, 1)
    assert abs(alpha["totalCostUsd"] - 0.04) < 1e-12 and abs(alpha["averageCostUsd"] - 0.01) < 1e-12
    every = [r["skill"] for r in s.call("GET", "/v1/insights/cost").ok()["skills"]]
    assert every[0] == "gamma" and set(every) == {"alpha", "beta", "gamma", "delta"}

    hours = s.call("GET", "/v1/insights/latency-by-hour?skill=alpha&days=7").ok()["hours"]
    assert hours == [{"hour": 3, "executions": 4, "p50Ms": 200, "p95Ms": 400}, {"hour": 14, "executions": 1, "p50Ms": 1000, "p95Ms": 1000}]

    quota = s.call("GET", "/v1/insights/quota?days=7").ok()
    assert [(d["date"], d["skill"], d["executions"], d["maxQuotaPctUsed"], d["averageQuotaRemaining"]) for d in quota["daily"]] == [
        (d2.strftime("%Y-%m-%d"), "delta", 2, 30, 800), (d1.strftime("%Y-%m-%d"), "delta", 1, 50, 500)]
    [runway] = quota["runways"]
    assert runway["provider"] == "openai" and runway["averageDailyPctUsed"] == 40 and runway["runwayDays"] == 2.5
    assert runway["sentence"] == "Consistently using 40% of the daily openai quota of delta: runway for 2.5 days at this rate."

    # Yesterday's window leaves out two days ago.
    assert len(s.call("GET", "/v1/insights/quota?days=1").ok()["daily"]) <= 1

    for path, field in [("/v1/insights/reliability?days=0", "days"), ("/v1/insights/cost?tier=Gold", "tier"),
                        ("/v1/insights/latency-by-hour?days=abc", "days"), ("/v1/insights/quota?days=91", "days")]:
        s.call("GET", path).problem(422, field)
