#!/usr/bin/env bash
# The whole test run, as README and CI call it:
#   scripts/test.sh
# 1. builds Steward and its tests,
# 2. runs the Swift test suites beside a throwaway PostgreSQL server (scripts/with-postgres.sh), so
#    the store contract runs against SQLite and PostgreSQL,
# 3. runs the CEL conformance corpus through `steward expr cases` with the public driver,
# 4. runs the Python end-to-end tests in Tests/e2e (OpenAPI validation, live server checks).
# Exits non-zero if any part fails; the last line is the combined "N passed, N failed" count.
set -uo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
shared="${STEWARD_SHARED:-${root}/../shared}"
status=0
passed=0
failed=0
skipped=0

count() {  # count PASSED FAILED SKIPPED from a closing line "N passed, N failed[, N skipped]"
    local line="$1"
    local p f s
    p=$(printf '%s' "$line" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+' | head -1)
    f=$(printf '%s' "$line" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+' | head -1)
    s=$(printf '%s' "$line" | grep -oE '[0-9]+ skipped' | grep -oE '[0-9]+' | head -1)
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
}

echo "== build"
swift build --build-tests || exit 1

echo "== swift test (SQLite and PostgreSQL)"
# A crash's backtrace without the image and register lists, so its frames fit where CI shows them.
export SWIFT_BACKTRACE="${SWIFT_BACKTRACE:-images=none,registers=none}"
log="$(mktemp)"
scripts/with-postgres.sh swift test --skip-build 2>&1 | tee "$log"
if [ "${PIPESTATUS[0]}" -ne 0 ]; then status=1; fi
line=$(grep -E "Test run with [0-9]+ tests?" "$log" | tail -1)
tests=$(printf '%s' "$line" | grep -oE 'with [0-9]+ tests?' | grep -oE '[0-9]+')
issues=$(printf '%s' "$line" | grep -oE '[0-9]+ issues?' | grep -oE '[0-9]+')
if printf '%s' "$line" | grep -q "passed"; then passed=$((passed + ${tests:-0})); else failed=$((failed + ${issues:-1})); status=1; fi
if [ -z "$line" ]; then
    # The test process died, and its backtrace buries the cause: keep the tests that started and
    # never finished, and the crashed thread's first frames, for the end of the run where CI shows them.
    sed -nE '/◇ Test (case |run started)/d; s/.*◇ Test (.*) started\.$/\1/p' "$log" | sort > "${log}.started"
    sed -nE 's/.*(✔|✘) Test (.*) (passed|failed) after .*/\2/p' "$log" | sed -E 's/ with [0-9]+ test cases?$//' | sort > "${log}.ended"
    crash="$(
        echo "== swift test died without a summary. Tests started and never finished:"
        comm -23 "${log}.started" "${log}.ended" | head -12 | sed 's/^/   /'
        grep -m3 -E 'Fatal error|Program crashed|Assertion failed|Precondition failed' "$log"
        grep -m1 -A20 -E 'Thread [0-9]+( "[^"]*")? crashed' "$log"
    )"
    printf '%s\n' "$crash"
    rm -f "${log}.started" "${log}.ended"
fi
rm -f "$log"

steward="$(swift build --show-bin-path)/steward"
if [ -f "${shared}/conformance/cel/public.json" ] && "$steward" expr --help >/dev/null 2>&1; then
    echo "== CEL conformance (${shared}/conformance/cel/public.json)"
    out="$(python3 "${shared}/conformance/cel/tools/run_suite.py" --timeout 10 "${shared}/conformance/cel/public.json" -- "$steward" expr cases 2>&1)"
    printf '%s\n' "$out" | tail -5
    line="$(printf '%s\n' "$out" | grep -E '[0-9]+ passed, [0-9]+ failed' | tail -1)"
    count "$line"
    f=$(printf '%s' "$line" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+')
    if [ -z "$line" ] || [ "${f:-1}" -ne 0 ]; then status=1; fi
else
    echo "== CEL conformance: corpus at ${shared}/conformance/cel or 'steward expr' missing"
    status=1
fi

if [ -d Tests/e2e ]; then
    echo "== end-to-end tests (pytest)"
    out="$(STEWARD_BIN="$steward" python3 -m pytest -q Tests/e2e 2>&1)"
    printf '%s\n' "$out" | tail -15
    line="$(printf '%s\n' "$out" | grep -E '[0-9]+ (passed|failed)' | tail -1)"
    count "$line"
    if printf '%s' "$line" | grep -qE '[0-9]+ failed|error' || [ -z "$line" ]; then status=1; fi
fi

echo
if [ -n "${crash:-}" ]; then printf '%s\n' "$crash"; fi
echo "all: ${passed} passed, ${failed} failed, ${skipped} skipped"
exit $status
