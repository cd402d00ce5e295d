"""kill -9 in the middle of a burst of appends: nothing acknowledged is lost, the chain verifies."""
import json
import os
import signal
import threading
import time

from conftest import Server, steward


def test_kill_9_during_a_burst_loses_no_acknowledged_append(workdir):
    data = os.path.join(workdir, "data")
    server = Server(data)
    acknowledged = []
    lock = threading.Lock()
    stop = threading.Event()

    def burst(n):
        i = 0
        while not stop.is_set():
            try:
                status, _, body = server.json("POST", "/v1/annotations", {"text": f"writer {n} note {i}"})
            except Exception:
                return  # the server died under us: this request was never acknowledged
            if status == 201:
                with lock:
                    acknowledged.append(body["id"])
            i += 1

    threads = [threading.Thread(target=burst, args=(n,)) for n in range(16)]
    for t in threads:
        t.start()
    time.sleep(1.5)
    server.proc.send_signal(signal.SIGKILL)
    server.proc.wait()
    stop.set()
    for t in threads:
        t.join()
    assert len(acknowledged) > 50

    restarted = Server(data, port=server.port)
    try:
        rc, out, err = steward("ledger", "export", "--data-dir", data)
        assert rc == 0
        recorded = {json.loads(line)["payload"].get("id") for line in out.splitlines()}
        missing = set(acknowledged) - recorded
        assert not missing, f"{len(missing)} acknowledged appends lost"
        verdict = restarted.json("GET", "/v1/ledger/verify")[2]
        assert "fault" not in verdict and verdict["entriesChecked"] >= len(acknowledged)
    finally:
        assert restarted.stop() == 0
    rc, out, _ = steward("ledger", "verify", "--data-dir", data)
    assert rc == 0, out
