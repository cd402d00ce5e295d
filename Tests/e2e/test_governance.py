"""Seed 002's two integration scenarios against the real server: a breaker trips on failures,
the tenant falls to L3, the on-call webhook hears it and the API shows it; and a full governance
cycle whose scope-expansion proposal two distinct role holders approve, updating the whitelist."""
import datetime

from spine_helpers import Receiver, config, low_risk


def outcome(s, action_id, label):
    return s.outcome(action_id, label=label).ok()


def test_failures_trip_the_breaker_revert_to_l3_alert_and_show_in_the_api(spine_factory):
    hook = Receiver()
    try:
        s = spine_factory.start(config(
            types=[low_risk("sync_crm")], autonomy={"mode": "autopilot", "autopilotScope": ["sync_crm"]},
            notifications={"webhookUrl": hook.url}))
        ids = [s.propose_ok("sync_crm")["id"] for _ in range(10)]
        # Eight succeed, then two fail: the tenth outcome reaches the minimum of 10 calls with an
        # error rate of 0.2 > 0.05, and High Error Rate trips.
        for i in ids[:8]:
            outcome(s, i, "EXECUTION_SUCCEEDED")
        assert s.call("GET", "/v1/governance/level").ok() == {"level": "L4", "heldByBreaker": False}
        outcome(s, ids[8], "EXECUTION_FAILED")
        held = s.propose_ok("sync_crm")
        assert held["decision"]["outcome"] == "AUTO_EXECUTE", "one failure in nine calls is below the minimum"
        outcome(s, ids[9], "EXECUTION_FAILED")

        after = s.propose_ok("sync_crm")
        assert after["status"] == "pending_approval"
        assert after["decision"]["reason"] == "BREAKER_OPEN" and after["decision"]["policyClause"] == "breakers.High Error Rate"
        assert s.call("GET", "/v1/governance/level").ok() == {"level": "L3", "heldByBreaker": True}

        breakers = {b["id"]: b for b in s.call("GET", "/v1/breakers").ok()["items"]}
        tripped = breakers["high-error-rate"]
        assert tripped["state"] == "open" and tripped["enforcing"] is True and tripped["trips"] == 1
        assert tripped["figures"]["tenant"]["failures"] == 2 and tripped["current"]["tenant"]["successes"] == 8
        assert tripped["figures"]["errorRate"] == 0.2 and tripped["definition"]["window"] == "5m"
        assert breakers["high-rollback-rate"]["state"] == "closed"

        [trip] = s.ledger("breaker.tripped")
        assert trip["payload"]["breaker"] == "high-error-rate" and trip["payload"]["severity"] == "critical"
        [level] = s.ledger("autonomy.level_changed")
        assert level["payload"]["from"] == "L4" and level["payload"]["to"] == "L3" and level["payload"]["by"] == "breaker"

        [alert] = hook.wait(lambda got: any(d.json["kind"] == "breaker.tripped" for d in got))
        assert alert.json["severity"] == "critical" and "High Error Rate" in alert.json["text"]

        metrics = s.call("GET", "/v1/governance/metrics").ok()
        assert metrics["commands"]["succeeded"] == 8 and metrics["commands"]["failed"] == 2
        assert metrics["safety"]["safetyGateTriggers"] == 1

        # Bad input changes nothing; an operator's reset restores autonomy, recorded.
        s.call("POST", "/v1/breakers/no-such-rule/reset", {}).problem(404)
        s.call("POST", "/v1/breakers/high-error-rate/reset", {"bogus": 1}).problem(422, "bogus")
        reset = s.call("POST", "/v1/breakers/high-error-rate/reset", {"reason": "fixed the CRM token"}).ok()
        assert reset["state"] == "closed" and reset["changed"] is True and "note" not in reset
        # Answered as listed, with who did it and a fresh start.
        assert reset["enforcing"] is False and reset["reason"].startswith("reset by ") and reset["countsFrom"] and "probeAt" not in reset
        # A second reset is answered as unchanged, with a note, and writes no entry.
        head = s.head()
        again = s.call("POST", "/v1/breakers/high-error-rate/reset", {}).ok()
        assert again["state"] == "closed" and again["changed"] is False and "nothing changed" in again["note"]
        assert s.head() == head
        assert s.call("GET", "/v1/governance/level").ok()["level"] == "L4"
        assert s.propose_ok("sync_crm")["decision"]["outcome"] == "AUTO_EXECUTE"
        assert [e["payload"]["to"] for e in s.ledger("autonomy.level_changed")] == ["L3", "L4"]

        # The same figures from the command line, read from the ledger.
        from conftest import steward
        import json
        today = datetime.datetime.now(datetime.timezone.utc).date()
        period = ["--from", str(today - datetime.timedelta(days=1)), "--to", str(today + datetime.timedelta(days=1))]
        where = ["--data-dir", s.server.data_dir, "--config", s.config_path]
        code, out, err = steward("report", "governance", *where, *period, "--format", "json")
        assert code == 0, err
        report = json.loads(out)
        assert report["metrics"]["commands"]["failed"] == 2 and report["metrics"]["commands"]["succeeded"] == 8
        code, out, err = steward("report", "governance", *where, *period)
        assert code == 0 and "High Error Rate" in out, err
        code, out, err = steward("report", "governance", *where, "--from", "2026-12-02", "--to", "2026-12-01")
        assert code != 0 and "--from must be before --to" in err
    finally:
        hook.close()


