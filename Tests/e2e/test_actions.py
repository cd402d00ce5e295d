"""The action spine over HTTP, happy paths: propose → gate → decision → approval → outcome, the
inbox, autopilot, the never-autonomous invariant and the kill switch, against the real binary.
Every answer is validated against openapi.yaml (spine_helpers.Spine.call)."""
from spine_helpers import SEVEN_CHECKS, check_names, config, labels, low_risk


def test_approve_mode_by_default_requires_approval_with_seven_checks_in_order(spine_factory):
    s = spine_factory.start()
    autonomy = s.call("GET", "/v1/autonomy").ok()
    assert autonomy["mode"] == "approve" and autonomy["killSwitch"]["engaged"] is False
    assert "create_internal_note" in autonomy["autopilotScope"] and "send_email" not in autonomy["autopilotScope"]

    action = s.propose_ok("create_internal_note", account="acct-1", params={"text": "hello"})
    d = action["decision"]
    assert action["status"] == "pending_approval"
    assert d["outcome"] == "REQUIRE_APPROVAL" and d["reason"] == "MODE_APPROVE"
    assert d["policyClause"] == "autonomy.mode" and "approve mode" in d["explanation"]
    assert check_names(d) == SEVEN_CHECKS
    by_name = {c["name"]: c for c in d["checks"]}
    assert by_name["autonomy"]["passed"] is False and by_name["autonomy"]["ceiling"] == "REQUIRE_APPROVAL"
    assert all(by_name[n]["passed"] for n in SEVEN_CHECKS if n != "autonomy")
    assert action["chargedUsd"] == 0 and action.get("execution") is None
    assert action["expiresAt"] is not None and action["approvals"] == [] and action["outcomes"] == []
    assert action["proposal"]["params"] == {"text": "hello"} and action["proposal"]["trigger"] == "agent"
    assert action["idempotencyKey"] == action["id"]

    # The stored action is the answer; the decision is in the ledger with its input.
    assert s.action(action["id"]).ok() == action
    [entry] = s.ledger("action.proposed")
    assert entry["subject"] == f"action:{action['id']}"
    assert entry["payload"]["decision"]["outcome"] == "REQUIRE_APPROVAL"
    assert entry["payload"]["action"] == action["id"]


def test_autopilot_runs_a_low_risk_record_action_and_the_agent_reports_its_outcomes(spine_factory):
    s = spine_factory.start()
    before = s.set_autonomy(mode="autopilot").ok()
    assert before["mode"] == "autopilot"
    [changed] = s.ledger("autonomy.mode_changed")
    assert changed["payload"]["from"] == "approve" and changed["payload"]["to"] == "autopilot"

    agent = s.key("agent")
    action = s.propose_ok("create_internal_note", account="acct-1", key=agent)
    d = action["decision"]
    assert d["outcome"] == "AUTO_EXECUTE", d
    assert d["reason"] == "POLICY_ALLOW" and d["policyClause"].endswith("(allow-low-risk-internal)")
    assert check_names(d) == SEVEN_CHECKS and all(c["passed"] for c in d["checks"])
    assert action["status"] == "dispatched"  # `record`: the agent carries it out and reports back
    assert action["execution"]["executor"] == "record"
    assert action["chargedUsd"] == 0.002
    assert [e["payload"]["action"] for e in s.ledger("action.dispatched")] == [action["id"]]

    # A dispatched action is not approvable: nobody has to decide.
    s.approve(action["id"]).problem(409)

    done = s.outcome(action["id"], key=agent, label="EXECUTION_SUCCEEDED", detail="note created").ok()
    assert done["status"] == "succeeded" and labels(done) == ["EXECUTION_SUCCEEDED"]
    assert done["execution"]["succeeded"] is True and done["execution"]["finishedAt"] is not None
    # Reported once only: the action is no longer dispatched.
    s.outcome(action["id"], key=agent, label="EXECUTION_SUCCEEDED").problem(409)

    later = s.outcome(action["id"], key=agent, label="NEGATIVE_RESPONSE", detail="customer unhappy").ok()
    assert labels(later) == ["EXECUTION_SUCCEEDED", "NEGATIVE_RESPONSE"]
    assert later["outcomes"][1]["detail"] == "customer unhappy"
    s.outcome(action["id"], key=agent, label="NEGATIVE_RESPONSE").problem(409)

    undone = s.outcome(action["id"], key=agent, rollback=True).ok()
    assert undone["rolledBackAt"] is not None
    s.outcome(action["id"], key=agent, rollback=True).problem(409)
    assert [e["payload"]["label"] for e in s.ledger("action.outcome")] == ["EXECUTION_SUCCEEDED", "NEGATIVE_RESPONSE"]
    assert len(s.ledger("action.rolled_back")) == 1
    assert s.action(action["id"]).ok() == undone


