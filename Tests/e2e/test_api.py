"""The HTTP API of a live server: auth, problems, annotations, idempotency, ledger, metrics."""
import json
import os
import signal
import threading
import time

from conftest import Server, steward


def test_health_and_readiness_need_no_key(server):
    assert server.json("GET", "/healthz", auth=False)[2] == {"status": "ok"}
    status, headers, body = server.json("GET", "/readyz", auth=False)
    assert status == 200 and body == {"status": "ready"}
    assert len(headers["X-Request-Id"]) >= 8


def test_admin_key_file_is_private(server):
    mode = os.stat(os.path.join(server.data_dir, "admin.key")).st_mode & 0o777
    assert mode == 0o600


def test_missing_and_wrong_keys_are_401_problems(server):
    status, headers, body = server.json("GET", "/v1/ledger", auth=False)
    assert status == 401 and headers["Content-Type"] == "application/problem+json"
    assert body["status"] == 401 and "API key" in body["detail"]
    fake = "stw_000000000000_" + "0" * 64
    assert server.json("GET", "/v1/ledger", key=fake)[0] == 401
    assert server.json("GET", "/v1/ledger", key="nonsense")[0] == 401


def test_annotations_are_durable_ledger_entries(server):
    status, _, body = server.json("POST", "/v1/annotations", {"text": "deployed CRO v2", "subject": "agent:CRO", "labels": {"change": "CHG-1"}})
    assert status == 201 and body["kind"] == "annotation.recorded" and body["subject"] == "agent:CRO"
    _, _, page = server.json("GET", "/v1/ledger?kind=annotation.recorded")
    entries = page["entries"]
    assert len(entries) == 1
    assert entries[0]["payload"] == {"id": body["id"], "text": "deployed CRO v2", "labels": {"change": "CHG-1"}}
    assert entries[0]["actor"].startswith("key:")
    verdict = server.json("GET", "/v1/ledger/verify")[2]
    assert verdict["entriesChecked"] == 3 and "fault" not in verdict


def test_bad_bodies_name_their_fields_and_change_nothing(server):
    before = server.json("GET", "/v1/ledger/verify")[2]["entriesChecked"]
    # A missing or wrong-typed field is 422 here as on every other endpoint (QA F20).
    status, headers, body = server.json("POST", "/v1/annotations", {"subject": "x"})
    assert status == 422 and body["errors"][0]["field"] == "text"
    status, _, body = server.json("POST", "/v1/annotations", {"text": 5})
    assert status == 422 and body["errors"][0]["field"] == "text"
    status, _, body = server.json("POST", "/v1/annotations", {"text": "x", "subject": "", "labels": {"a": 1}})
    assert status == 422 and [e["field"] for e in body["errors"]] == ["subject", "labels.a"]
    status, _, body = server.json("POST", "/v1/annotations", {"text": "", "subject": "s" * 300})
    assert status == 422 and {e["field"] for e in body["errors"]} == {"text", "subject"}
    status, _, body = server.json("POST", "/v1/annotations", raw=b"{not json")
    assert status == 400
    status, _, body = server.json("POST", "/v1/annotations", raw=b"x" * (2 * 1024 * 1024))
    assert status == 413 and body["status"] == 413
    assert server.json("GET", "/v1/ledger/verify")[2]["entriesChecked"] == before


def test_idempotency_key_replays_and_refuses_a_different_body(server):
    h = {"Idempotency-Key": "note-42"}
    s1, _, b1 = server.json("POST", "/v1/annotations", {"text": "once"}, headers=h)
    s2, h2, b2 = server.json("POST", "/v1/annotations", {"text": "once"}, headers=h)
    assert s1 == s2 == 201 and b1 == b2 and h2.get("Idempotent-Replayed") == "true"
    s3, _, b3 = server.json("POST", "/v1/annotations", {"text": "twice"}, headers=h)
    assert s3 == 409 and "different request" in b3["detail"]
    # The same JSON re-serialized (other key order, spaces) is the same request.
    h = {"Idempotency-Key": "note-43", "Content-Type": "application/json"}
    s4, _, b4 = server.json("POST", "/v1/annotations", raw=b'{"text":"again","subject":"release"}', headers=h)
    s5, h5, b5 = server.json("POST", "/v1/annotations", raw=b'{ "subject": "release", "text": "again" }', headers=h)
    assert s4 == s5 == 201 and b4 == b5 and h5.get("Idempotent-Replayed") == "true"
    _, _, page = server.json("GET", "/v1/ledger?kind=annotation.recorded")
    assert len(page["entries"]) == 2


