"""`steward policy test`: unit tests for a policy, run offline against a steward.yaml."""
import json
import os
import signal

from conftest import Server, steward

EXAMPLES = os.path.join(os.path.dirname(__file__), "..", "..", "examples")
CONFIG = os.path.join(EXAMPLES, "steward.yaml")


def write(workdir, name, text):
    path = os.path.join(workdir, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def test_the_shipped_policy_tests_pass_against_the_shipped_configuration():
    rc, out, err = steward("policy", "test", os.path.join(EXAMPLES, "policy-tests.yaml"), "--config", CONFIG)
    assert rc == 0, out + err
    lines = out.strip().splitlines()
    assert all(line.startswith("PASS  ") for line in lines[:-1]) and len(lines) >= 11
    assert lines[-1] == f"{len(lines) - 1} tests, {len(lines) - 1} passed, 0 failed"


def test_a_failing_test_exits_1_and_shows_the_decision_and_its_trace(workdir):
    path = write(workdir, "t.yaml", """
tests:
  - name: notes never need a person
    proposal: {type: create_internal_note, agent: CRO, account: acme-corp}
    expect: {outcome: AUTO_EXECUTE}
  - name: email needs a person
    proposal: {type: send_email, agent: CRO, account: acme-corp}
    given: {tenantMode: autopilot}
    expect: {outcome: REQUIRE_APPROVAL, reason: EXTERNAL_CONTACT}
""")
    rc, out, _ = steward("policy", "test", path, "--config", CONFIG)
    assert rc == 1
    assert f"FAIL  notes never need a person  ({path}:3:5)" in out
    assert "outcome: expected AUTO_EXECUTE, got REQUIRE_APPROVAL" in out
    assert "decision: REQUIRE_APPROVAL MODE_APPROVE [autonomy.mode]" in out and "hold autonomy: MODE_APPROVE" in out
    assert f"PASS  email needs a person  ({path}:6:5)" in out
    assert out.strip().endswith("2 tests, 1 passed, 1 failed")

    rc, out, _ = steward("policy", "test", path, "--config", CONFIG, "--json")
    report = json.loads(out)
    assert rc == 1 and report["passed"] == 1 and report["failed"] == 1
    assert [t["passed"] for t in report["tests"]] == [False, True]
    assert report["tests"][1]["decision"]["reason"] == "EXTERNAL_CONTACT"


def test_run_selects_tests_by_name_and_coverage_names_the_rules_no_test_reached():
    rc, out, _ = steward("policy", "test", os.path.join(EXAMPLES, "policy-tests.yaml"), "--config", CONFIG, "--run", "kill switch", "--coverage")
    assert rc == 0, out
    assert out.splitlines()[0].startswith("PASS  the kill switch sends everything to a person") and "1 test, 1 passed, 0 failed" in out
    assert "allow-low-risk-internal [enforce]: 0" in out and "not reached by any test: allow-low-risk-internal" in out
    rc, out, _ = steward("policy", "test", os.path.join(EXAMPLES, "policy-tests.yaml"), "--config", CONFIG, "--json", "--coverage")
    report = json.loads(out)
    assert rc == 0 and report["coverage"]["rules"][0]["name"] == "allow-low-risk-internal" and len(report["coverage"]["rules"][0]["tests"]) == 2


def test_an_invalid_file_exits_2_with_every_problem_located(workdir):
    path = write(workdir, "bad.yaml", """
tests:
  - name: typo
    proposal: {type: create_internal_note, agnet: CRO}
    given: {killswitch: true}
    expect: {outcome: ALLOW}
""")
    rc, out, err = steward("policy", "test", path, "--config", CONFIG)
    assert rc == 2 and out == ""
    assert f"{path}:4:44: tests[0].proposal.agnet: unknown key 'agnet'; did you mean 'agent'?" in err
    assert f"{path}:5:13: tests[0].given.killswitch: unknown key 'killswitch'; did you mean 'killSwitch'?" in err
    assert f"{path}:6:23: tests[0].expect.outcome: expected one of BLOCK, DEFER, REQUIRE_APPROVAL, AUTO_EXECUTE, got 'ALLOW'" in err
    assert f"{path}: 4 errors" in err


def test_a_tenant_the_configuration_does_not_declare_is_an_invalid_file(workdir):
    path = write(workdir, "tenant.yaml", """
tests:
  - name: typo in the tenant
    proposal: {type: create_internal_note, agent: CRO, tenant: defualt}
    expect: {outcome: REQUIRE_APPROVAL}
""")
    rc, out, err = steward("policy", "test", path, "--config", CONFIG)
    assert rc == 2 and out == ""
    # At the tenant itself, with its full path, a suggestion and the count, as any other problem of the file.
    assert f"{path}:4:64: tests[0].proposal.tenant: tenant 'defualt' is not declared in the configuration (tenants: default); did you mean 'default'?" in err
    assert f"{path}: 1 error" in err


def test_policy_tests_decide_as_the_running_server_does(workdir):
    # The same proposals, the server's dry run against its fresh state and the offline run with
    # nothing assumed: the same outcome, reason and clause.
    proposals = [
        {"type": "create_internal_note", "agent": "CRO", "account": "acme-corp", "params": {"text": "x"}},
        {"type": "send_email", "agent": "CRO", "account": "acme-corp", "params": {"to": "a@example.com"}},
        {"type": "modify_discount", "agent": "CRO", "account": "acme-corp", "params": {"percent": 30}},
    ]
    server = Server(os.path.join(workdir, "data"), extra=["--config", CONFIG])
    try:
        served = []
        for p in proposals:
            status, _, body = server.json("POST", "/v1/decisions/evaluate", p)
            assert status == 200, body
            decision = body["decision"]
            served.append((decision["outcome"], decision["reason"], decision.get("policyClause")))
    finally:
        server.stop(signal.SIGTERM)
    tests = "tests:\n" + "".join(
        f"  - name: p{i}\n    proposal: {json.dumps(p)}\n    expect: {{outcome: {o}, reason: {r}, clause: {json.dumps(c)}}}\n"
        for i, (p, (o, r, c)) in enumerate(zip(proposals, served)))
    rc, out, err = steward("policy", "test", write(workdir, "same.yaml", tests), "--config", CONFIG)
    assert rc == 0, out + err
