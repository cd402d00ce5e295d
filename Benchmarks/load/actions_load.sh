#!/usr/bin/env bash
# POST /v1/actions under load: Steward (release build, SQLite store, synchronous = FULL) against a
# bare Hummingbird route that decodes the same JSON and answers 201 without storing
# (Benchmarks/BareActionRoute), measured in the same run with wrk on loopback.
# Results: docs/performance.md, "Action spine over HTTP".
#
# Build first (each in its own build folder):
#   (cd /work/main && swift build -c release --product steward --scratch-path /work/bench-release)
#   (cd /work/main/Benchmarks && swift build -c release --product BareActionRoute)
# Run, from anywhere:
#   Benchmarks/load/actions_load.sh
# Settings (environment): STEWARD, BARE (binaries), CONNECTIONS (64), THREADS (2), DURATION (20s),
# WARMUP (5s), BARE_PORT (18081), STEWARD_PORT (18082), OUT (results folder),
# EXTRA=1 also runs POST /v1/annotations and GET /healthz against Steward with the same settings.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
STEWARD="${STEWARD:-/work/bench-release/release/steward}"
BARE="${BARE:-$ROOT/Benchmarks/.build/release/BareActionRoute}"
CONFIG="${CONFIG:-$HERE/steward-load.yaml}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
DURATION="${DURATION:-20s}"
WARMUP="${WARMUP:-5s}"
BARE_PORT="${BARE_PORT:-18081}"
STEWARD_PORT="${STEWARD_PORT:-18082}"
EXTRA="${EXTRA:-0}"
OUT="${OUT:-$(mktemp -d /tmp/actions-load.XXXXXX)}"
mkdir -p "$OUT"

if ! command -v wrk >/dev/null; then
  echo "installing wrk" >&2
  apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y wrk >/dev/null; }
fi
for binary in "$STEWARD" "$BARE"; do
  [[ -x "$binary" ]] || { echo "missing $binary: build it first (see the top of $0)" >&2; exit 1; }
done

DATA="$(mktemp -d /tmp/steward-load-data.XXXXXX)"
BARE_PID=""
STEWARD_PID=""
cleanup() {
  [[ -n "$BARE_PID" ]] && kill "$BARE_PID" 2>/dev/null || true
  [[ -n "$STEWARD_PID" ]] && kill "$STEWARD_PID" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

wait_for() { # URL: until it answers at all
  for _ in $(seq 1 200); do
    if curl -s -o /dev/null "$1"; then return 0; fi
    sleep 0.1
  done
  echo "no answer from $1" >&2
  exit 1
}

cpu_ticks() { # PID: user+system clock ticks of the process so far
  awk '{print $14 + $15}' "/proc/$1/stat"
}

machine_ticks() { # busy and total clock ticks of the whole machine so far
  awk '/^cpu / {busy = $2 + $3 + $4 + $7 + $8 + $9; total = busy + $5 + $6; print busy, total}' /proc/stat
}

run_wrk() { # NAME PID PORT PATH LUA DURATION
  local name="$1" pid="$2" port="$3" path="$4" lua="$5" duration="$6"
  local before after m_before m_after
  before="$(cpu_ticks "$pid")"
  m_before="$(machine_ticks)"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --latency -s "$HERE/$lua" "http://127.0.0.1:$port$path" > "$OUT/$name.txt"
  after="$(cpu_ticks "$pid")"
  m_after="$(machine_ticks)"
  {
    echo "server_cpu_ticks $((after - before))"
    echo "clk_tck $(getconf CLK_TCK)"
    echo "machine_busy_ticks $(( ${m_after% *} - ${m_before% *} ))"
    echo "machine_total_ticks $(( ${m_after#* } - ${m_before#* } ))"
  } >> "$OUT/$name.txt"
  echo "  $name: $(grep -E '^rps ' "$OUT/$name.txt"), $(grep -E '^non201 ' "$OUT/$name.txt")" >&2
}

echo "results in $OUT, Steward data in $DATA" >&2
uptime | tee "$OUT/uptime-before.txt" >&2

"$BARE" "$BARE_PORT" > "$OUT/bare.log" 2>&1 &
BARE_PID=$!
"$STEWARD" serve --config "$CONFIG" --data-dir "$DATA" --port "$STEWARD_PORT" --no-auth --log-level warning > "$OUT/steward.log" 2>&1 &
STEWARD_PID=$!
wait_for "http://127.0.0.1:$BARE_PORT/"
wait_for "http://127.0.0.1:$STEWARD_PORT/readyz"
# One request each, so a wrong configuration fails here and not after a minute of load.
probe() {
  curl -s -o "$OUT/probe-$1.json" -w '%{http_code}' -H 'Content-Type: application/json' \
    -d '{"type":"bench_note","agent":"bench-agent","account":"acct-probe","params":{"note":"probe"}}' \
    "http://127.0.0.1:$2/v1/actions"
}
for target in "bare $BARE_PORT" "steward $STEWARD_PORT"; do
  set -- $target
  code="$(probe "$1" "$2")"
  if [[ "$code" != 201 ]]; then echo "$1 answered $code: $(cat "$OUT/probe-$1.json")" >&2; exit 1; fi
done

echo "warm-up, $WARMUP each" >&2
run_wrk warmup-bare "$BARE_PID" "$BARE_PORT" /v1/actions post_action.lua "$WARMUP"
run_wrk warmup-steward "$STEWARD_PID" "$STEWARD_PORT" /v1/actions post_action.lua "$WARMUP"
echo "measured, $DURATION each: bare, Steward, bare" >&2
run_wrk bare-1 "$BARE_PID" "$BARE_PORT" /v1/actions post_action.lua "$DURATION"
run_wrk steward "$STEWARD_PID" "$STEWARD_PORT" /v1/actions post_action.lua "$DURATION"
run_wrk bare-2 "$BARE_PID" "$BARE_PORT" /v1/actions post_action.lua "$DURATION"
if [[ "$EXTRA" == 1 ]]; then
  echo "comparison routes on Steward, $DURATION each" >&2
  run_wrk steward-annotations "$STEWARD_PID" "$STEWARD_PORT" /v1/annotations post_annotation.lua "$DURATION"
  run_wrk steward-healthz "$STEWARD_PID" "$STEWARD_PORT" /healthz get_health.lua "$DURATION"
fi
uptime | tee "$OUT/uptime-after.txt" >&2
curl -s "http://127.0.0.1:$STEWARD_PORT/metrics" > "$OUT/steward-metrics.txt" || true

# Stop Steward gracefully (SIGTERM finishes requests in flight and their commits), then check
# the ledger with nothing else holding the file.
kill -TERM "$STEWARD_PID"
wait "$STEWARD_PID" || true
STEWARD_PID=""
kill -TERM "$BARE_PID"
wait "$BARE_PID" 2>/dev/null || true
BARE_PID=""
if "$STEWARD" ledger verify --data-dir "$DATA" > "$OUT/verify.txt" 2>&1; then verified=ok; else verified=FAILED; fi
sqlite3 "$DATA/steward.sqlite" "SELECT kind, count(*) FROM ledger GROUP BY kind ORDER BY kind" > "$OUT/ledger-kinds.txt"
proposed="$(awk -F'|' '$1 == "action.proposed" {print $2}' "$OUT/ledger-kinds.txt")"
du -sh "$DATA" > "$OUT/data-size.txt"

python3 - "$OUT" "$verified" "${proposed:-0}" <<'PY'
import pathlib, sys
out, verified, proposed = pathlib.Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])

