#!/bin/bash
# journald-sandbox.sh — run a command against a private, throw-away systemd-journald and export what it logged.
#
# Usage (as root):  journald-sandbox.sh OUTDIR SECONDS COMMAND [ARG...]
#
# The script re-executes itself under `unshare --mount --propagation private --pid --fork --kill-child --mount-proc`,
# so everything below happens in a private mount and PID namespace:
#   1. tmpfs is mounted over /run/systemd/journal, /run/log and /var/log (the host's journal is never touched;
#      mount points that do not exist yet are created as empty directories first), and a sandbox journald.conf is
#      bind-mounted over /etc/systemd/journald.conf (volatile storage, no rate limit, no kmsg/syslog/wall/audit);
#   2. /lib/systemd/systemd-journald starts in the background; we wait (bounded) for its sockets;
#   3. COMMAND runs under `systemd-cat` (stdout and stderr are a journal stream) with JOURNAL_STREAM set to that
#      stream's DEV:INO, exactly as systemd does for a service with StandardError=journal; it is killed after SECONDS;
#   4. journald is told to sync (SIGRTMIN+1, acknowledged through /run/systemd/journal/synced), then stopped, and
#      `journalctl -o json` exports every entry.
# Results in OUTDIR: entries.json (journalctl -o json, one object per line), status (COMMAND's exit status; 124 when
# it timed out), journald.log (journald's own output). The script's exit status is non-zero only when the sandbox
# itself failed. The namespace's PID 1 is this script: if it dies (even by SIGKILL), the kernel kills everything in
# the namespace, journald included, and the private mounts disappear with it.
set -euo pipefail

if [ "${1:-}" != "--inner" ]; then
    if [ $# -lt 3 ]; then
        echo "usage: $0 OUTDIR SECONDS COMMAND [ARG...]" >&2
        exit 64
    fi
    [ "$(id -u)" = 0 ] || { echo "journald-sandbox: must run as root" >&2; exit 77; }
    # Overall bound: the command's own limit plus time for journald to start, sync and export.
    overall=$(( ${2%%.*} + 30 ))
    exec timeout --signal=KILL "$overall" \
        unshare --mount --propagation private --pid --fork --kill-child --mount-proc \
        /bin/bash "$0" --inner "$@"
fi
shift # --inner

outdir=$1
limit=$2
shift 2
mkdir -p "$outdir"
: >"$outdir/journald.log"

jpid=
cleanup() {
    if [ -n "$jpid" ] && kill -0 "$jpid" 2>/dev/null; then
        kill -KILL "$jpid" 2>/dev/null || true
    fi
}
trap cleanup EXIT
trap 'exit 143' TERM INT

fail() {
    echo "journald-sandbox: $*" >&2
    cat "$outdir/journald.log" >&2 || true
    exit 70
}

for dir in /run/systemd/journal /run/log /var/log; do
    mkdir -p "$dir"
    mount --no-mtab -t tmpfs -o mode=0755 tmpfs "$dir" || fail "cannot mount tmpfs on $dir"
done
# /var/log is now an empty tmpfs, so the config below is private to this namespace.
cat >/var/log/journald-sandbox.conf <<'CONF'
[Journal]
Storage=volatile
RateLimitIntervalSec=0
RateLimitBurst=0
ReadKMsg=no
ForwardToSyslog=no
ForwardToKMsg=no
ForwardToConsole=no
ForwardToWall=no
Audit=no
CONF
if [ -f /etc/systemd/journald.conf ]; then
    mount --no-mtab --bind /var/log/journald-sandbox.conf /etc/systemd/journald.conf || fail "cannot bind journald.conf"
fi

/lib/systemd/systemd-journald </dev/null >>"$outdir/journald.log" 2>&1 &
jpid=$!

ready=
for _ in $(seq 1 200); do
    if [ -S /run/systemd/journal/socket ] && [ -S /run/systemd/journal/stdout ]; then
        ready=1
        break
    fi
    kill -0 "$jpid" 2>/dev/null || fail "systemd-journald exited at start"
    sleep 0.05
done
[ -n "$ready" ] || fail "systemd-journald did not create its sockets within 10 s"

set +e
timeout --kill-after=2 "$limit" systemd-cat --identifier="${HERALD_SANDBOX_IDENTIFIER:-journald-sandbox}" \
    /bin/sh -c 'JOURNAL_STREAM=$(stat -L -c %d:%i /proc/self/fd/2) && export JOURNAL_STREAM && exec "$@"' \
    sh "$@"
status=$?
set -e
echo "$status" >"$outdir/status"

# Ask journald to write out everything it has received, and wait for its acknowledgement.
kill -s RTMIN+1 "$jpid" || fail "cannot signal systemd-journald"
synced=
for _ in $(seq 1 200); do
    if [ -e /run/systemd/journal/synced ]; then
        synced=1
        break
    fi
    sleep 0.05
done
[ -n "$synced" ] || fail "systemd-journald did not acknowledge the sync within 10 s"

kill -TERM "$jpid" 2>/dev/null || true
for _ in $(seq 1 100); do
    kill -0 "$jpid" 2>/dev/null || break
    sleep 0.05
done
cleanup
wait "$jpid" 2>/dev/null || true
jpid=

timeout 20 journalctl --directory=/run/log/journal -o json --no-pager >"$outdir/entries.json" \
    || fail "journalctl failed"
