#!/usr/bin/env bash
# Checks the files under systemd/ without a running systemd (make check-unit; part of make test):
#
#  1. exposure: `systemd-analyze security --offline=true systemd/herald.service` must score MAX_EXPOSURE (1.5)
#     or lower;
#  2. verify:   `systemd-analyze verify` on a copy of the unit whose ExecStart= is the heraldd just built (verify
#     wants the binary to exist); any complaint about the unit fails;
#  3. layout (root only): systemd-sysusers and systemd-tmpfiles --create with herald.sysusers/herald.tmpfiles
#     into a scratch root, the spool's modes and owners, and what they promise, tried with real uids: a member of
#     herald-submit can `herald submit` and cannot list incoming/ nor rename or delete another member's file;
#     someone outside the group cannot submit; the daemon's user reads, unlinks and rejects what members drop.
#
#   scripts/check-unit.sh --heraldd PATH --herald PATH
set -euo pipefail
cd "$(dirname "$0")/.."

MAX_EXPOSURE=${MAX_EXPOSURE:-1.5}
heraldd="" herald=""
while [ $# -gt 0 ]; do
    case "$1" in
        --heraldd) heraldd=$2; shift 2 ;;
        --herald) herald=$2; shift 2 ;;
        *) echo "usage: scripts/check-unit.sh --heraldd PATH --herald PATH" >&2; exit 64 ;;
    esac
done
[ -x "$heraldd" ] && [ -x "$herald" ] || { echo "check-unit: --heraldd and --herald must be built binaries" >&2; exit 64; }
heraldd=$(realpath "$heraldd") herald=$(realpath "$herald")

fail() { printf 'check-unit: FAIL: %s\n' "$*" >&2; exit 1; }
ok() { printf 'check-unit: ok: %s\n' "$*"; }

# systemd-analyze, -tmpfiles and -sysusers come with the systemd package (no running systemd needed).
if ! command -v systemd-analyze >/dev/null || ! command -v systemd-tmpfiles >/dev/null \
    || ! command -v systemd-sysusers >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "check-unit: installing systemd (for systemd-analyze, systemd-tmpfiles, systemd-sysusers)"
        apt-get install -y -qq systemd >/dev/null 2>&1 \
            || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq systemd >/dev/null)
    else
        fail "systemd-analyze is missing: sudo apt-get install systemd"
    fi
fi

scratch=$(mktemp -d /tmp/herald-check-unit.XXXXXX)
trap 'rm -rf "$scratch"' EXIT

# 1. Exposure.
security=$(systemd-analyze security --offline=true systemd/herald.service 2>&1) \
    || fail "systemd-analyze security failed:"$'\n'"$security"
overall=$(printf '%s\n' "$security" | sed -n 's/.*Overall exposure level for herald\.service: \([0-9.]*\).*/\1/p')
[ -n "$overall" ] || fail "no 'Overall exposure level' line in:"$'\n'"$security"
printf '%s\n' "$security" | grep '✗' | sed 's/^/    /' || true
if awk -v s="$overall" -v m="$MAX_EXPOSURE" 'BEGIN { exit !(s + 0 <= m + 0) }'; then
    ok "systemd-analyze security --offline=true systemd/herald.service: $overall (at most $MAX_EXPOSURE)"
else
    fail "exposure level $overall is above $MAX_EXPOSURE"
fi

# 2. Verify, with ExecStart= on the binary just built (the installed unit gets $(BINDIR)/heraldd the same way).
mkdir -p "$scratch/unit"
sed "s|^ExecStart=/usr/local/bin/heraldd|ExecStart=$heraldd|" systemd/herald.service > "$scratch/unit/herald.service"
grep -q "^ExecStart=$heraldd " "$scratch/unit/herald.service" || fail "ExecStart= is not /usr/local/bin/heraldd …"
set +e
verify=$(systemd-analyze verify --man=no "$scratch/unit/herald.service" 2>&1)
status=$?
set -e
complaints=$(printf '%s\n' "$verify" | grep -i 'herald' || true)
if [ "$status" -ne 0 ] || [ -n "$complaints" ]; then
    fail "systemd-analyze verify (exit $status):"$'\n'"$verify"
fi
[ -z "$verify" ] || printf 'check-unit: verify said, about other units:\n%s\n' "$verify"
ok "systemd-analyze verify herald.service (ExecStart=$heraldd): no complaints"

# 3. Layout.
if [ "$(id -u)" != 0 ]; then
    echo "check-unit: skipped the sysusers/tmpfiles layout check (needs root)"
    exit 0
fi
root=$scratch/root
mkdir -p "$root/etc"
chmod 0755 "$scratch" "$root"
systemd-sysusers --root="$root" "$PWD/systemd/herald.sysusers" >/dev/null 2>&1 \
    || fail "systemd-sysusers: $(systemd-sysusers --root="$root" "$PWD/systemd/herald.sysusers" 2>&1)"
tmpfiles=$(systemd-tmpfiles --root="$root" --create "$PWD/systemd/herald.tmpfiles" 2>&1) \
    || fail "systemd-tmpfiles --create:"$'\n'"$tmpfiles"
