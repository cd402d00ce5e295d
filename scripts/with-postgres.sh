#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL server:
#   scripts/with-postgres.sh swift test
# initdb into a fresh temporary directory, start on a free loopback port (the unix socket lives in
# that directory too), export STEWARD_TEST_POSTGRES_URL, run the command, then always stop the
# server and delete the directory. As root, initdb and pg_ctl run as the postgres user (initdb
# refuses root). Without PostgreSQL binaries the command runs without the variable, and the
# PostgreSQL tests report that they are skipped.
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGUMENT...]" >&2
    exit 64
fi

find_binaries() {
    local dir
    for dir in $(printf '%s' "${PATH}" | tr ':' ' ') $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -rn); do
        if [ -x "${dir}/initdb" ] && [ -x "${dir}/pg_ctl" ]; then
            printf '%s\n' "${dir}"
            return 0
        fi
    done
    return 1
}

if ! bin="$(find_binaries)"; then
    echo "with-postgres: PostgreSQL binaries not found; running without a server" >&2
    exec "$@"
fi

as_server_user() {
    if [ "$(id -u)" -eq 0 ]; then
        if command -v runuser >/dev/null 2>&1; then
            runuser -u postgres -- "$@"
        else
            setpriv --reuid=postgres --regid=postgres --init-groups "$@"
        fi
    else
        "$@"
    fi
}

free_port() {
    # A port the kernel just handed out; without python3, a random high one (a taken port is retried).
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' \
        2>/dev/null || echo $((20000 + RANDOM % 40000))
}

dir="$(mktemp -d "${TMPDIR:-/tmp}/steward-pg-XXXXXXXX")"
if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "${dir}"
fi
cleanup() {
    as_server_user "${bin}/pg_ctl" -D "${dir}/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "${dir}"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

as_server_user "${bin}/initdb" -D "${dir}/data" -U steward --auth=trust -E UTF8 --locale=C --no-sync \
    >"${dir}/initdb.log" 2>&1 || { cat "${dir}/initdb.log" >&2; exit 1; }

started=""
for _ in 1 2 3 4 5; do
    port="$(free_port)"
    if as_server_user "${bin}/pg_ctl" -D "${dir}/data" -l "${dir}/server.log" -w -t 60 \
        -o "-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null; then
        started=yes
        break
    fi
done
if [ -z "${started}" ]; then
    echo "with-postgres: the server did not start:" >&2
    tail -n 30 "${dir}/server.log" >&2 || true
    exit 1
fi

export STEWARD_TEST_POSTGRES_URL="postgres://steward@127.0.0.1:${port}/postgres?sslmode=disable"
echo "with-postgres: PostgreSQL $("${bin}/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:${port}" >&2
status=0
"$@" || status=$?
exit "${status}"