def read(name):
    path = out / f"{name}.txt"
    if not path.exists():
        return None
    values = {}
    for line in path.read_text().splitlines():
        parts = line.split()
        if len(parts) == 2:
            try:
                values[parts[0]] = float(parts[1])
            except ValueError:
                pass
    return values

runs = ["warmup-bare", "warmup-steward", "bare-1", "steward", "bare-2", "steward-annotations", "steward-healthz"]
data = {name: read(name) for name in runs}
print()
print(f"{'run':<22}{'req/s':>10}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'max ms':>9}{'non-201':>9}{'sock err':>9}{'srv CPU/req':>13}{'machine busy':>14}")
for name in runs:
    d = data[name]
    if d is None:
        continue
    errors = sum(d.get(k, 0) for k in ("errors_connect", "errors_read", "errors_write", "errors_timeout"))
    cpu_us = d["server_cpu_ticks"] / d["clk_tck"] * 1e6 / max(d["requests"], 1)
    busy = d["machine_busy_ticks"] / max(d["machine_total_ticks"], 1)
    print(f"{name:<22}{d['rps']:>10.0f}{d['p50_us']/1000:>9.2f}{d['p90_us']/1000:>9.2f}{d['p99_us']/1000:>9.2f}{d['max_us']/1000:>9.1f}"
          f"{int(d['non201']):>9}{int(errors):>9}{cpu_us:>10.0f} µs{busy:>13.0%}")
bare = [data[n]["rps"] for n in ("bare-1", "bare-2") if data[n]]
steward = data["steward"]
bare_mean = sum(bare) / len(bare)
ratio = steward["rps"] / bare_mean
print()
print(f"bare mean {bare_mean:.0f} req/s (runs {', '.join(f'{b:.0f}' for b in bare)}); Steward {steward['rps']:.0f} req/s")
print(f"ratio Steward/bare {ratio:.3f} (target >= 0.5: {'met' if ratio >= 0.5 else 'NOT met'}); "
      f"Steward p99 {steward['p99_us']/1000:.2f} ms (target <= 20 ms: {'met' if steward['p99_us'] <= 20000 else 'NOT met'})")
created = sum(int(data[n]["responses"] - data[n]["non201"]) for n in ("warmup-steward", "steward") if data[n]) + 1  # + the probe
bad = sum(int(data[n]["non201"]) for n in ("warmup-steward", "steward") if data[n])
print(f"Steward non-201 responses: {bad}; 201 responses to POST /v1/actions (probe, warm-up, run): {created}; "
      f"action.proposed entries in the ledger: {proposed} (difference {proposed - created}: requests cut off in flight when a wrk run ended)")
print(f"ledger verify: {verified}")
PY
cat "$OUT/verify.txt"
echo "ledger entries by kind:"; cat "$OUT/ledger-kinds.txt"
echo "Steward data: $(cat "$OUT/data-size.txt")"
grep -E '^steward_ledger_append_batch_size(_count|_sum)? ' "$OUT/steward-metrics.txt" || grep -E 'steward_ledger_append_batch_size' "$OUT/steward-metrics.txt" | head -20 || true
rm -rf "$DATA"
