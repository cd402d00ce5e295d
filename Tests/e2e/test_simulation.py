"""`steward simulate` and `steward demo` against the real binary: a seeded run is reproducible
to the ledger head and reports its figures under stable keys; a bad scenario is refused naming
file and line; the demo serves a live fleet that breaks and heals, and stops cleanly on Ctrl-C."""
import json
import os
import signal
import subprocess
import time
import urllib.request

from conftest import STEWARD, free_port, steward

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
STANDARD = os.path.join(ROOT, "examples", "scenarios", "standard.yaml")
KEYS = {
    "scenario", "seed", "tier", "days", "agents", "faultsInjected", "kpis", "incidents", "escalationsPerDay", "escalationsByFault",
    "classificationAccuracy", "trueFixShare", "safetyViolations", "lineageCoverage", "actions", "breakerTrips",
    "banditByClass", "directivesCompleted", "directivesPerHour", "costPerIncidentUsd", "wallSeconds", "ledgerHead",
}


def simulate(*args):
    code, out, err = steward("simulate", *args)
    assert code == 0, err
    return json.loads(out.strip().splitlines()[-1])


def test_a_seeded_run_is_reproducible_and_reports_stable_keys():
    a = simulate("--scenario", STANDARD, "--days", "0.02", "--seed", "3", "--json")
    b = simulate("--scenario", STANDARD, "--days", "0.02", "--seed", "3", "--json")
    assert KEYS <= set(a) and a["ledgerHead"] == b["ledgerHead"] and len(a["ledgerHead"]) == 64
    assert a["agents"] == 100 and a["tier"] == "tier2" and a["safetyViolations"] == 0
    assert a["incidents"] > 0 and a["lineageCoverage"] == 1
    # 100 agents hold 400 slots: at most 200 directives an hour, fewer while agents are ill.
    assert 0 < a["directivesPerHour"] <= 200 and a["directivesCompleted"] > 0
    c = simulate("--scenario", STANDARD, "--days", "0.02", "--seed", "4", "--json")
    assert c["ledgerHead"] != a["ledgerHead"]


def test_compare_reports_both_tiers_and_the_deltas():
    out = simulate("--scenario", STANDARD, "--days", "0.01", "--seed", "2", "--compare", "tier1", "--json")
    assert out["tier1"]["tier"] == "tier1" and out["tier2"]["tier"] == "tier2"
    assert set(out["deltas"]) == {"costPerIncident", "directivesPerHour", "staleDataIncidents", "banditMttrImprovement", "escalationsPerDay"}


def test_config_runs_the_fleet_under_a_files_policy(workdir):
    config = os.path.join(workdir, "steward.yaml")
    with open(config, "w") as f:
        f.write('policy:\n  rules:\n    - {name: hold-notes, when: \'action.type == "create_internal_note"\', effect: block, reason: NO_NOTES}\n')
    plain = simulate("--scenario", STANDARD, "--days", "0.02", "--seed", "5", "--json")
    held = simulate("--scenario", STANDARD, "--days", "0.02", "--seed", "5", "--json", "--config", config)
    assert plain["actions"]["proposed"] > 0 and held["actions"]["proposed"] > 0
    assert held["actions"]["held"] > plain["actions"]["held"] and held["ledgerHead"] != plain["ledgerHead"]
    with open(config, "w") as f:
        f.write('policy:\n  rules:\n    - {name: typo, when: "tru", effect: block}\n')
    code, _, err = steward("simulate", "--scenario", STANDARD, "--days", "0.02", "--config", config)
    assert code == 1 and f"{config}:3:26: policy.rules[0].when" in err, err


def test_keep_leaves_a_verifiable_database_per_tier(workdir):
    keep = os.path.join(workdir, "runs")
    out = simulate("--scenario", STANDARD, "--days", "0.01", "--seed", "2", "--compare", "tier1", "--keep", keep, "--json")
    for tier in ("tier2", "tier1"):
        code, text, err = steward("ledger", "verify", "--db", os.path.join(keep, f"{tier}.sqlite"), "--json")
        assert code == 0, err
        assert out[tier]["ledgerHead"] in text
    # A directory that already holds a run is refused, and nothing is overwritten.
    before = os.path.getsize(os.path.join(keep, "tier2.sqlite"))
    code, text, err = steward("simulate", "--scenario", STANDARD, "--days", "0.01", "--keep", keep)
    assert code != 0 and "--keep" in err and "tier2.sqlite" in err, err
    assert os.path.getsize(os.path.join(keep, "tier2.sqlite")) == before


def test_a_bad_scenario_is_refused_with_file_line_and_field(workdir):
    path = os.path.join(workdir, "bad.yaml")
    with open(path, "w") as f:
        f.write("name: bad\nsignalIntervalSeconds: -5\n")
    code, out, err = steward("simulate", "--scenario", path, "--days", "0.01")
    assert code != 0 and f"{path}:2" in err and "signalIntervalSeconds" in err, err
    code, out, err = steward("simulate", "--scenario", STANDARD, "--days", "0")
    assert code != 0 and "--days" in err


def get(port, path, key):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Authorization": f"Bearer {key}"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read())


def test_the_demo_serves_a_fleet_that_breaks_and_heals_and_stops_on_ctrl_c(workdir):
    port, data = free_port(), os.path.join(workdir, "demo")
    log = open(os.path.join(workdir, "demo.log"), "wb")
    proc = subprocess.Popen([STEWARD, "demo", "--port", str(port), "--data-dir", data, "--seed", "5"], stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 30
        while not os.path.exists(os.path.join(data, "admin.key")):
            assert proc.poll() is None and time.time() < deadline, "the demo did not start"
            time.sleep(0.1)
        with open(os.path.join(data, "admin.key")) as f:
            key = f.read().strip()
        # Within two minutes a newcomer sees an incident healed, an escalation in the inbox, an
        # approval waiting and a breaker trip, whatever the seed (the demo opens with a script).
        deadline = time.time() + 120
        seen = {}
        while True:
            try:
                agents = get(port, "/v1/agents", key)["agents"]
                seen["healed"] = any(i["status"] == "resolved" for i in get(port, "/v1/incidents", key)["incidents"])
                seen["escalation"] = bool(get(port, "/v1/escalations", key)["escalations"])
                seen["approval"] = bool(get(port, "/v1/actions?status=pending_approval", key)["actions"])
                seen["breaker"] = any(b["state"] != "closed" for b in get(port, "/v1/breakers", key)["items"])
            except OSError:
                agents = []
            if len(agents) == 6 and len(seen) == 4 and all(seen.values()):
                break
            assert time.time() < deadline, f"not everything within two minutes: {seen}"
            time.sleep(1)
        time.sleep(2)  # the terminal's story is read from the ledger once a second
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        log.close()
    # The terminal tells the same story, a line per event.
    with open(os.path.join(workdir, "demo.log")) as f:
        told = f.read()
    for line in ["opened, classified", "healed after", "escalated to a person", "waits for a person", "tripped:"]:
        assert line in told, f"the demo's log does not tell '{line}':\n{told}"
    # Told once: no log line repeats what the story says (the log level defaults to warning).
    assert " notice " not in told and "breaker.tripped" not in told, told
    code, out, err = steward("ledger", "verify", "--data-dir", data)
    assert code == 0, err