def test_weekly_cycle_proposes_an_expansion_that_two_role_holders_approve(spine_factory, workdir):
    import os
    hook = Receiver()
    data = os.path.join(workdir, "history")
    try:
        # Seven months ago the tenant started at L3: every action approved by a person.
        past = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=210)).strftime("%Y-%m-%dT%H:%M:%SZ")
        text = config(
            types=[low_risk("sync_crm")], autonomy={"mode": "approve"}, notifications={"webhookUrl": hook.url},
            governance={"approvers": {"tech-lead": ["ana"], "ops-lead": ["bo"]}})
        old = spine_factory.start(text, extra=("--clock-start", past), data_dir=data)
        first = old.propose_ok("sync_crm")
        assert first["decision"]["reason"] == "MODE_APPROVE"
        old.approve(first["id"]).ok()
        outcome(old, first["id"], "EXECUTION_SUCCEEDED")
        old.stop()

        s = spine_factory.start(text, data_dir=data)
        for _ in range(25):
            a = s.propose_ok("sync_crm")
            s.approve(a["id"]).ok()
            outcome(s, a["id"], "EXECUTION_SUCCEEDED")
        # A passed kill-switch drill must show in the ledger: an engage and a release (QA ops F11).
        s.call("POST", "/v1/governance/drills", {"kind": "kill_switch", "passed": True}).problem(422, "passed")
        s.kill_switch(True, reason="quarterly drill").ok()
        s.kill_switch(False).ok()
        drill = s.call("POST", "/v1/governance/drills", {"kind": "kill_switch", "passed": True}).ok(201)
        assert drill["engagedAt"] and drill["releasedAt"]
        s.call("POST", "/v1/governance/drills", {"kind": "chaos", "passed": True, "evidence": "https://wiki/chaos-7"}).ok(201)
        # Bad attestations are refused, naming the field.
        s.call("POST", "/v1/governance/attestations", {"item": "process.nope", "evidence": "https://x"}).problem(422, "item")
        s.call("POST", "/v1/governance/attestations", {"item": "technical.success_rate", "evidence": "https://x"}).problem(422, "item")
        s.call("POST", "/v1/governance/attestations", {"item": "process.runbooks", "evidence": "not a link"}).problem(422, "evidence")
        attestable = s.call("GET", "/v1/governance/attestations").ok()["attestable"]
        assert len(attestable) == 15
        lead = "organizational.leadership_approval"
        for item in attestable:
            if item["key"] != lead:
                s.call("POST", "/v1/governance/attestations", {"item": item["key"], "evidence": f"https://wiki/{item['key']}"}).ok(201)
        # Leadership's approval takes a key that holds an approver role.
        s.call("POST", "/v1/governance/attestations", {"item": lead, "evidence": "https://wiki/lead"}).problem(422, "item")
        s.call("POST", "/v1/governance/attestations", {"item": lead, "evidence": "https://wiki/lead"}, key=s.key("operator", name="ana")).ok(201)

        readiness = s.call("GET", "/v1/governance/readiness").ok()
        assert readiness["currentPhase"] == "L3" and readiness["overall"]["points"] == 80, readiness["overall"]
        assert readiness["overall"]["ready"] is True and readiness["overall"]["blockers"] == []

        # It takes no body: one that says something is refused before anything runs (QA r4 fuzz L5).
        reports = s.call("GET", "/v1/governance/reports").ok()["items"]
        s.call("POST", "/v1/governance/cycle", raw=b"[1", headers={"Content-Type": "application/json"}).problem(400, "body")
        assert s.call("GET", "/v1/governance/reports").ok()["items"] == reports
        cycle = s.call("POST", "/v1/governance/cycle", {}).ok(201)
        proposal = cycle["proposal"]
        assert proposal["expansion"]["currentPhase"] == "L3" and proposal["expansion"]["targetPhase"] == "L3+"
        assert proposal["expansion"]["commandsToWhitelist"] == ["sync_crm"]
        assert proposal["requiredApprovals"] == ["tech-lead", "ops-lead"] and proposal["status"] == "pending"
        report_id = cycle["report"]["id"]
        md = s.server.request("GET", f"/v1/governance/reports/{report_id}?format=md", key=s.admin)
        assert md[0] == 200 and b"sync_crm" in md[2] and b"L3" in md[2]
        html = s.server.request("GET", f"/v1/governance/reports/{report_id}?format=html", key=s.admin)
        assert html[0] == 200 and html[2].lstrip().lower().startswith(b"<!doctype html")

        pid = proposal["proposalId"]
        cara, ana, bo = s.key("operator", name="cara"), s.key("operator", name="ana"), s.key("operator", name="bo")
        s.call("POST", f"/v1/proposals/{pid}/approve", {}, key=cara).problem(422)
        one = s.call("POST", f"/v1/proposals/{pid}/approve", {"note": "numbers look right"}, key=ana).ok()
        assert one["status"] == "pending" and [a["role"] for a in one["approvals"]] == ["tech-lead"]
        s.call("POST", f"/v1/proposals/{pid}/approve", {}, key=ana).problem(409)
        assert s.call("GET", "/v1/governance/level").ok()["level"] == "L3"
        done = s.call("POST", f"/v1/proposals/{pid}/approve", {}, key=bo).ok()
        assert done["status"] == "applied" and [a["by"] for a in done["approvals"]] == ["ana", "bo"]
        s.call("POST", f"/v1/proposals/{pid}/approve", {}, key=bo).problem(409)

        assert "sync_crm" in s.call("GET", "/v1/autonomy").ok()["autopilotScope"]
        assert s.call("GET", "/v1/governance/level").ok()["level"] == "L3+"
        changed = s.ledger("autonomy.level_changed")
        assert changed[-1]["payload"] == {"from": "L3", "to": "L3+", "by": "proposal", "proposal": pid}
        assert len(s.ledger("governance.proposal_applied")) == 1
        # The raised mode has its own entry (QA ops F4).
        assert s.ledger("autonomy.mode_changed")[-1]["payload"] == {"from": "approve", "to": "autopilot", "by": "proposal", "proposal": pid}
        # No next expansion during the 14-day validation period (QA ops F3).
        assert s.call("POST", "/v1/governance/cycle", {}).ok(201)["proposal"] is None
        advice = s.call("GET", "/v1/governance/readiness").ok()["recommendations"]
        assert "expand_scope" not in [r["type"] for r in advice], advice

        # Raising the level by hand is refused; lowering it is an admin's call, recorded.
        s.call("PUT", "/v1/autonomy", {"level": "L4"}).problem(422, "level")
        assert s.call("PUT", "/v1/autonomy", {"level": "L3"}).ok()["level"] == "L3"
        assert s.ledger("autonomy.level_changed")[-1]["payload"] == {"from": "L3+", "to": "L3", "by": "admin"}
    finally:
        hook.close()


