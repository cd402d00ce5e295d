"""`steward replay`: recorded proposals decided again under a changed steward.yaml, read-only."""
import json
import os

from conftest import Server, steward


def test_replay_counts_changed_decisions_without_writing(workdir):
    data = os.path.join(workdir, "data")
    s = Server(data)
    try:
        for n in range(3):
            status, _, body = s.json("POST", "/v1/actions", {"type": "create_internal_note", "agent": "CRO", "account": f"a{n}"})
            assert status == 201 and body["decision"]["outcome"] == "REQUIRE_APPROVAL"
        status, _, body = s.json("POST", "/v1/actions", {"type": "send_email", "agent": "CRO", "account": "a0"})
        assert status == 201 and body["decision"]["reason"] == "EXTERNAL_CONTACT"
    finally:
        assert s.stop() == 0

    changed = os.path.join(workdir, "next.yaml")
    with open(changed, "w") as f:
        f.write("autonomy:\n  mode: autopilot\npolicy:\n  rules:\n"
                "    - {name: allow-internal, when: 'action.risk == \"low\"', effect: allow}\n"
                "    - {name: shadow-all, when: 'true', effect: block, mode: audit}\n"
                "    - {name: shadow-broken, when: 'action.params.nosuch == 1', effect: block, mode: warn}\n"
                "    - {name: enforced-broken, when: 'action.params.nosuch == 2', effect: block}\n")
    before = steward("ledger", "verify", "--data-dir", data, "--json")
    # The recorded inputs carry approve mode: the changed mode is not replayed, the policy is.
    code, out, err = steward("replay", "--policy", changed, "--since", "2000-01-01", "--data-dir", data, "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert summary["replayed"] == 4
    assert summary["changed"] == 0 and summary["shadowMatches"] == {"shadow-all": 4}
    # A shadow rule that fails to evaluate is reported as failing, not as matching (QA).
    assert summary["shadowErrors"] == {"shadow-broken": 4}, summary
    # An enforced block rule that fails is no shadow rule: named apart (QA r7 audit M1).
    assert summary["enforcedErrors"] == {"enforced-broken": 4}, summary

    blocking = os.path.join(workdir, "block.yaml")
    with open(blocking, "w") as f:
        f.write("policy:\n  rules:\n    - {name: no-notes, when: 'action.type == \"create_internal_note\"', effect: block, reason: NO_NOTES}\n")
    code, out, err = steward("replay", "--policy", blocking, "--since", "2000-01-01", "--data-dir", data)
    assert code == 0, err
    assert "replayed 4 decisions" in out and "3 would change outcome" in out
    assert "REQUIRE_APPROVAL → BLOCK: 3" in out and "NO_NOTES (policy.rules[0] (no-notes)): 3" in out
    # Nothing was written.
    assert steward("ledger", "verify", "--data-dir", data, "--json")[1] == before[1]


def test_replay_refuses_a_bad_policy_file_and_date(workdir):
    bad = os.path.join(workdir, "bad.yaml")
    with open(bad, "w") as f:
        f.write("policy:\n  rules:\n    - {name: broken, when: 'action.typo == 1', effect: block}\n")
    code, _, err = steward("replay", "--policy", bad, "--since", "2026-01-01", "--data-dir", os.path.join(workdir, "d"))
    assert code != 0 and "policy.rules[0].when" in err and "action.typo" in err
    code, _, err = steward("replay", "--policy", bad, "--since", "yesterday", "--data-dir", os.path.join(workdir, "d"))
    assert code != 0 and "--since" in err