def test_concurrent_idempotent_retries_record_once(server):
    results = []
    def post():
        results.append(server.json("POST", "/v1/annotations", {"text": "race"}, headers={"Idempotency-Key": "race-1"}))
    threads = [threading.Thread(target=post) for _ in range(16)]
    for t in threads: t.start()
    for t in threads: t.join()
    ok = [r for r in results if r[0] == 201]
    assert ok and all(r[2] == ok[0][2] for r in ok)
    assert all(r[0] in (201, 409) for r in results)
    _, _, page = server.json("GET", "/v1/ledger?kind=annotation.recorded")
    assert len(page["entries"]) == 1


def test_ledger_paging_filters_and_export(server):
    for i in range(7):
        server.json("POST", "/v1/annotations", {"text": f"n{i}", "subject": f"agent:{i % 2}"})
    _, _, first = server.json("GET", "/v1/ledger?limit=4")
    assert [e["seq"] for e in first["entries"]] == [1, 2, 3, 4] and first["nextCursor"] == "4"
    _, _, second = server.json("GET", f"/v1/ledger?limit=4&after={first['nextCursor']}")
    assert [e["seq"] for e in second["entries"]] == [5, 6, 7, 8] and second["nextCursor"] == "8"
    _, _, only = server.json("GET", "/v1/ledger?subject=agent:1")
    assert len(only["entries"]) == 3
    status, headers, body = server.request("GET", "/v1/ledger/export?format=csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert body.decode().count("\r\n") == 1 + 9
    status, headers, body = server.request("GET", "/v1/ledger/export")
    lines = body.decode().splitlines()
    assert len(lines) == 9 and json.loads(lines[0])["seq"] == 1
    status, _, problem = server.json("GET", "/v1/ledger/export?format=xml")
    assert status == 422 and problem["errors"][0]["field"] == "format"


def test_metrics_report_routes_and_ledger_batches(server):
    server.json("POST", "/v1/annotations", {"text": "m"})
    # A request is counted once its response body is written, which may be just after the client
    # read it: look again for a moment.
    deadline = time.time() + 5
    text = server.request("GET", "/metrics", auth=False)[2].decode()
    while 'http_route="/v1/annotations"' not in text and time.time() < deadline:
        time.sleep(0.1)
        text = server.request("GET", "/metrics", auth=False)[2].decode()
    assert 'http_route="/v1/annotations"' in text and 'http_response_status_code="201"' in text
    assert "steward_ledger_append_batch_size" in text and "steward_ledger_append_batch_seconds" in text
    # A lone replica holds every periodic duty's lease, and says so.
    deadline = time.time() + 10
    while 'steward_lease_held{lease="healing"} 1' not in text and time.time() < deadline:
        time.sleep(0.2)
        text = server.request("GET", "/metrics", auth=False)[2].decode()
    for lease in ("healing", "governance", "spine"):
        assert f'steward_lease_held{{lease="{lease}"}} 1' in text, text


def test_unknown_routes_are_problems(server):
    status, headers, body = server.json("GET", "/v1/nothing-here")
    assert status == 404 and headers["Content-Type"] == "application/problem+json"


def test_graceful_shutdown_finishes_in_flight_work(server):
    acknowledged = []
    stop = threading.Event()
    def burst():
        while not stop.is_set():
            try:
                s, _, b = server.json("POST", "/v1/annotations", {"text": "inflight"})
            except OSError:
                return
            if s == 201:
                acknowledged.append(b["id"])
    threads = [threading.Thread(target=burst) for _ in range(8)]
    for t in threads: t.start()
    import time; time.sleep(1.0)
    code = server.stop(signal.SIGTERM)
    stop.set()
    for t in threads: t.join()
    assert code == 0
    rc, out, err = steward("ledger", "export", "--data-dir", server.data_dir)
    recorded = {json.loads(l)["payload"].get("id") for l in out.splitlines()}
    assert acknowledged and set(acknowledged) <= recorded
    assert steward("ledger", "verify", "--data-dir", server.data_dir)[0] == 0


def test_a_period_that_ends_before_it_starts_is_refused(server):
    for path in ("/v1/ledger", "/v1/ledger/export", "/v1/executions", "/v1/alerts"):
        status, _, body = server.json("GET", path + "?from=2026-12-07T00:00:00Z&to=2026-12-01T00:00:00Z")
        assert status == 422, path
        assert any(e["field"] == "from" and "after to" in e["reason"] for e in body["errors"]), body
