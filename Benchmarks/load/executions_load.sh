#!/usr/bin/env bash
# Execution-record ingest (issue 9's target: at least 50,000 records/s in NDJSON batches on SQLite,
# durable, release build), against the same route with `dryRun=true` (decode, check and price,
# then answer without touching the store) in the same run, for the ratio.
#
# Build first:  swift build -c release --product steward --scratch-path /work/bench-release
# Run:          Benchmarks/load/executions_load.sh
# Settings (environment): STEWARD (binary), BATCH (1000 records per request), TIMES (forward, or
#   replay: see post_executions.lua), CONNECTIONS (4),
#   THREADS (2), DURATION (10s), PORT (18097), DURABILITY (full), OUT.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STEWARD="${STEWARD:-/work/bench-release/release/steward}"
export BATCH="${BATCH:-1000}"
CONNECTIONS="${CONNECTIONS:-4}"
THREADS="${THREADS:-2}"
DURATION="${DURATION:-10s}"
PORT="${PORT:-18097}"
OUT="${OUT:-$(mktemp -d /tmp/executions-load.XXXXXX)}"
command -v wrk >/dev/null || { apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y wrk >/dev/null; }; }
[[ -x "$STEWARD" ]] || { echo "missing $STEWARD: build it first (see the top of $0)" >&2; exit 1; }

DATA="$(mktemp -d /tmp/steward-executions-data.XXXXXX)"
"$STEWARD" serve --port "$PORT" --data-dir "$DATA" --log-level warning > "$OUT/serve.log" 2>&1 &
PID=$!
trap 'kill -TERM $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done
export KEY="$(cat "$DATA/admin.key")"

run() {  # name, query
  PATH_QUERY="$2" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$HERE/post_executions.lua" \
    "http://127.0.0.1:$PORT" > "$OUT/$1.txt"
  python3 - "$OUT/$1.txt" "$1" <<'PY'
import os, re, sys
text = open(sys.argv[1]).read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
def ms(label):
    m = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    v, unit = float(m.group(1)), m.group(2)
    return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
records = rps * int(os.environ["BATCH"])
print(f"{sys.argv[2]:<10} {rps:>9.1f} req/s {records:>11.0f} records/s  p50 {ms('50%'):.1f} ms  p99 {ms('99%'):.1f} ms" + (f"  NON-2XX {bad.group(1)}" if bad else ""))
PY
}
{
  echo "batch $BATCH records, $CONNECTIONS connections, $DURATION each, SQLite durability full"
  run dryrun "?dryRun=true"
  run ingest ""
} | tee "$OUT/summary.txt"
stored="$(curl -s -H "Authorization: Bearer $KEY" "http://127.0.0.1:$PORT/v1/ledger?kind=executions.ingested&limit=1000" | python3 -c 'import json,sys; print(sum(e["payload"]["count"] for e in json.load(sys.stdin)["entries"]))')"
verify="$(curl -s -H "Authorization: Bearer $KEY" "http://127.0.0.1:$PORT/v1/ledger/verify")"
echo "records vouched for by the ledger (first 1000 batches): $stored; verify: $verify" | tee -a "$OUT/summary.txt"
echo "results in $OUT" >&2