def test_a_breaker_silence_keeps_its_notifications_off_the_channel(spine_factory):
    """QA paging M6: a deploy window silences the breaker pages; the trip is still recorded."""
    hook = Receiver()
    try:
        s = spine_factory.start(config(
            types=[low_risk("sync_crm")], autonomy={"mode": "autopilot", "autopilotScope": ["sync_crm"]},
            notifications={"webhookUrl": hook.url}))
        later = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
        s.call("POST", "/v1/silences", {"matcher": {"breaker": "*", "rule": "latency"}, "reason": "x", "expiresAt": later}).problem(
            422, "matcher.breaker")
        # QA governance r3 L1: a misspelt breaker would silence nothing, so it is refused.
        s.call("POST", "/v1/silences", {"matcher": {"breaker": "high-error-rat"}, "reason": "x", "expiresAt": later}).problem(
            422, "matcher.breaker")
        silence = s.call("POST", "/v1/silences", {"matcher": {"breaker": "high-error-rate"}, "reason": "deploy window", "expiresAt": later}).ok(201)
        assert silence["breaker"] == "high-error-rate"
        ids = [s.propose_ok("sync_crm")["id"] for _ in range(10)]
        for i in ids[:8]:
            outcome(s, i, "EXECUTION_SUCCEEDED")
        for i in ids[8:]:
            outcome(s, i, "EXECUTION_FAILED")
        assert len(s.ledger("breaker.tripped")) == 1, "the trip is recorded"
        assert s.call("GET", "/v1/governance/level").ok()["level"] == "L3", "and enforced"
        # Ended, the breaker's next notification goes out again.
        assert s.call("DELETE", f"/v1/silences/{silence['id']}").status == 204
        s.call("POST", "/v1/breakers/high-error-rate/reset", {"reason": "deploy done"}).ok()
        hook.wait(lambda got: any(d.json and d.json["kind"] == "breaker.reset" for d in got))
        assert not [d for d in hook.received() if d.json and d.json["kind"] == "breaker.tripped"], "the silenced trip was not sent"
    finally:
        hook.close()


def test_a_breaker_condition_that_does_not_type_check_is_refused_at_load_with_file_and_line(workdir):
    import os
    from conftest import steward
    path = os.path.join(workdir, "steward.yaml")
    with open(path, "w") as f:
        f.write("governance:\n  breakers:\n    - name: Typo\n      condition: 'errorRate > \"high\"'\n      window: 5m\n      action: alert_only\n")
    code, out, err = steward("config", "check", path)
    assert code != 0
    assert "governance.breakers[0].condition" in err + out and f"{path}:4" in err + out, err + out
