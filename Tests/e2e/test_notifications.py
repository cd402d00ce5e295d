"""Notifications and fingerprints (seed 004 §2a.2, §2a.3) against the real server with a real
loopback webhook: alerts page once per group with a Slack-compatible body, repeats within the
interval fold into the next page, silences suppress paging until they expire, a fingerprint
mismatch pages and holds the skill's actions for a person, an exhausted quota pauses the skills
using it, and the digest is served as Markdown and JSON. Every JSON answer is validated against
openapi.yaml (spine_helpers.Spine.call)."""
import datetime
import json
import time

import pytest

from spine_helpers import Receiver

UTC = datetime.timezone.utc
A = "a" * 64
B = "b" * 64
INTERVAL = 3  # notifications.alertIntervalSeconds


def iso(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


_counter = [0]


def record(skill, succeeded=True, **extra):
    _counter[0] += 1
    start = datetime.datetime.now(UTC) - datetime.timedelta(seconds=30)
    body = {
        "execution_id": f"n-{_counter[0]:06d}-{time.time_ns()}", "skill_name": skill, "skill_version": "1.0.0",
        "timestamp_start": iso(start), "timestamp_end": iso(start + datetime.timedelta(milliseconds=200)),
        "execution_succeeded": succeeded, "total_latency_ms": 200,
    }
    if not succeeded:
        body["error_category"] = "Network"
    body.update(extra)
    return body


def yaml(webhook, **telemetry):
    doc = {"notifications": {"webhookUrl": webhook, "alertIntervalSeconds": INTERVAL}, "telemetry": {"pricing": [], **telemetry}}
    return "\n".join(f"{k}: {json.dumps(v)}" for k, v in doc.items()) + "\n"


@pytest.fixture
def hook():
    r = Receiver()
    yield r
    r.close()


def pages(hook, rule_event=None):
    got = [d.json for d in hook.received() if d.json and d.json.get("kind") == "alert"]
    return [p for p in got if rule_event is None or p["payload"]["event"] == rule_event]


def ingest(s, records):
    return s.call("POST", "/v1/executions", records).ok(202)


def fail(s, skill, n=5):
    return ingest(s, [record(skill, succeeded=False) for _ in range(n)])


def outcomes(s, rule):
    return [(a["skill"], a["outcome"]) for a in s.call("GET", f"/v1/alerts?rule={rule}").ok()["alerts"]]


def test_five_failures_page_once_per_group_and_repeats_fold_into_the_next_page(spine_factory, hook):
    s = spine_factory.start(yaml(hook.url))
    rules = {r["id"]: r for r in s.call("GET", "/v1/alerts/rules").ok()["rules"]}
    assert rules["success-rate"]["severity"] == "critical" and rules["success-rate"]["delivery"] == "page"
    assert rules["latency"]["delivery"] == "digest" and rules["quota-exhausted"]["pausesSkill"] is True

    fail(s, "summarize", 4)
    time.sleep(0.3)
    assert pages(hook) == []  # four in a row is not yet the rule
    fail(s, "summarize", 1)
    [page] = hook.wait(lambda d: len(d) >= 1)
    body = page.json
    # Slack-compatible: a top-level text, and blocks.
    assert body["text"].startswith("🔴 CRITICAL Success rate drops <95% — skill summarize: 5 consecutive failed executions"), body
    assert isinstance(body["blocks"], list) and body["blocks"][0]["type"] == "section"
    assert body["severity"] == "critical" and body["payload"]["rule"] == "success-rate"
    assert body["payload"]["group"] == "default|success-rate|summarize" and body["payload"]["outcome"] == "paged"

    # Same cause within the interval: recorded, not paged again.
    fail(s, "summarize", 5)
    time.sleep(0.5)
    assert len(pages(hook)) == 1
    assert outcomes(s, "success-rate") == [("summarize", "paged"), ("summarize", "folded")]

    # Another skill is another group: it pages at once.
    fail(s, "classify", 5)
    hook.wait(lambda d: len(pages(hook)) == 2)
    assert pages(hook)[1]["payload"]["skill"] == "classify"

    # After the interval the group pages again, carrying the folded repeat.
    time.sleep(INTERVAL + 0.2)
    fail(s, "summarize", 5)
    hook.wait(lambda d: len(pages(hook)) == 3)
    third = pages(hook)[2]
    assert third["payload"]["skill"] == "summarize" and third["payload"]["repeats"] == 1
    assert third["text"].endswith("(+1 repeat since the last page)"), third["text"]


def test_network_failures_in_a_row_on_one_provider_page_vendor_degraded(spine_factory, hook):
    s = spine_factory.start(yaml(hook.url))
    # Spread over two skills: the vendor's streak is the provider's, not a skill's.
    ingest(s, [record(f"sk{i % 2}", succeeded=False, provider="openai", model="m", error_category="Timeout") for i in range(4)])
    ingest(s, [record("sk0", succeeded=False, provider="openai", model="m", error_category="Logic")])  # ends the run
    ingest(s, [record(f"sk{i % 2}", succeeded=False, provider="openai", model="m") for i in range(5)])
    [page] = [d.json for d in hook.wait(lambda d: len(pages(hook, "Vendor API degraded")) == 1)
              if d.json["payload"]["event"] == "Vendor API degraded"]
    assert page["severity"] == "warning" and page["payload"]["provider"] == "openai"
    assert page["text"].startswith("🟠 WARNING Vendor API degraded — provider openai: 5 executions in a row"), page["text"]
    assert page["payload"]["group"] == "default|vendor-degraded|openai"


def test_a_silence_suppresses_paging_until_it_expires_and_bad_silences_name_the_field(spine_factory, hook):
    s = spine_factory.start(yaml(hook.url))
    soon = datetime.datetime.now(UTC) + datetime.timedelta(seconds=3)
    # Bad input: 422 naming each field, nothing stored.
    s.call("POST", "/v1/silences", {"matcher": {"skill": "s2"}, "reason": "deploy"}).problem(422, "expiresAt")
    s.call("POST", "/v1/silences", {"matcher": {"rule": "nope"}, "reason": "x", "expiresAt": iso(soon)}).problem(422, "matcher.rule")
    s.call("POST", "/v1/silences", {"matcher": {}, "reason": "x", "expiresAt": iso(soon)}).problem(422, "matcher")
    s.call("POST", "/v1/silences", {"matcher": {"skill": "s2"}, "expiresAt": "tomorrow"}).problem(422, "expiresAt", "reason")
    past = datetime.datetime.now(UTC) - datetime.timedelta(minutes=1)
    s.call("POST", "/v1/silences", {"matcher": {"skill": "s2"}, "reason": "x", "expiresAt": iso(past)}).problem(422, "expiresAt")
    s.call("POST", "/v1/silences", {"matcher": {"skill": "s2"}, "reason": "x", "expiresAt": iso(soon)}, key=s.key("agent")).problem(403)
    assert s.call("GET", "/v1/silences").ok()["silences"] == []

    operator = s.key("operator")
    silence = s.call("POST", "/v1/silences", {"matcher": {"skill": "s2", "rule": "success-rate"}, "reason": "known outage", "expiresAt": iso(soon)},
                     key=operator).ok(201)
    assert silence["active"] is True and silence["skill"] == "s2" and silence["id"].startswith("sil_")
    [created] = s.ledger("silence.created")
    assert created["payload"]["id"] == silence["id"]

    fail(s, "s2")
    time.sleep(0.5)
    assert pages(hook) == []
    assert outcomes(s, "success-rate") == [("s2", "silenced")]  # recorded in the ledger, not paged

    # Expired: the next alert of the group pages.
    time.sleep(max(0.0, (soon - datetime.datetime.now(UTC)).total_seconds()) + 0.2)
    assert s.call("GET", "/v1/silences").ok()["silences"][0]["active"] is False
    fail(s, "s2")
    hook.wait(lambda d: len(pages(hook)) == 1)
    assert outcomes(s, "success-rate") == [("s2", "silenced"), ("s2", "paged")]

    assert s.call("DELETE", f"/v1/silences/{silence['id']}", key=operator).status == 204
    # Ended, it stays listed with who ended it; ending it again is a conflict, an unknown id 404.
    [ended] = s.call("GET", "/v1/silences?active=false").ok()["silences"]
    assert ended["active"] is False and ended["endedBy"] and ended["endedAt"]
    assert s.call("GET", "/v1/silences?active=true").ok()["silences"] == []
    s.call("DELETE", f"/v1/silences/{silence['id']}", key=operator).problem(409)
    s.call("DELETE", "/v1/silences/sil_0000000000000000", key=operator).problem(404)
    assert len(s.ledger("silence.deleted")) == 1
    far = datetime.datetime.now(UTC) + datetime.timedelta(days=36500)
    s.call("POST", "/v1/silences", {"matcher": {"rule": "success-rate"}, "reason": "x", "expiresAt": iso(far)}, key=operator).problem(422, "expiresAt")


def test_a_provider_silence_quiets_that_vendors_alerts_and_no_others(spine_factory, hook):
    """QA paging M6: a maintenance window of one vendor silences its alerts whatever the rule."""
    s = spine_factory.start(yaml(hook.url))
    operator = s.key("operator")
    later = datetime.datetime.now(UTC) + datetime.timedelta(hours=1)
    s.call("POST", "/v1/silences", {"matcher": {"provider": ""}, "reason": "x", "expiresAt": iso(later)}, key=operator).problem(
        422, "matcher.provider")
    s.call("POST", "/v1/silences", {"matcher": {"vendor": "openai"}, "reason": "x", "expiresAt": iso(later)}, key=operator).problem(
        422, "matcher.vendor")
    silence = s.call("POST", "/v1/silences", {"matcher": {"provider": "OpenAI"}, "reason": "vendor maintenance", "expiresAt": iso(later)},
                     key=operator).ok(201)
    assert silence["provider"] == "OpenAI" and "rule" not in silence and "skill" not in silence

    # Failures on two vendors: openai's vendor alert is silenced, google's pages.
    ingest(s, [record(f"sk{i % 2}", succeeded=False, provider="openai", model="m") for i in range(10)])
    ingest(s, [record(f"gk{i % 2}", succeeded=False, provider="google", model="g") for i in range(5)])
    hook.wait(lambda d: len(pages(hook, "Vendor API degraded")) == 1)
    time.sleep(0.3)
    assert [p["payload"]["provider"] for p in pages(hook, "Vendor API degraded")] == ["google"]
    vendor = {a["provider"]: a["outcome"] for a in s.call("GET", "/v1/alerts?rule=vendor-degraded").ok()["alerts"]}
    assert vendor == {"openai": "silenced", "google": "paged"}, vendor
    # The skills' own streaks are explained by the openai outage (silenced or not, it fires).
    assert pages(hook, "Success rate drops <95%") == []
    assert sorted(outcomes(s, "success-rate")) == [("sk0", "inhibited"), ("sk1", "inhibited")]


def test_a_paged_streak_is_resolved_when_the_skill_succeeds_again(spine_factory, hook):
    """Alertmanager's send_resolved: the channel that got the page hears that it is over, once."""
    s = spine_factory.start(yaml(hook.url))
    fail(s, "deploy")
    hook.wait(lambda d: len(pages(hook, "Success rate drops <95%")) == 1)
    ingest(s, [record("deploy"), record("deploy")])
    done = hook.wait(lambda got: any(d.json and d.json.get("kind") == "alert.resolved" for d in got))
    [resolved] = [d.json for d in done if d.json and d.json.get("kind") == "alert.resolved"]
    assert resolved["severity"] == "resolved" and resolved["payload"]["outcome"] == "resolved"
    assert resolved["text"].startswith("✅ RESOLVED Success rate drops <95% — skill deploy"), resolved["text"]
    [entry] = s.ledger("alert.resolved")
    assert entry["payload"]["group"] == "default|success-rate|deploy"
    # The cause coming back within the interval is news: it pages at once rather than folding.
    fail(s, "deploy")
    hook.wait(lambda d: len(pages(hook, "Success rate drops <95%")) == 2)
    assert outcomes(s, "success-rate") == [("deploy", "paged"), ("deploy", "paged")]
    # A skill whose streak never paged (silenced, inhibited or below the rule) resolves nothing.
    ingest(s, [record("quiet", succeeded=False) for _ in range(3)] + [record("quiet")])
    time.sleep(0.3)
    assert len(s.ledger("alert.resolved")) == 1


def test_a_paged_success_anomaly_is_resolved_when_nothing_says_the_skill_fails(spine_factory, hook):
    """Alertmanager's send_resolved for anomalies: failures scattered among successes (no streak of
    five) page the success-rate rule as an anomaly; the channel hears that it is over, once, when
    the persistence window holds no anomaly and the last twenty executions are back above 95%."""
    doc = yaml(hook.url, anomaly={"threshold": 3.0, "required": 3, "window": 10})
    s = spine_factory.start(doc)
    base = datetime.datetime.now(UTC) - datetime.timedelta(hours=2)

    def at(n, succeeded=True):
        start = base + datetime.timedelta(seconds=10 * n)
        return record("ledgerbot", succeeded, timestamp_start=iso(start), timestamp_end=iso(start + datetime.timedelta(milliseconds=200)))

    ingest(s, [at(n) for n in range(200)])
    s.call("POST", "/v1/baselines/compute", {"skill": "ledgerbot"}).ok()
    # Fail, succeed, fail, succeed, fail: three anomalous of the last five, never five in a row.
    receipt = ingest(s, [at(200 + n, succeeded=n % 2 == 1) for n in range(5)])
    assert [a["metric"] for a in receipt["anomalies"]] == ["success"], receipt["anomalies"]
    hook.wait(lambda d: len(pages(hook, "Success rate drops <95%")) == 1)
    assert s.ledger("alert.resolved") == []
    # Ten successes clear the anomaly window, but 17 of the last 20 is still under 95%: open.
    ingest(s, [at(205 + n) for n in range(10)])
    time.sleep(0.3)
    assert s.ledger("alert.resolved") == []
    # Once the failures at 200 and 202 leave the last twenty (19 of 20 succeeded), it is over.
    ingest(s, [at(215 + n) for n in range(7)])
    time.sleep(0.3)
    assert s.ledger("alert.resolved") == []
    ingest(s, [at(222)])
    done = hook.wait(lambda got: any(d.json and d.json.get("kind") == "alert.resolved" for d in got))
    [resolved] = [d.json for d in done if d.json and d.json.get("kind") == "alert.resolved"]
    assert resolved["text"].startswith("✅ RESOLVED Success rate drops <95% — skill ledgerbot"), resolved["text"]
    assert "19 of the last 20 executions succeeded (95%)" in resolved["text"], resolved["text"]
    [entry] = s.ledger("alert.resolved")
    assert entry["payload"]["group"] == "default|success-rate|ledgerbot"
    # More successes resolve nothing more.
    ingest(s, [at(223 + n) for n in range(10)])
    time.sleep(0.3)
    assert len(s.ledger("alert.resolved")) == 1


def test_a_steady_fall_in_success_rate_pages_though_no_streak_or_burst_does(spine_factory, hook):
    """QA telemetry r3 #1: every fifth execution failing (99% -> 80%) never holds five failures in a
    row nor three in ten; the table's "Success rate drops <95%" still pages, once, and is resolved
    when the last twenty executions are back."""
    s = spine_factory.start(yaml(hook.url))
    base = datetime.datetime.now(UTC) - datetime.timedelta(hours=2)

    def at(n, succeeded=True):
        start = base + datetime.timedelta(seconds=10 * n)
        return record("steady", succeeded, timestamp_start=iso(start), timestamp_end=iso(start + datetime.timedelta(milliseconds=200)))

    ingest(s, [at(n, succeeded=n % 100 != 50) for n in range(200)])
    [computed] = s.call("POST", "/v1/baselines/compute", {"skill": "steady"}).ok()["results"]
    assert computed["baseline"]["successRate"] == 0.99
    for chunk in range(4):  # as an agent would send them: a few at a time
        assert ingest(s, [at(200 + 10 * chunk + k, succeeded=k % 5 != 4) for k in range(10)])["anomalies"] == []
    hook.wait(lambda d: len(pages(hook, "Success rate drops <95%")) == 1)
    [page] = pages(hook, "Success rate drops <95%")
    assert "17 of the last 20 executions succeeded (85%), against 99% expected" in page["text"], page["text"]
    ingest(s, [at(240 + k) for k in range(20)])
    hook.wait(lambda got: any(d.json and d.json.get("kind") == "alert.resolved" for d in got))
    assert len(pages(hook, "Success rate drops <95%")) == 1


def test_a_streak_is_counted_in_the_order_the_executions_ran(spine_factory, hook):
    """QA telemetry r3 #3: five failures sent with a later success between them are still five in a row."""
    s = spine_factory.start(yaml(hook.url))
    base = datetime.datetime.now(UTC) - datetime.timedelta(minutes=5)

    def at(seconds, succeeded):
        start = base + datetime.timedelta(seconds=seconds)
        return record("buffered", succeeded, timestamp_start=iso(start), timestamp_end=iso(start + datetime.timedelta(milliseconds=200)))

    ingest(s, [at(1, False), at(2, False), at(3, False), at(4, False), at(70, True), at(5, False)])
    hook.wait(lambda d: len(pages(hook, "Success rate drops <95%")) == 1)
    assert outcomes(s, "success-rate") == [("buffered", "paged")]


def test_one_vendor_outage_pages_once_not_once_per_skill(spine_factory, hook):
    """QA paging M3: eight skills failing on one provider gave nine pages; the skills' streaks are
    inhibited by the vendor's alert, in the same batch and in a later one, and a skill failing for
    a cause of its own still pages."""
    s = spine_factory.start(yaml(hook.url))
    ingest(s, [record(f"s{n}", succeeded=False, provider="acmeapi", model="m") for n in range(8) for _ in range(5)])
    hook.wait(lambda d: len(pages(hook, "Vendor API degraded")) == 1)
    time.sleep(0.3)
    assert pages(hook, "Success rate drops <95%") == []
    got = s.call("GET", "/v1/alerts?rule=success-rate").ok()["alerts"]
    assert sorted(a["skill"] for a in got) == [f"s{n}" for n in range(8)]
    assert {a["outcome"] for a in got} == {"inhibited"} and {a["inhibitedBy"] for a in got} == {"default|vendor-degraded|acmeapi"}
    assert "provider acmeapi is degraded" in got[0]["summary"]
    # A later batch: the vendor alert is recent, so a ninth skill's streak on it is explained too.
    ingest(s, [record("s8", succeeded=False, provider="acmeapi", model="m") for _ in range(5)])
    # A Logic failure streak is the skill's own: it pages.
    ingest(s, [record("own", succeeded=False, provider="acmeapi", model="m", error_category="Logic") for _ in range(5)])
    hook.wait(lambda d: len(pages(hook, "Success rate drops <95%")) == 1)
    time.sleep(0.3)
    assert [p["payload"]["skill"] for p in pages(hook, "Success rate drops <95%")] == ["own"]
    assert ("s8", "inhibited") in outcomes(s, "success-rate")
    digest = s.call("GET", "/v1/alerts/digest").ok()
    [line] = [l for l in digest["alerts"] if l["rule"] == "success-rate" and l["skill"] == "s0"]
    assert line["inhibited"] == 1 and line["paged"] == 0


def test_a_fingerprint_mismatch_pages_and_the_skills_next_action_needs_approval(spine_factory, hook):
    s = spine_factory.start(yaml(hook.url))
    s.set_autonomy(mode="autopilot").ok()
    agent, operator = s.key("agent"), s.key("operator")

    s.call("PUT", "/v1/skills/deploy/fingerprint", {"sha256": "abc"}, key=agent).problem(422, "sha256")
    s.call("PUT", "/v1/skills/deploy/fingerprint", {"sha256": "g" * 64}, key=agent).problem(422, "sha256")
    s.call("PUT", "/v1/skills/deploy/fingerprint", {"version": "1"}, key=agent).problem(422, "sha256")
    s.call("PUT", "/v1/skills/deploy/fingerprint", {"sha256": A, "extra": 1}, key=agent).problem(422, "extra")
    assert s.call("GET", "/v1/skills/deploy").ok()["fingerprint"] is None

    state = s.call("PUT", "/v1/skills/deploy/fingerprint", {"sha256": A.upper(), "version": "2.1.0"}, key=agent).ok()
    assert state["fingerprint"]["sha256"] == A and state["fingerprint"]["version"] == "2.1.0" and state["held"] is False
    assert len(s.ledger("skill.fingerprint_registered")) == 1

    # Before the mismatch the skill's actions run on autopilot.
    ok = s.propose_ok("create_internal_note", agent="deploy-bot", account="acct-1", params={"skill": "deploy"}, key=agent)
    assert ok["decision"]["outcome"] == "AUTO_EXECUTE", ok["decision"]

    receipt = ingest(s, [record("deploy", skill_fingerprint=A), record("deploy", skill_fingerprint=B)])
    assert receipt["accepted"] == 2
    [page] = [d.json for d in hook.wait(lambda d: len(pages(hook, "Fingerprint mismatch")) == 1) if d.json["kind"] == "alert"]
    assert page["text"].startswith("🔴 CRITICAL Fingerprint mismatch — skill deploy"), page["text"]
    assert page["severity"] == "critical"
    [mismatch] = s.ledger("skill.fingerprint_mismatch")
    assert mismatch["payload"]["observed"] == [B] and mismatch["payload"]["count"] == 1
    assert [e["subject"] for e in s.ledger("skill.held")] == ["skill:deploy"]

    skill = s.call("GET", "/v1/skills/deploy").ok()
    assert skill["held"] is True and [h["cause"] for h in skill["holds"]] == ["fingerprint"] and "until" not in skill["holds"][0]
    assert "deploy" in [k["skill"] for k in s.call("GET", "/v1/skills").ok()["skills"] if k["held"]]

    held = s.propose_ok("create_internal_note", agent="deploy-bot", account="acct-2", params={"skill": "deploy"}, key=agent)
    d = held["decision"]
    assert held["status"] == "pending_approval" and d["outcome"] == "REQUIRE_APPROVAL", d
    assert d["reason"] == "SKILL_HELD" and d["policyClause"] == "skills.deploy.holds", d
    assert d["explanation"].startswith("Skill 'deploy' is held: ") and "cause fingerprint" in d["explanation"], d
    # The skill of a proposal without params.skill is its agent's name: "deploy" is held, "other" is not.
    assert s.propose_ok("create_internal_note", agent="deploy", account="acct-3", key=agent)["decision"]["outcome"] == "REQUIRE_APPROVAL"
    assert s.propose_ok("create_internal_note", agent="other", account="acct-4", key=agent)["decision"]["outcome"] == "AUTO_EXECUTE"

    # Only an operator clears it.
    s.call("POST", "/v1/skills/deploy/clear", {"reason": "reviewed"}, key=agent).problem(403)
    cleared = s.call("POST", "/v1/skills/deploy/clear", {"reason": "reviewed the diff"}, key=operator).ok()
    assert [h["cause"] for h in cleared["cleared"]] == ["fingerprint"] and cleared["skill"]["held"] is False
    assert len(s.ledger("skill.hold_cleared")) == 1
    again = s.propose_ok("create_internal_note", agent="deploy-bot", account="acct-5", params={"skill": "deploy"}, key=agent)
    assert again["decision"]["outcome"] == "AUTO_EXECUTE"

    # A new mismatch holds it again. The agent cannot vouch for the code it flagged (QA telemetry
    # F1): its registration is refused and changes nothing; an operator's re-registration clears the hold.
    ingest(s, [record("deploy", skill_fingerprint=B)])
    assert s.call("GET", "/v1/skills/deploy").ok()["held"] is True
    head = s.head()
    s.call("PUT", "/v1/skills/deploy/fingerprint", {"sha256": B}, key=agent).problem(403, "sha256")
    assert s.head() == head and s.call("GET", "/v1/skills/deploy").ok()["held"] is True
    state = s.call("PUT", "/v1/skills/deploy/fingerprint", {"sha256": B}, key=operator).ok()
    assert state["held"] is False and state["fingerprint"]["sha256"] == B
    assert len(s.ledger("skill.hold_cleared")) == 2
    ingest(s, [record("deploy", skill_fingerprint=B)])
    assert len(s.ledger("skill.fingerprint_mismatch")) == 2


def test_alert_only_fingerprint_policy_pages_without_holding(spine_factory, hook):
    s = spine_factory.start(yaml(hook.url, fingerprintMismatch="alert"))
    s.call("PUT", "/v1/skills/deploy/fingerprint", {"sha256": A}).ok()
    ingest(s, [record("deploy", skill_fingerprint=B)])
    hook.wait(lambda d: len(pages(hook, "Fingerprint mismatch")) == 1)
    assert s.call("GET", "/v1/skills/deploy").ok()["held"] is False
    assert s.ledger("skill.held") == []


def test_an_exhausted_quota_pages_and_pauses_the_skills_using_the_provider(spine_factory, hook):
    s = spine_factory.start(yaml(hook.url, quotas=[{"provider": "openai", "dailyLimit": 1000}]))
    s.set_autonomy(mode="autopilot").ok()
    ingest(s, [record("writer", provider="openai", model="m", tokens_input=500)])
    assert s.call("GET", "/v1/skills/writer").ok()["held"] is False
    ingest(s, [record("reader", provider="openai", model="m", tokens_input=500)])
    # 100% also crosses 95% in the same batch: one page, the lesser crossing recorded as
    # inhibited by the exhaustion (as Alertmanager's inhibit_rules would).
    hook.wait(lambda d: len(pages(hook, "Quota exhausted TODAY")) == 1)
    lines = {a["rule"]: a for a in s.call("GET", "/v1/alerts/digest").ok()["alerts"]}
    assert lines["quota-critical"]["inhibited"] == 1 and lines["quota-critical"]["paged"] == 0, lines
    assert len(pages(hook, "Free tier quota >95%")) == 0
    for skill in ("writer", "reader"):
        state = s.call("GET", f"/v1/skills/{skill}").ok()
        [hold] = state["holds"]
        assert hold["cause"] == "quota:openai" and hold["until"] > iso(datetime.datetime.now(UTC)), hold
    d = s.propose_ok("create_internal_note", agent="w", account="acct-1", params={"skill": "writer"})["decision"]
    assert d["outcome"] == "REQUIRE_APPROVAL" and d["reason"] == "SKILL_HELD" and d["policyClause"] == "skills.writer.holds", d
    s.call("POST", "/v1/skills/writer/clear", {"cause": "quota:openai"}).ok()
    d = s.propose_ok("create_internal_note", agent="w", account="acct-2", params={"skill": "writer"})["decision"]
    assert d["outcome"] == "AUTO_EXECUTE"


def test_the_digest_is_served_as_markdown_and_json_and_anomalies_still_export(spine_factory, hook):
    s = spine_factory.start(yaml(hook.url))
    fail(s, "summarize")
    s.call("PUT", "/v1/skills/deploy/fingerprint", {"sha256": A}).ok()
    ingest(s, [record("deploy", skill_fingerprint=B)])
    digest = s.call("GET", "/v1/alerts/digest").ok()
    assert digest["totals"]["critical"] == 2 and digest["totals"]["groups"] == 2
    assert {a["rule"] for a in digest["alerts"]} == {"success-rate", "fingerprint-mismatch"}
    md = s.call("GET", "/v1/alerts/digest?format=markdown")
    assert md.ok().startswith("# Steward alert digest — default") and md.content_type.startswith("text/markdown")
    assert "| critical | Fingerprint mismatch | deploy | 1 | 1 | 0 | 0 |" in md.body
    s.call("GET", "/v1/alerts/digest?format=pdf").problem(422, "format")
    jsonl = s.call("GET", "/v1/anomalies?format=jsonl", validate=False)
    assert jsonl.status == 200 and jsonl.content_type.startswith("application/x-ndjson")