[ -z "$tmpfiles" ] || fail "systemd-tmpfiles complained:"$'\n'"$tmpfiles"
uid_herald=$(awk -F: '$1 == "herald" { print $3 }' "$root/etc/passwd")
gid_herald=$(awk -F: '$1 == "herald" { print $3 }' "$root/etc/group")
gid_submit=$(awk -F: '$1 == "herald-submit" { print $3 }' "$root/etc/group")
[ -n "$uid_herald" ] && [ -n "$gid_herald" ] && [ -n "$gid_submit" ] \
    || fail "sysusers did not create herald and herald-submit"
spool=$root/var/spool/herald
expect() {  # path mode uid gid
    local got
    got=$(stat -c '%a %u %g' "$root$1")
    [ "$got" = "$2 $3 $4" ] || fail "$1 is '$got' (mode uid gid), expected '$2 $3 $4'"
}
expect /var/spool/herald 755 "$uid_herald" "$gid_herald"
expect /var/spool/herald/incoming 3730 "$uid_herald" "$gid_submit"
expect /var/spool/herald/rejected 2750 "$uid_herald" "$gid_submit"
expect /var/spool/herald/replies 2750 "$uid_herald" "$gid_submit"
expect /etc/herald/credentials 700 0 0
ok "sysusers + tmpfiles: herald=$uid_herald, herald-submit=$gid_submit; incoming 3730, rejected and replies 2750, credentials 0700"

# Run as people: alice and bob in herald-submit, eve outside it, and the daemon's user as herald.service runs it.
alice=(setpriv --reuid=61001 --regid=61001 --groups="$gid_submit" --inh-caps=-all)
bob=(setpriv --reuid=61002 --regid=61002 --groups="$gid_submit" --inh-caps=-all)
eve=(setpriv --reuid=61003 --regid=61003 --clear-groups --inh-caps=-all)
daemon=(setpriv --reuid="$uid_herald" --regid="$gid_herald" --groups="$gid_submit" --inh-caps=-all)
as() { local -n who=$1; shift; (cd "$scratch" && env -i PATH=/usr/bin:/bin HOME=/ "${who[@]}" "$@"); }
# Copies they can reach whatever the checkout's permissions.
install -m 0755 "$herald" "$scratch/herald"
install -m 0644 etc/herald/herald.toml "$scratch/herald.toml"
printf 'At: now\n\nHello from a member of herald-submit\n' > "$scratch/hello.post"
chmod 0644 "$scratch/hello.post"
submit=("$scratch/herald" submit --config "$scratch/herald.toml" --spool "$spool")

out=$(as alice "${submit[@]}" "$scratch/hello.post" 2>&1) || fail "herald submit as a member of herald-submit: $out"
name=${out#submitted }
[ -f "$spool/incoming/$name" ] || fail "herald submit said '$out' but incoming/$name is not there"
[ "$(stat -c '%a %u %g' "$spool/incoming/$name")" = "644 61001 $gid_submit" ] \
    || fail "incoming/$name is $(stat -c '%a %u %g' "$spool/incoming/$name"), expected 644 61001 $gid_submit"
ok "a member of herald-submit can herald submit (incoming/$name: 0644, group herald-submit)"

as alice ls "$spool/incoming" >/dev/null 2>&1 && fail "a member can list incoming/"
as bob mv "$spool/incoming/$name" "$spool/incoming/stolen.post" 2>/dev/null && fail "a member renamed another's file"
as bob rm -f "$spool/incoming/$name" 2>/dev/null || true
[ -f "$spool/incoming/$name" ] || fail "a member deleted another's file"
as bob sh -c "echo replaced > '$spool/incoming/$name'" 2>/dev/null && fail "a member overwrote another's file"
ok "members cannot list incoming/, nor rename, delete or overwrite each other's files"

out=$(as eve "${submit[@]}" "$scratch/hello.post" 2>&1) && fail "herald submit outside herald-submit succeeded: $out"
ok "someone outside herald-submit cannot submit ($(printf '%s' "$out" | head -n 1))"

# A file copied in with a private umask (0640) is still the daemon's to read, through the setgid group.
as bob sh -c "umask 027; cat > '$spool/incoming/bob.post'" < "$scratch/hello.post"
[ "$(stat -c '%a %g' "$spool/incoming/bob.post")" = "640 $gid_submit" ] || fail "bob.post is not 0640 herald-submit"
as daemon cat "$spool/incoming/bob.post" >/dev/null || fail "the daemon's user cannot read a 0640 member file"
as daemon ls "$spool/incoming" >/dev/null || fail "the daemon's user cannot list incoming/"
as daemon rm -f "$spool/incoming/$name" || fail "the daemon's user cannot unlink a member's file"
as daemon sh -c "umask 027; echo reason > '$spool/rejected/bob.post.error'; mv '$spool/incoming/bob.post' '$spool/rejected/'" \
    || fail "the daemon's user cannot move a member's file to rejected/"
as bob cat "$spool/rejected/bob.post.error" >/dev/null || fail "a member cannot read rejected/NAME.error"
as eve ls "$spool/rejected" >/dev/null 2>&1 && fail "someone outside herald-submit can list rejected/"
ok "the daemon's user reads (0640 via the group), unlinks and rejects; members read rejected/*.error, others not"
