"""GET /v1/events over a real `steward serve`: entries arrive as they are written, each once,
with its sequence number as the event id; a client resumes with Last-Event-ID, also after a restart."""
import http.client
import json
import signal
import time

from conftest import Server


class Stream:
    """A raw event-stream reader (what a browser's EventSource does, minus the reconnecting)."""

    def __init__(self, server, headers=None, query=""):
        self.conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=15)
        self.conn.request("GET", "/v1/events" + query, headers={"Authorization": f"Bearer {server.key}", **(headers or {})})
        self.resp = self.conn.getresponse()
        self.buffer = b""

    def events(self, count):
        """The next `count` events as (id, entry)."""
        found = []
        while len(found) < count:
            while b"\n\n" not in self.buffer:
                chunk = self.resp.read1(65536)
                assert chunk, "the stream ended"
                self.buffer += chunk
            block, self.buffer = self.buffer.split(b"\n\n", 1)
            fields = dict(line.split(": ", 1) for line in block.decode().split("\n") if ": " in line and not line.startswith(":"))
            if "data" in fields:
                found.append((int(fields["id"]), json.loads(fields["data"])))
        return found

    def close(self):
        self.conn.close()


def annotate(server, text):
    status, _, body = server.json("POST", "/v1/annotations", {"text": text, "subject": "agent:CRO"})
    assert status == 201, body
    return body


def test_entries_stream_live_once_each_and_resume_after_the_last_event_id(workdir):
    server = Server(f"{workdir}/data")
    try:
        stream = Stream(server)
        assert stream.resp.status == 200
        assert stream.resp.getheader("Content-Type") == "text/event-stream"
        time.sleep(0.2)  # the stream starts at the head: only entries written from now on
        for i in range(3):
            annotate(server, f"live {i}")
        got = stream.events(3)
        ids = [i for i, _ in got]
        assert ids == list(range(ids[0], ids[0] + 3))
        assert [e["payload"]["text"] for _, e in got] == ["live 0", "live 1", "live 2"]
        assert all(e["kind"] == "annotation.recorded" and len(e["hash"]) == 64 for _, e in got)
        stream.close()

        # A restart: the client comes back with the last id it saw and misses nothing written meanwhile.
        last = ids[-1]
        assert server.stop(signal.SIGTERM) == 0
        server = Server(f"{workdir}/data", port=server.port)
        annotate(server, "while away")
        resumed = Stream(server, headers={"Last-Event-ID": str(last)})
        # Every entry after the last one seen, in order, up to the annotation: Steward's own periodic
        # work (the daily alert digest after notifications.digestHourUtc) may have written one first.
        seen = []
        while not seen or seen[-1][1]["payload"].get("text") != "while away":
            assert len(seen) < 5, seen
            seen += resumed.events(1)
        assert [i for i, _ in seen] == list(range(last + 1, last + 1 + len(seen))), seen
        assert all(e["kind"] != "annotation.recorded" for _, e in seen[:-1]), seen
        resumed.close()

        # Filters by kind; a malformed Last-Event-ID is a 422 naming the header.
        filtered = Stream(server, query="?after=0&kind=annotation.recorded")
        texts = [e["payload"]["text"] for _, e in filtered.events(4)]
        assert texts == ["live 0", "live 1", "live 2", "while away"]
        filtered.close()
        bad = Stream(server, headers={"Last-Event-ID": "yesterday"})
        assert bad.resp.status == 422
        assert "Last-Event-ID" in bad.resp.read().decode()
        bad.close()
        unauthenticated = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        unauthenticated.request("GET", "/v1/events")
        assert unauthenticated.getresponse().status == 401
    finally:
        if server.proc.poll() is None:
            server.stop(signal.SIGKILL)