def test_an_agent_can_report_a_failed_execution(spine_factory):
    s = spine_factory.start(config(autonomy={"mode": "autopilot"}))
    action = s.propose_ok("create_followup_task", account="acct-1")
    assert action["status"] == "dispatched"
    failed = s.outcome(action["id"], label="EXECUTION_FAILED", detail="CRM down").ok()
    assert failed["status"] == "failed" and labels(failed) == ["EXECUTION_FAILED"]
    assert failed["execution"]["succeeded"] is False and failed["execution"]["detail"] == "CRM down"
    # NO_RESPONSE follows a successful execution only.
    s.outcome(action["id"], label="NO_RESPONSE").problem(409)


def test_send_email_always_needs_a_person_even_in_autopilot_and_a_permissive_policy(spine_factory):
    # A policy that allows everything cannot make it autonomous, and the scope cannot list it
    # (nor a high-risk type): in the scope it would only mislead whoever audits it.
    allow_all = [{"name": "allow-everything", "when": "true", "effect": "allow", "reason": "ALLOW_ALL"}]
    s = spine_factory.start(config(policy=allow_all, autonomy={"mode": "autopilot"}))
    s.set_autonomy(autopilotScope=["send_email", "modify_pricing", "create_internal_note"]).problem(
        422, "autopilotScope[0]", "autopilotScope[1]")

    action = s.propose_ok("send_email", account="acct-1", params={"to": "ceo@customer.example"}, affectedAccounts=25)
    d = action["decision"]
    assert action["status"] == "pending_approval"
    assert d["outcome"] == "REQUIRE_APPROVAL" and d["reason"] == "EXTERNAL_CONTACT"
    assert d["policyClause"] == "actionTypes.send_email.external"
    assert d["risk"]["score"] >= 0.8
    esc = d["escalation"]
    assert esc["safe"]["choice"] == "reject" and esc["aggressive"]["choice"] == "approve"
    assert esc["safe"]["title"] and esc["aggressive"]["why"] and esc["pages"] is True
    assert [e["payload"]["action"] for e in s.ledger("escalation.raised")] == [action["id"]]

    pricing = s.propose_ok("modify_pricing", account="acct-1")["decision"]
    assert pricing["outcome"] == "REQUIRE_APPROVAL" and pricing["reason"] == "RISK_LEVEL_HIGH"

    # The permissive rule did allow the low-risk one.
    note = s.propose_ok("create_internal_note", account="acct-1")["decision"]
    assert note["outcome"] == "AUTO_EXECUTE" and note["reason"] == "POLICY_ALLOW" and "allow-everything" in note["policyClause"]

    # A person approving it sends it (a `record` type: dispatched to the agent).
    approved = s.approve(action["id"], note="checked the wording").ok()
    assert approved["status"] == "dispatched" and approved["approvals"][0]["note"] == "checked the wording"


def test_approval_with_edited_params_records_idea_edited(spine_factory):
    s = spine_factory.start()
    operator = s.key("operator")
    action = s.propose_ok("draft_email", account="acct-9", params={"subject": "Hi", "body": "draft"})
    approved = s.approve(action["id"], key=operator, params={"subject": "Hello", "body": "final"}, note="tone").ok()
    assert approved["status"] == "dispatched"
    assert approved["editedParams"] == {"subject": "Hello", "body": "final"}
    assert approved["proposal"]["params"] == {"subject": "Hi", "body": "draft"}
    assert approved["effectiveParams"] == {"subject": "Hello", "body": "final"}
    assert labels(approved) == ["IDEA_EDITED"]
    assert approved["approvals"][0]["edited"] is True and approved["approvals"][0]["by"].startswith("key:")
    assert approved["chargedUsd"] == 0.02
    [entry] = s.ledger("action.approved")
    assert entry["payload"]["edited"] is True and entry["payload"]["action"] == action["id"]

    # Approving with the same params is not an edit.
    other = s.propose_ok("draft_email", account="acct-9", params={"subject": "Same"})
    same = s.approve(other["id"], key=operator, params={"subject": "Same"}).ok()
    assert labels(same) == [] and same.get("editedParams") is None


