#!/usr/bin/env bash
# Control Center pages under the issue's load: 1,000 agents and 100,000 ledger entries, each page
# requested by one client at a time for DURATION with wrk (--latency), signed in with a session
# cookie like a browser. Release build, SQLite store. Results: docs/performance.md, "Control Center".
#
# Build first:  (cd /work/main && swift build -c release --product steward --scratch-path /work/bench-release)
# Run:          Benchmarks/load/pages_load.sh
# Settings (environment): STEWARD (binary), AGENTS (1000), ROUNDS (100 signals per agent), DURATION (10s), PORT (18083), OUT.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STEWARD="${STEWARD:-/work/bench-release/release/steward}"
AGENTS="${AGENTS:-1000}"
ROUNDS="${ROUNDS:-100}"
DURATION="${DURATION:-10s}"
PORT="${PORT:-18083}"
OUT="${OUT:-$(mktemp -d /tmp/pages-load.XXXXXX)}"
mkdir -p "$OUT"
command -v wrk >/dev/null || { apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y wrk >/dev/null; }; }
[[ -x "$STEWARD" ]] || { echo "missing $STEWARD: build it first (see the top of $0)" >&2; exit 1; }

DATA="$(mktemp -d /tmp/steward-pages-data.XXXXXX)"
"$STEWARD" serve --config "$HERE/steward-signals.yaml" --port "$PORT" --data-dir "$DATA" > "$OUT/serve.log" 2>&1 &
PID=$!
# KEEP=1 leaves the seeded server running for a closer look (its port, data and key are printed).
if [[ "${KEEP:-0}" != 1 ]]; then trap 'kill -TERM $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$DATA"' EXIT; fi
for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done
KEY="$(cat "$DATA/admin.key")"

echo "seeding $AGENTS agents x $ROUNDS signals" >&2
python3 - "$PORT" "$KEY" "$AGENTS" "$ROUNDS" <<'PY'
import datetime, json, sys, urllib.request
port, key, agents, rounds = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
start = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=rounds + 10)
for r in range(rounds):
    ts = (start + datetime.timedelta(seconds=r)).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    batch = [{
        "agent": f"agent-{a:04d}", "status": "healthy", "lastReport": f"round {r} ok", "ts": ts,
        "metrics": {"successRate": 0.97, "alignment": 0.95, "backlogAgeMinutes": 2, "costBurnRatePerHour": 0.5},
        "context": {"queueDepth": a % 7, "directiveId": f"dir-{a}"},
    } for a in range(agents)]
    req = urllib.request.Request(f"http://127.0.0.1:{port}/v1/signals", data=json.dumps(batch).encode(), method="POST",
                                 headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as resp:
        assert resp.status == 202, resp.status
PY
head_seq="$(curl -s -H "Authorization: Bearer $KEY" "http://127.0.0.1:$PORT/v1/ledger/verify" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("head", {}).get("seq", d))')"
echo "ledger head: $head_seq" | tee "$OUT/head.txt" >&2

COOKIE="$(curl -s -o /dev/null -D - --data-urlencode "key=$KEY" "http://127.0.0.1:$PORT/ui/sign-in" | awk -F'[ ;]' 'tolower($1) == "set-cookie:" {print $2}')"
[[ -n "$COOKIE" ]] || { echo "sign-in failed" >&2; exit 1; }
printf '%-22s %8s %8s %8s %8s %10s\n' page req/s p50_ms p99_ms max_ms bytes | tee "$OUT/summary.txt"
for page in fleet inbox feed governance admin agents/agent-0001; do
  bytes="$(curl -s -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT/ui/$page" | wc -c)"
  wrk -t1 -c1 -d"$DURATION" --latency -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT/ui/$page" > "$OUT/${page//\//_}.txt"
  python3 - "$OUT/${page//\//_}.txt" "$page" "$bytes" <<'PY' | tee -a "$OUT/summary.txt"
import re, sys
text = open(sys.argv[1]).read()
def ms(label):
    m = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    v, unit = float(m.group(1)), m.group(2)
    return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
mx = re.search(r"Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s)", text)
maxms = float(mx.group(1)) / (1000 if mx.group(2) == "us" else 1) * (1000 if mx.group(2) == "s" else 1)
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(f"{sys.argv[2]:<22} {rps:>8.1f} {ms('50%'):>8.2f} {ms('99%'):>8.2f} {maxms:>8.2f} {sys.argv[3]:>10}" + (f"  NON-2XX {bad.group(1)}" if bad else ""))
PY
done
echo "results in $OUT" >&2
