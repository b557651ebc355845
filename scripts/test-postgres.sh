#!/usr/bin/env bash
# The tests' own PostgreSQL (make test starts it before the Swift tests and stops it after): a private cluster in
# DIR/cluster (.build/test-postgres unless --dir says otherwise), created afresh at each start, listening on
# 127.0.0.1 at a free port and on a unix socket beside it, with fsync off (test data only). Password authentication (SCRAM) is
# required on TCP, so the tests go through the same credentials path as a real deployment.
#
#   scripts/test-postgres.sh start [--dir DIR]   prints the admin URL (no password in it) on stdout; the password
#                                                is in DIR/password (mode 0600)
#   scripts/test-postgres.sh stop [--dir DIR]    stops it (immediate shutdown) and removes DIR's cluster
#
# Needs Debian's postgresql package (initdb, pg_ctl): installed with apt-get when root, otherwise it fails saying
# what to install. As root the server runs as the package's `postgres` user (PostgreSQL refuses root); when that
# user cannot reach DIR, the cluster lives in a /tmp/herald-test-postgres.XXXXXX of its own, removed by stop.
set -euo pipefail
cd "$(dirname "$0")/.."

action=${1:-}
shift || true
dir=.build/test-postgres
while [ $# -gt 0 ]; do
    case "$1" in
        --dir) dir=$2; shift 2 ;;
        *) echo "usage: scripts/test-postgres.sh start|stop [--dir DIR]" >&2; exit 64 ;;
    esac
done
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

fail() { printf 'test-postgres: %s\n' "$*" >&2; exit 1; }

bindir() {
    local found
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -z "$found" ] && command -v pg_config >/dev/null; then found=$(pg_config --bindir); fi
    [ -n "$found" ] && [ -x "$found/initdb" ] && echo "$found"
}

as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The cluster's own directory: DIR/cluster, or (when PostgreSQL's user cannot reach DIR, e.g. under /root) a
# directory under /tmp named in DIR/cluster-dir.
cluster() {
    if [ -f "$dir/cluster-dir" ]; then cat "$dir/cluster-dir"; else echo "$dir/cluster"; fi
}

stop() {
    local bin where
    bin=$(bindir) || return 0
    where=$(cluster)
    if [ -f "$where/data/postmaster.pid" ]; then
        as_owner "$bin/pg_ctl" -D "$where/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    case "$where" in
        "$dir/cluster") rm -rf "$where" ;;
        /tmp/herald-test-postgres.*) rm -rf "$where" ;;
    esac
    rm -f "$dir/cluster-dir"
}

case "$action" in
    start) ;;
    stop) stop; exit 0 ;;
    *) echo "usage: scripts/test-postgres.sh start|stop [--dir DIR]" >&2; exit 64 ;;
esac

if ! bin=$(bindir); then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "test-postgres: installing postgresql" >&2
        (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null 2>&1 ||
            (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null)) ||
            fail "apt-get install postgresql failed"
        bin=$(bindir) || fail "postgresql installed but no initdb under /usr/lib/postgresql/*/bin"
    else
        fail "PostgreSQL's server programs (initdb, pg_ctl) are missing: sudo apt-get install postgresql"
    fi
fi
if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    fail "running as root needs the postgres user (Debian's postgresql package creates it)"
fi

stop
where=$dir/cluster
mkdir -p "$where"
if [ "$(id -u)" = 0 ]; then
    chown postgres: "$where"
    if ! runuser -u postgres -- test -w "$where"; then
        rmdir "$where"
        where=$(mktemp -d /tmp/herald-test-postgres.XXXXXX)
        chown postgres: "$where"
        echo "$where" > "$dir/cluster-dir"
    fi
fi
mkdir -p "$where/data" "$where/socket"
chmod 0700 "$where/data"
if [ "$(id -u)" = 0 ]; then chown postgres: "$where/data" "$where/socket"; fi
password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
umask 077
printf '%s\n' "$password" > "$dir/password"
printf '%s\n' "$password" > "$where/initdb.pw"
if [ "$(id -u)" = 0 ]; then chown postgres: "$where/initdb.pw"; fi
as_owner "$bin/initdb" -D "$where/data" -U herald --pwfile="$where/initdb.pw" --auth-local=trust \
    --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; fail "initdb failed"; }
rm -f "$where/initdb.pw"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_owner "$bin/pg_ctl" -D "$where/data" -l "$where/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $where/socket -c fsync=off -c synchronous_commit=off \
        -c full_page_writes=off -c max_connections=300 -c shared_buffers=64MB" start >/dev/null ||
    { cat "$where/server.log" >&2; fail "the server did not start"; }
echo "postgres://herald@127.0.0.1:$port/herald" > "$dir/url"
as_owner "$bin/psql" -h "$where/socket" -p "$port" -U herald -d postgres -qc 'CREATE DATABASE herald' >/dev/null
cat "$dir/url"