def test_rejection_records_idea_rejected_and_leaves_the_inbox(spine_factory):
    s = spine_factory.start()
    action = s.propose_ok("create_followup_task", account="acct-2")
    s.reject(action["id"], "   ").problem(422, "reason")
    s.call("POST", f"/v1/actions/{action['id']}/reject", {}).problem(422, "reason")
    rejected = s.reject(action["id"], "not now", key=s.key("operator")).ok()
    assert rejected["status"] == "rejected" and labels(rejected) == ["IDEA_REJECTED"]
    assert rejected["rejection"]["reason"] == "not now" and rejected["chargedUsd"] == 0
    assert s.actions("status=pending_approval").ok()["actions"] == []
    assert [e["payload"]["reason"] for e in s.ledger("action.rejected")] == ["not now"]


def test_the_inbox_filters_by_status_account_and_agent_and_pages(spine_factory):
    s = spine_factory.start(config(autonomy={"mode": "autopilot"}))
    pending = [s.propose_ok("send_email", agent=agent, account=account)["id"]
               for agent, account in [("CRO", "a1"), ("CMO", "a1"), ("CRO", "a2"), ("CRO", "a2"), ("Content", "a3")]]
    running = s.propose_ok("create_internal_note", agent="CRO", account="a1")
    assert running["status"] == "dispatched"

    inbox = s.actions("status=pending_approval").ok()
    assert sorted(a["id"] for a in inbox["actions"]) == sorted(pending) and inbox["nextCursor"] is None
    assert all(a["status"] == "pending_approval" for a in inbox["actions"])
    ids = [a["id"] for a in inbox["actions"]]
    assert ids == sorted(ids)  # id order

    assert [a["id"] for a in s.actions("status=dispatched").ok()["actions"]] == [running["id"]]
    a2 = s.actions("status=pending_approval&account=a2").ok()["actions"]
    assert sorted(a["id"] for a in a2) == sorted(pending[2:4])
    cro = s.actions("status=pending_approval&agent=CRO").ok()["actions"]
    assert sorted(a["id"] for a in cro) == sorted(pending[0:1] + pending[2:4])
    assert len(s.actions("agent=CRO&account=a1").ok()["actions"]) == 2

    # Pages of two, in id order, cover the inbox exactly once.
    seen, after = [], None
    while True:
        page = s.actions("status=pending_approval&limit=2" + (f"&after={after}" if after else "")).ok()
        assert len(page["actions"]) <= 2
        seen += [a["id"] for a in page["actions"]]
        after = page["nextCursor"]
        if after is None:
            break
    assert seen == ids

    s.actions("status=waiting").problem(422, "status")
    s.actions("limit=0").problem(422, "limit")
    s.actions("limit=abc").problem(422, "limit")
    # An agent key reads the inbox too; an agent key cannot approve.
    agent = s.key("agent")
    assert len(s.actions("status=pending_approval", key=agent).ok()["actions"]) == 5
    s.approve(pending[0], key=agent).problem(403)


