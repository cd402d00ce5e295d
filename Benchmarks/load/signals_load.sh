#!/usr/bin/env bash
# POST /v1/signals under load: Steward (release build, SQLite store, synchronous = FULL) against the
# bare route of Benchmarks/BareActionRoute that only decodes the same signals, in the same run,
# with wrk on loopback: one healthy heartbeat per request, then NDJSON batches of 100, from
# 10,000 agents. Then Steward's resident memory with those 10,000 agents registered.
# Results: docs/performance.md, "Self-healing".
#
# Build first (each in its own build folder):
#   (cd /work/main && swift build -c release --product steward --scratch-path /work/bench-release)
#   (cd /work/main/Benchmarks && swift build -c release --product BareActionRoute)
# Run: Benchmarks/load/signals_load.sh
# Settings (environment): STEWARD, BARE, CONNECTIONS (64), THREADS (2), DURATION (20s), WARMUP (5s), OUT.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
STEWARD="${STEWARD:-/work/bench-release/release/steward}"
BARE="${BARE:-$ROOT/Benchmarks/.build/release/BareActionRoute}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
DURATION="${DURATION:-20s}"
WARMUP="${WARMUP:-5s}"
BARE_PORT="${BARE_PORT:-18091}"
STEWARD_PORT="${STEWARD_PORT:-18092}"
OUT="${OUT:-$(mktemp -d /tmp/signals-load.XXXXXX)}"
mkdir -p "$OUT"
export SIGNAL_AGENTS=$((10000 / THREADS))
command -v wrk >/dev/null || { apt-get update >/dev/null 2>&1; apt-get install -y wrk >/dev/null; }
for binary in "$STEWARD" "$BARE"; do [[ -x "$binary" ]] || { echo "missing $binary: build it first" >&2; exit 1; }; done

DATA="$(mktemp -d /tmp/steward-signals-data.XXXXXX)"
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT
wait_for() { for _ in $(seq 1 200); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; echo "no answer from $1" >&2; exit 1; }

"$BARE" "$BARE_PORT" > "$OUT/bare.log" 2>&1 & PIDS+=($!); BARE_PID=$!
"$STEWARD" serve --config "$HERE/steward-signals.yaml" --data-dir "$DATA" --port "$STEWARD_PORT" --no-auth --log-level warning \
  > "$OUT/steward.log" 2>&1 & PIDS+=($!); STEWARD_PID=$!
wait_for "http://127.0.0.1:$BARE_PORT/"
wait_for "http://127.0.0.1:$STEWARD_PORT/readyz"
echo "results in $OUT" >&2
uptime | tee "$OUT/uptime-before.txt" >&2

run() { # NAME PORT BATCH DURATION
  SIGNAL_BATCH="$3" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$4" --latency -s "$HERE/post_signal.lua" \
    "http://127.0.0.1:$2/v1/signals" > "$OUT/$1.txt"
  echo "batch $3" >> "$OUT/$1.txt"
  echo "  $1: $(grep -E '^rps ' "$OUT/$1.txt"), $(grep -E '^non201 ' "$OUT/$1.txt")" >&2
}
run warmup-bare "$BARE_PORT" 1 "$WARMUP"
run warmup-steward "$STEWARD_PORT" 1 "$WARMUP"
for batch in 1 100; do
  run "bare-$batch-a" "$BARE_PORT" "$batch" "$DURATION"
  run "steward-$batch" "$STEWARD_PORT" "$batch" "$DURATION"
  run "bare-$batch-b" "$BARE_PORT" "$batch" "$DURATION"
done
rss_kb="$(awk '/^VmRSS/ {print $2}' "/proc/$STEWARD_PID/status")"
hwm_kb="$(awk '/^VmHWM/ {print $2}' "/proc/$STEWARD_PID/status")"
# Anonymous memory is Steward's own; file pages are the database's memory map, shared with the page cache.
anon_kb="$(awk '/^RssAnon/ {print $2}' "/proc/$STEWARD_PID/status")"
file_kb="$(awk '/^RssFile/ {print $2}' "/proc/$STEWARD_PID/status")"
agents="$(curl -s "http://127.0.0.1:$STEWARD_PORT/v1/agents?limit=1000" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["agents"]))')"
uptime | tee "$OUT/uptime-after.txt" >&2
kill -TERM "$STEWARD_PID"; wait "$STEWARD_PID" || true
if "$STEWARD" ledger verify --data-dir "$DATA" > "$OUT/verify.txt" 2>&1; then verified=ok; else verified=FAILED; fi
registered="$(sqlite3 "$DATA/steward.sqlite" "SELECT count(*) FROM projections WHERE collection = 'agents'" 2>/dev/null || echo '?')"

python3 - "$OUT" "$verified" "$rss_kb" "$hwm_kb" "$registered" "$anon_kb" "$file_kb" <<'PY'
import pathlib, sys
out, verified, rss, hwm, registered = pathlib.Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
anon, mapped = int(sys.argv[6]), int(sys.argv[7])
def read(name):
    values = {}
    for line in (out / f"{name}.txt").read_text().splitlines():
        parts = line.split()
        if len(parts) == 2:
            try: values[parts[0]] = float(parts[1])
            except ValueError: pass
    return values
print(f"\n{'run':<16}{'req/s':>10}{'signals/s':>12}{'p50 ms':>9}{'p99 ms':>9}{'non-202':>9}")
for batch in (1, 100):
    runs = {n: read(n) for n in (f"bare-{batch}-a", f"steward-{batch}", f"bare-{batch}-b")}
    for name, d in runs.items():
        print(f"{name:<16}{d['rps']:>10.0f}{d['rps'] * batch:>12.0f}{d['p50_us']/1000:>9.2f}{d['p99_us']/1000:>9.2f}{int(d['non201']):>9}")
    bare = (runs[f"bare-{batch}-a"]["rps"] + runs[f"bare-{batch}-b"]["rps"]) / 2
    steward = runs[f"steward-{batch}"]["rps"]
    target = 10_000 if batch == 1 else 50_000
    print(f"batch {batch}: Steward {steward * batch:.0f} signals/s (target >= {target}: {'met' if steward * batch >= target else 'NOT met'}), "
          f"bare {bare * batch:.0f} signals/s, ratio {steward / bare:.3f}\n")
print(f"Steward resident memory after the runs: {rss / 1024:.0f} MB (peak {hwm / 1024:.0f} MB) with {registered} agents registered "
      f"(target <= 150 MB with 10,000: {'met' if hwm / 1024 <= 150 else 'NOT met'}); "
      f"of it anonymous {anon / 1024:.0f} MB, file-backed {mapped / 1024:.0f} MB")
print(f"ledger verify: {verified}")
PY
rm -rf "$DATA"