def test_kill_switch_stops_autopilot_until_released(spine_factory):
    s = spine_factory.start(config(autonomy={"mode": "autopilot"}))
    operator, agent = s.key("operator"), s.key("agent")
    assert s.propose_ok("create_internal_note", account="a1")["decision"]["outcome"] == "AUTO_EXECUTE"

    s.kill_switch(True, key=agent, reason="x").problem(403)
    s.kill_switch(True, key=operator).problem(422, "reason")
    s.call("POST", "/v1/kill-switch", {"reason": "r"}, key=operator).problem(422, "engaged")
    state = s.kill_switch(True, "runaway emails", key=operator).ok()
    assert state["engaged"] is True and state["reason"] == "runaway emails" and state["by"].startswith("key:")
    assert state["since"] is not None and state["changed"] is True and "note" not in state
    shown = {k: v for k, v in state.items() if k != "changed"}
    assert s.call("GET", "/v1/kill-switch", key=agent).ok() == shown
    assert s.call("GET", "/v1/autonomy").ok()["killSwitch"] == shown
    # Engaging it again keeps the first reason, and the answer says so.
    again = s.kill_switch(True, "another reason", key=operator).ok()
    assert again["changed"] is False and again["reason"] == "runaway emails" and "already engaged" in again["note"]
    assert len(s.ledger("kill_switch.engaged")) == 1

    held = []
    for t in ["create_internal_note", "create_followup_task", "draft_email", "send_email"]:
        action = s.propose_ok(t, account="a1", key=agent)
        d = action["decision"]
        assert d["outcome"] == "REQUIRE_APPROVAL" and d["reason"] == "KILL_SWITCH", (t, d)
        assert d["checks"][0]["name"] == "kill_switch" and d["checks"][0]["passed"] is False
        assert d["policyClause"] == "kill-switch" and "runaway emails" in d["explanation"]
        assert action["status"] == "pending_approval"
        held.append(action["id"])
    # The dry run says the same.
    assert s.call("POST", "/v1/decisions/evaluate", {"type": "create_internal_note", "agent": "CRO"}).ok()["decision"]["reason"] == "KILL_SWITCH"

    released = s.kill_switch(False, key=operator).ok()
    assert released["engaged"] is False
    again = s.propose_ok("create_internal_note", account="a1", key=agent)
    assert again["decision"]["outcome"] == "AUTO_EXECUTE" and again["status"] == "dispatched"
    # What was held waits for a person; releasing does not run it.
    assert all(s.action(i).ok()["status"] == "pending_approval" for i in held)

    [engaged] = s.ledger("kill_switch.engaged")
    assert engaged["payload"]["reason"] == "runaway emails"
    assert len(s.ledger("kill_switch.released")) == 1
    # Engaging twice is not a second change.
    s.kill_switch(True, "a", key=operator).ok()
    s.kill_switch(True, "b", key=operator).ok()
    assert len(s.ledger("kill_switch.engaged")) == 2


def test_the_ledger_verifies_after_the_whole_flow_and_names_each_step(spine_factory):
    s = spine_factory.start(config(types=[low_risk("two_person_note", approval={"approvers": 2})]))
    operator = s.key("operator")
    a = s.propose_ok("create_internal_note", account="a1")
    s.approve(a["id"], key=operator).ok()
    s.outcome(a["id"], label="EXECUTION_SUCCEEDED").ok()
    b = s.propose_ok("draft_email", account="a1")
    s.reject(b["id"], "no", key=operator).ok()
    c = s.propose_ok("two_person_note", account="a1")
    s.approve(c["id"], key=operator).ok()
    s.approve(c["id"]).ok()
    s.kill_switch(True, "drill", key=operator).ok()
    s.kill_switch(False, key=operator).ok()
    s.set_autonomy(mode="autopilot").ok()
    s.propose_ok("create_internal_note", account="a1")

    verdict = s.verify()
    assert "fault" not in verdict and verdict["entriesChecked"] == verdict["head"]["seq"]
    kinds = {}
    for kind in ["action.proposed", "action.approved", "action.approval_recorded", "action.rejected", "action.outcome",
                 "action.dispatched", "kill_switch.engaged", "kill_switch.released", "autonomy.mode_changed"]:
        kinds[kind] = s.ledger(kind)
    assert len(kinds["action.proposed"]) == 4
    assert sorted(e["payload"]["action"] for e in kinds["action.approved"]) == sorted([a["id"], c["id"]])
    assert [e["payload"]["action"] for e in kinds["action.approval_recorded"]] == [c["id"]]
    assert [e["payload"]["action"] for e in kinds["action.rejected"]] == [b["id"]]
    assert len(kinds["kill_switch.engaged"]) == 1 and len(kinds["kill_switch.released"]) == 1
    assert len(kinds["autonomy.mode_changed"]) == 1 and len(kinds["action.dispatched"]) == 3
    # Every entry about an action carries its actor and the configuration revision it was decided under.
    revision = a["decision"]["configRevision"]
    assert all(e["configRevision"] == revision for e in kinds["action.proposed"])
    assert all(e["actor"].startswith("key:") for e in kinds["action.approved"])
