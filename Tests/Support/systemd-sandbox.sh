#!/bin/bash
# systemd-sandbox.sh — boot a real systemd as PID 1 in private namespaces, drive it from outside, throw it away.
#
# Usage (as root):
#   systemd-sandbox.sh selftest OUTDIR                boot, start a dummy unit, check isolation, tear down
#   systemd-sandbox.sh herald   OUTDIR BINDIR [REPO]  `make install` Herald (RELEASE_BIN=BINDIR, from REPO, default
#                                                     this script's repository) inside, then drive it: start, drop a
#                                                     post, reload (valid, broken, valid), herald submit as a member
#                                                     of herald-submit and as someone else, watchdog, stop
#
# Environment: HERALD_SYSD_TIMEOUT      hard bound on the whole run in seconds (default 170);
#              HERALD_SYSD_MAKE_INSTALL=0  install by hand (same layout) instead of `make install`;
#              HERALD_SYSD_MAKE_ARGS    extra arguments for `make install`;
#              HERALD_SYSD_WATCHDOG_DROPIN_EXTRA  extra lines for the watchdog step's drop-in (experiments);
#              HERALD_SYSD_HOLD=SECONDS keep the namespace up at the end of a herald run, for a look inside.
#
# Results in OUTDIR: `results` (key=value lines, `\n` and `\\` escaped; the Swift test SystemdServiceTests
# asserts on them), `transcript.log` (every command run inside, with its output), `journal.json` (the whole
# sandbox journal, `journalctl -o json`), `herald.log` (journalctl -u herald), `*.json` (journal excerpts per
# step), `make-install.log`, `inner.log` (the namespace set-up before systemd starts). Exit status: 0 when the
# sandbox worked (whatever the steps found: that is in `results`), 70 when the sandbox itself failed, 77 when it
# cannot run here.
#
# How it is kept from touching the host (the boot-time tmpfiles step of a careless systemd-in-a-namespace once
# emptied a host's /tmp):
#   * `unshare --pid --fork --mount --uts --ipc --net --cgroup --mount-proc`: own PID, mount, host name, IPC,
#     network (only `lo`) and cgroup namespaces. The cgroup namespace is rooted at a fresh child cgroup made for this
#     run (removed at the end), so systemd only ever creates cgroups below it.
#   * Inside, before anything else: `mount --make-rprivate /`. Then the new root is an overlay whose lower layer is
#     the host's root file system (read only, never written) and whose upper layer is a tmpfs: every write anyone
#     makes inside — /etc/passwd by systemd-sysusers, /usr/local by the install, /var/lib and /var/spool by Herald —
#     lands in that tmpfs and disappears with the namespace. On top of it tmpfs is mounted over /run, /tmp,
#     /var/tmp, /var/log, /var/lib/systemd, /etc/systemd/system and /etc/systemd/system.control; a minimal /dev
#     (null, zero, full, random, urandom, tty, a private devpts, /dev/console bound to /dev/null: no host
#     console, no /dev/kmsg, no watchdog device); sysfs read-only; cgroup2 (the namespace's subtree);
#     /proc/sys and /proc/sysrq-trigger read-only (so PID 1 cannot bump host sysctls such as fs.nr_open).
#     pivot_root into it, the host's mounts detached (privately).
#   * systemd starts with `--unit=herald-test.target`, a target of ours with DefaultDependencies=no that wants only
#     journald's sockets and service (and, in selftest, a dummy service). No default boot transaction: sysinit,
#     basic, timers, sockets, local-fs, swap, getty, multi-user … and the services that touch global state
#     (systemd-tmpfiles-setup/-clean, modules-load, sysctl, binfmt, timesyncd, random-seed, udev, pstore, …) are
#     masked in the private /etc/systemd/system, so even a unit with default dependencies cannot pull them in.
#     Every Herald unit gets a drop-in with DefaultDependencies=no. DefaultLimitCORE=0: no core dump handler runs.
#     `container=herald-sandbox` is set, so systemd behaves as in a container (no kernel command line, no kmsg);
#     it logs to the sandbox journal only (`--log-target=journal`).
#   * Driven from outside with nsenter (mount, UTS, IPC, net, PID namespaces, entered through descriptors opened
#     once, so a reused pid can never point nsenter at the host) + systemctl/journalctl; every wait is bounded; the
#     namespace is ended by SIGKILL to its PID 1 from outside, always (trap), and the whole run is under
#     `timeout -s KILL` with parent-death signals, so even if this script is killed the namespace dies.
#   * Afterwards the host is checked: marker files created in /tmp and /var/tmp before the boot (one new, one dated
#     40 days back) still exist, no process is left in the namespace, the cgroup is gone, host mounts, host name,
#     /etc/passwd, /etc/group, fs.file-max and fs.nr_open are unchanged. Results: `host.*` keys.
set -uo pipefail

SCRIPT=$(readlink -f "$0")
PATH_INSIDE=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# ----------------------------------------------------------------------------------------------------------------
# Inside the new namespaces, as their PID 1, before systemd: build the private root, then exec systemd.
# ----------------------------------------------------------------------------------------------------------------
if [ "${1:-}" = "--inner" ]; then
    set -e
    out=$2
    units=$3
    echo "inner: pid $$ in a new pid namespace"
    [ "$$" = 1 ] || { echo "inner: not PID 1" >&2; exit 70; }
    # First thing: nothing we mount may propagate to the host.
    mount --make-rprivate /
    # Scratch tmpfs (private to this namespace) for the overlay's upper layer.
    mount -t tmpfs -o mode=0700 herald-sandbox-scratch /run
    mkdir -p /run/upper /run/work /run/root
    mount -t overlay -o lowerdir=/,upperdir=/run/upper,workdir=/run/work herald-sandbox-root /run/root
    N=/run/root

    mount -t proc -o nosuid,nodev,noexec proc "$N/proc"
    for p in sys sysrq-trigger; do
        [ -e "$N/proc/$p" ] || continue
        mount --bind "$N/proc/$p" "$N/proc/$p"
        mount -o remount,bind,ro "$N/proc/$p"
    done
    mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$N/sys"
    mount -t cgroup2 -o nosuid,nodev,noexec cgroup2 "$N/sys/fs/cgroup"

    mount -t tmpfs -o mode=0755,nosuid herald-sandbox-dev "$N/dev"
    for d in null zero full random urandom tty; do
        touch "$N/dev/$d"
        mount --bind "/dev/$d" "$N/dev/$d"
    done
    mkdir -p "$N/dev/pts" "$N/dev/shm"
    mount -t devpts -o newinstance,ptmxmode=0666,mode=0620,gid=5 devpts "$N/dev/pts"
    ln -s pts/ptmx "$N/dev/ptmx"
    mount -t tmpfs -o mode=1777,nosuid,nodev herald-sandbox-shm "$N/dev/shm"
    ln -s /proc/self/fd "$N/dev/fd"
    ln -s /proc/self/fd/0 "$N/dev/stdin"
    ln -s /proc/self/fd/1 "$N/dev/stdout"
    ln -s /proc/self/fd/2 "$N/dev/stderr"
    touch "$N/dev/console"
    mount --bind /dev/null "$N/dev/console"

    # The places systemd (and the boot-time tmpfiles step) would write on a host: all fresh tmpfs.
    for spec in run:0755 tmp:1777 var/tmp:1777 var/log:0755 var/lib/systemd:0755 \
        etc/systemd/system:0755 etc/systemd/system.control:0755; do
        dir=${spec%%:*}
        mkdir -p "$N/$dir"
        mount -t tmpfs -o "mode=${spec##*:},nosuid,nodev" "herald-sandbox-${dir//\//-}" "$N/$dir"
    done

    # Units: our target, masks, drop-ins (prepared outside), all in the private /etc/systemd/system.
    cp -a "$units/." "$N/etc/systemd/system/"
    # journald: volatile, no rate limit, nothing read from or forwarded to the kernel/console/syslog.
    mkdir -p "$N/etc/systemd/journald.conf.d" "$N/etc/systemd/system.conf.d"
    cat >"$N/etc/systemd/journald.conf.d/zz-herald-sandbox.conf" <<'CONF'
[Journal]
Storage=volatile
RateLimitIntervalSec=0
RateLimitBurst=0
ReadKMsg=no
ForwardToSyslog=no
ForwardToKMsg=no
ForwardToConsole=no
ForwardToWall=no
CONF
    cat >"$N/etc/systemd/system.conf.d/zz-herald-sandbox.conf" <<'CONF'
[Manager]
RuntimeWatchdogSec=off
RebootWatchdogSec=off
KExecWatchdogSec=off
DefaultLimitCORE=0
DefaultTimeoutStartSec=30s
DefaultTimeoutStopSec=10s
DefaultRestartSec=500ms
CtrlAltDelBurstAction=none
CONF

    mkdir -p "$N/.herald-sandbox-oldroot"
    cd "$N"
    pivot_root . .herald-sandbox-oldroot
    cd /
    umount -l /.herald-sandbox-oldroot
    rmdir /.herald-sandbox-oldroot
    hostname herald-sandbox
    echo "inner: private root ready; exec systemd"
    exec env -i container=herald-sandbox TERM=dumb LANG=C.UTF-8 PATH="$PATH_INSIDE" \
        /lib/systemd/systemd --unit=herald-test.target --log-target=journal --log-level=info \
        --log-color=no --show-status=no </dev/console >/dev/console 2>&1
fi

# ----------------------------------------------------------------------------------------------------------------
# Outside (the host): set up, boot, drive, tear down, check.
# ----------------------------------------------------------------------------------------------------------------
mode=${1:-}
out=${2:-}
case "$mode" in
selftest) [ $# -ge 2 ] || mode= ;;
herald) [ $# -ge 3 ] || mode= ;;
*) mode= ;;
esac
if [ -z "$mode" ]; then
    echo "usage: $0 selftest OUTDIR | $0 herald OUTDIR BINDIR [REPO]" >&2
    exit 64
fi
bindir=${3:-}
repo=${4:-$(cd "$(dirname "$SCRIPT")/../.." && pwd)}

[ "$(id -u)" = 0 ] || { echo "systemd-sandbox: must run as root" >&2; exit 77; }
for tool in unshare nsenter setpriv timeout findmnt mount pivot_root pgrep tar systemctl journalctl; do
    command -v "$tool" >/dev/null || { echo "systemd-sandbox: $tool is missing" >&2; exit 77; }
done
[ -x /lib/systemd/systemd ] || { echo "systemd-sandbox: /lib/systemd/systemd is missing" >&2; exit 77; }
grep -qw overlay /proc/filesystems || { echo "systemd-sandbox: no overlayfs" >&2; exit 77; }

mkdir -p "$out"
out=$(cd "$out" && pwd)
results=$out/results
transcript=$out/transcript.log
: >"$results"
: >"$transcript"
: >"$out/inner.log"
hard_bound=${HERALD_SYSD_TIMEOUT:-170}
started_at=$(date +%s)

# key=value, one per line; backslash and newline escaped.
record() {
    local key=$1
    shift
    local value="$*"
    value=${value//\\/\\\\}
    value=${value//$'\n'/\\n}
    printf '%s=%s\n' "$key" "$value" >>"$results"
}
log() { printf '%s %s\n' "$(date +%T.%N | cut -c1-12)" "$*" >>"$transcript"; }
die() {
    log "SANDBOX FAILURE: $*"
    record sandbox.error "$*"
    echo "systemd-sandbox: $*" >&2
    exit 70
}

# ---- host state before ---------------------------------------------------------------------------------------
host_snapshot() {
    printf 'mounts=%s\n' "$(awk '{print $5}' /proc/1/mountinfo | sort | md5sum | cut -c1-32)"
    printf 'hostname=%s\n' "$(cat /proc/sys/kernel/hostname)"
    printf 'passwd=%s\n' "$(md5sum </etc/passwd | cut -c1-32)"
    printf 'group=%s\n' "$(md5sum </etc/group | cut -c1-32)"
    printf 'file_max=%s\n' "$(cat /proc/sys/fs/file-max)"
    printf 'nr_open=%s\n' "$(cat /proc/sys/fs/nr_open)"
}
before=$(host_snapshot)
markers=()
cg=
cg_home=

# ---- units prepared for the private /etc/systemd/system ------------------------------------------------------
units=$out/units
rm -rf "$units"
mkdir -p "$units"
wants="systemd-journald.socket systemd-journald-dev-log.socket systemd-journald.service"
[ "$mode" = selftest ] && wants="$wants sandbox-dummy.service"
cat >"$units/herald-test.target" <<EOF
[Unit]
Description=Herald systemd sandbox (no default boot transaction)
DefaultDependencies=no
AllowIsolate=yes
Wants=$wants
After=$wants
EOF
# Everything a default boot would pull in, and every service that changes global (host) state: masked.
for u in default.target sysinit.target basic.target sockets.target timers.target paths.target local-fs.target \
    local-fs-pre.target remote-fs.target swap.target getty.target multi-user.target graphical.target \
    rescue.target emergency.target cryptsetup.target integritysetup.target veritysetup.target \
    systemd-tmpfiles-setup.service systemd-tmpfiles-setup-dev.service systemd-tmpfiles-clean.service \
    systemd-tmpfiles-clean.timer systemd-modules-load.service systemd-sysctl.service systemd-binfmt.service \
    proc-sys-fs-binfmt_misc.automount proc-sys-fs-binfmt_misc.mount systemd-timesyncd.service \
    systemd-random-seed.service systemd-udevd.service systemd-udevd-control.socket systemd-udevd-kernel.socket \
    systemd-udev-trigger.service systemd-udev-settle.service systemd-remount-fs.service \
    systemd-fsck-root.service systemd-hwdb-update.service systemd-machine-id-commit.service \
    systemd-firstboot.service systemd-sysusers.service systemd-update-utmp.service systemd-pstore.service \
    kmod-static-nodes.service systemd-journald-audit.socket systemd-logind.service systemd-boot-system-token.service \
    systemd-boot-update.service systemd-pcrphase.service systemd-pcrphase-sysinit.service systemd-repart.service \
    systemd-growfs-root.service systemd-hibernate-resume.service getty@tty1.service console-getty.service \
    serial-getty@ttyS0.service sys-kernel-debug.mount sys-kernel-tracing.mount sys-kernel-config.mount \
    sys-fs-fuse-connections.mount dev-hugepages.mount ctrl-alt-del.target; do
    ln -s /dev/null "$units/$u"
done
cat >"$units/sandbox-dummy.service" <<'EOF'
[Unit]
Description=systemd-sandbox dummy service
DefaultDependencies=no
After=systemd-journald.socket

[Service]
Type=simple
ExecStart=/bin/sh -c 'echo "sandbox-dummy: hello from PID $$$$"; echo inside >/tmp/sandbox-dummy-was-here; exec sleep infinity'
EOF

# ---- boot ----------------------------------------------------------------------------------------------------
tpid=
init=
nsid=
fd_mnt= fd_pid= fd_uts= fd_ipc= fd_net=
teardown_done=
teardown() {
    [ -n "$teardown_done" ] && return
    teardown_done=1
    trap - EXIT INT TERM
    # Keep what systemd and journald knew (bounded), then SIGKILL the namespace's PID 1 from outside.
    if [ -n "$init" ] && [ -n "$nsid" ] && [ "$(readlink "/proc/$init/ns/pid" 2>/dev/null)" = "$nsid" ]; then
        sx -t 15 journalctl --no-pager -o json >"$out/journal.json" 2>/dev/null || true
        sx -t 10 systemctl list-units --all --no-pager --plain --no-legend >"$out/units.txt" 2>/dev/null || true
        # (checked again right before: the pid must still be the namespace's PID 1)
        [ "$(readlink "/proc/$init/ns/pid" 2>/dev/null)" = "$nsid" ] && kill -KILL "$init" 2>/dev/null
        log "teardown: SIGKILL to namespace PID 1 (host pid $init)"
    fi
    # Let go of the namespaces (the mount namespace lives as long as a descriptor refers to it).
    for fd in "$fd_mnt" "$fd_pid" "$fd_uts" "$fd_ipc" "$fd_net"; do [ -n "$fd" ] && exec {fd}<&-; done
    fd_mnt= fd_pid= fd_uts= fd_ipc= fd_net=
    [ -f "$cg/cgroup.kill" ] && echo 1 >"$cg/cgroup.kill" 2>/dev/null || true
    if [ -n "$tpid" ]; then
        for _ in $(seq 1 100); do kill -0 "$tpid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$tpid" 2>/dev/null || true
        wait "$tpid" 2>/dev/null || true
    fi
    # No process may be left in the namespace.
    local left=""
    if [ -n "$nsid" ]; then
        for _ in $(seq 1 100); do
            left=""
            for p in /proc/[0-9]*; do
                [ "$(readlink "$p/ns/pid" 2>/dev/null)" = "$nsid" ] && left="$left ${p#/proc/}:$(cat "$p/comm" 2>/dev/null)"
            done
            [ -z "$left" ] && break
            sleep 0.1
        done
    fi
    record host.leftover_processes "${left# }"
    # The cgroup subtree: wait until empty, then remove it (deepest first).
    if [ -d "$cg" ]; then
        for _ in $(seq 1 100); do grep -q '^populated 0' "$cg/cgroup.events" 2>/dev/null && break; sleep 0.1; done
        find "$cg" -depth -type d -exec rmdir {} + 2>/dev/null || true
    fi
    if [ -d "$cg" ]; then record host.cgroup_left "$cg"; else record host.cgroup_left ""; fi
    # The host: markers still there, nothing else changed.
    local missing=""
    for m in "${markers[@]}"; do [ -e "$m" ] || missing="$missing $m"; done
    record host.markers_missing "${missing# }"
    rm -f "${markers[@]}"
    local after
    after=$(host_snapshot)
    while IFS='=' read -r k v; do
        local b
        b=$(printf '%s\n' "$before" | sed -n "s/^$k=//p")
        record "host.$k.before" "$b"
        record "host.$k.after" "$v"
    done <<<"$after"
    record sandbox.seconds $(($(date +%s) - started_at))
    log "teardown done"
}
trap teardown EXIT
trap 'exit 143' INT TERM

for dir in /tmp /var/tmp; do
    fresh=$(mktemp "$dir/herald-sandbox-marker.XXXXXXXX") || die "cannot create a marker in $dir"
    old=$(mktemp "$dir/herald-sandbox-marker-old.XXXXXXXX") || die "cannot create a marker in $dir"
    touch -d '40 days ago' "$old"
    markers+=("$fresh" "$old")
done
record host.markers "${markers[*]}"

# ---- a cgroup for the namespace ------------------------------------------------------------------------------
cg_mount=$(findmnt -n -t cgroup2 -o TARGET | head -n 1)
cg_self=$(sed -n 's/^0:://p' /proc/self/cgroup)
[ -n "$cg_mount" ] && [ -n "$cg_self" ] || { echo "systemd-sandbox: no cgroup2 hierarchy" >&2; exit 77; }
cg_home=$cg_mount${cg_self%/}
cg=$cg_home/herald-sandbox.$$
mkdir "$cg" || die "cannot create cgroup $cg"
record sandbox.cgroup "$cg"

# Run a command inside the namespace (bounded): sx [-t SECONDS] COMMAND [ARG...]
sx() {
    local t=20
    if [ "$1" = -t ]; then t=$2; shift 2; fi
    [ -n "$fd_mnt" ] || return 125
    timeout -s KILL "$t" nsenter --mount=/proc/self/fd/$fd_mnt --uts=/proc/self/fd/$fd_uts \
        --ipc=/proc/self/fd/$fd_ipc --net=/proc/self/fd/$fd_net --pid=/proc/self/fd/$fd_pid -- \
        env -i PATH="$PATH_INSIDE" LANG=C.UTF-8 HOME=/root TERM=dumb SYSTEMD_PAGER=cat SYSTEMD_COLORS=0 \
        SYSTEMD_LOG_COLOR=0 "$@"
}
# Same, with the command and its output in the transcript; prints stdout; returns its status.
run() {
    local t=20
    if [ "$1" = -t ]; then t=$2; shift 2; fi
    local o e s
    o=$(sx -t "$t" "$@" 2>"$out/.stderr")
    s=$?
    e=$(cat "$out/.stderr")
    log "\$ $* -> $s"
    [ -n "$o" ] && printf '%s\n' "$o" | sed 's/^/    /' >>"$transcript"
    [ -n "$e" ] && printf '%s\n' "$e" | sed 's/^/    ! /' >>"$transcript"
    printf '%s' "$o"
    return $s
}
# Whether the namespace's PID 1 still runs.
alive() { [ "$(readlink "/proc/$init/ns/pid" 2>/dev/null)" = "$nsid" ]; }
# Poll until COMMAND succeeds or SECONDS pass: wait_for SECONDS COMMAND [ARG...]
wait_for() {
    local limit=$1
    shift
    local deadline=$(($(date +%s%N) / 1000000 + limit * 1000))
    while [ $(($(date +%s%N) / 1000000)) -lt "$deadline" ]; do
        "$@" && return 0
        [ -z "$nsid" ] || alive || die "the namespace ended unexpectedly (hard bound: $hard_bound s)"
        sleep 0.2
    done
    return 1
}

log "boot: cgroup $cg"
(
    echo "$BASHPID" >"$cg/cgroup.procs" || exit 70
    exec setpriv --pdeathsig KILL timeout -s KILL "$hard_bound" \
        setpriv --pdeathsig KILL \
        unshare --pid --fork --kill-child --mount --propagation private --uts --ipc --net --cgroup --mount-proc \
        /bin/bash "$SCRIPT" --inner "$out" "$units"
) >>"$out/inner.log" 2>&1 </dev/null &
tpid=$!

# The namespace's PID 1: the child of unshare, the child of timeout.
find_init() {
    local u c
    u=$(pgrep -P "$tpid" | head -n 1)
    [ -n "$u" ] || return 1
    c=$(pgrep -P "$u" | head -n 1)
    [ -n "$c" ] || return 1
    grep -q '^NSpid:.*[[:space:]]1$' "/proc/$c/status" 2>/dev/null || return 1
    init=$c
}
wait_for 10 find_init || die "the namespace's PID 1 did not appear within 10 s: $(cat "$out/inner.log")"
nsid=$(readlink "/proc/$init/ns/pid")
[ -n "$nsid" ] && [ "$nsid" != "$(readlink /proc/self/ns/pid)" ] &&
    [ "$(readlink "/proc/$init/ns/mnt")" != "$(readlink /proc/self/ns/mnt)" ] || die "host pid $init is not in new namespaces"
# From now on the namespaces are entered through these descriptors, never through the pid again: if PID 1 died and
# its pid were reused by a host process, nothing could be run on the host by mistake.
exec {fd_mnt}<"/proc/$init/ns/mnt" {fd_pid}<"/proc/$init/ns/pid" {fd_uts}<"/proc/$init/ns/uts" \
    {fd_ipc}<"/proc/$init/ns/ipc" {fd_net}<"/proc/$init/ns/net" || die "cannot open the namespaces of host pid $init"
record sandbox.init_host_pid "$init"
record sandbox.pidns "$nsid"
log "boot: namespace PID 1 is host pid $init ($nsid)"

# Once systemd runs in there, timeout/unshare go back to where they came from: the namespace's cgroup is systemd's.
booted() { [ "$(cat "/proc/$init/comm" 2>/dev/null)" = systemd ]; }
wait_for 15 booted || die "systemd did not start as PID 1 within 15 s: $(cat "$out/inner.log")"
for p in $(pgrep -P "$tpid") "$tpid"; do echo "$p" >"$cg_home/cgroup.procs" 2>/dev/null || true; done

bus_up() { [ -S "/proc/$init/root/run/systemd/private" ] && sx -t 5 systemctl is-system-running >/dev/null 2>&1 ||
    [ "$(sx -t 5 systemctl is-system-running 2>/dev/null)" != "" ]; }
wait_for 30 bus_up || die "systemd's bus did not answer within 30 s"
target_up() { [ "$(sx -t 5 systemctl is-active herald-test.target 2>/dev/null)" = active ]; }
wait_for 30 target_up || die "herald-test.target did not become active within 30 s"
journal_up() { [ "$(sx -t 5 systemctl is-active systemd-journald.service 2>/dev/null)" = active ]; }
wait_for 15 journal_up || die "systemd-journald did not become active within 15 s"
record boot.seconds $(($(date +%s) - started_at))
record boot.system_state "$(run -t 5 systemctl is-system-running)"
record boot.version "$(run -t 5 systemctl --version | head -n 1)"
record boot.virtualization "$(run -t 5 systemd-detect-virt)"
record boot.tmp_fstype "$(run -t 5 stat -f -c %T /tmp)"
record boot.var_tmp_fstype "$(run -t 5 stat -f -c %T /var/tmp)"
record boot.root_fstype "$(run -t 5 findmnt -n -o FSTYPE /)"
record boot.etc_systemd_system_fstype "$(run -t 5 stat -f -c %T /etc/systemd/system)"
record boot.active_services "$(run -t 10 systemctl list-units --type=service --state=active,activating,failed --plain --no-legend --no-pager | awk '{print $1}' | tr '\n' ' ')"
record boot.failed_units "$(run -t 10 systemctl list-units --state=failed --plain --no-legend --no-pager | awk '{print $1}' | tr '\n' ' ')"
record boot.tmpfiles_setup "$(run -t 5 systemctl show -p ActiveState,LoadState --value systemd-tmpfiles-setup.service | tr '\n' ' ')"
# The host's markers must not be visible inside (its /tmp is a fresh tmpfs).
visible=""
for m in "${markers[@]}"; do run -t 5 test -e "$m" && visible="$visible $m"; done
record boot.host_markers_visible_inside "${visible# }"

# Journal cursor helpers.
cursor() { sx -t 10 journalctl -q -n 1 -o export 2>/dev/null | sed -n 's/^__CURSOR=//p'; }
# journal FILE [journalctl args...]: saves -o json lines to OUTDIR/FILE, prints their count.
journal() {
    local file=$1
    shift
    sx -t 15 journalctl -q --no-pager -o json "$@" >"$out/$file" 2>/dev/null
    grep -c . "$out/$file" || true
}
field() { grep -o "\"$1\":\"[^\"]*\"" | head -n 1 | sed 's/^[^:]*:"//; s/"$//'; }

# ================================================================================================================
if [ "$mode" = selftest ]; then
    dummy_up() { [ "$(sx -t 5 systemctl is-active sandbox-dummy.service 2>/dev/null)" = active ]; }
    wait_for 15 dummy_up
    record dummy.active_state "$(run -t 5 systemctl show -p ActiveState --value sandbox-dummy.service)"
    record dummy.main_pid "$(run -t 5 systemctl show -p MainPID --value sandbox-dummy.service)"
    hello() { [ "$(journal dummy.json -u sandbox-dummy.service -g hello)" -ge 1 ] 2>/dev/null; }
    wait_for 10 hello
    record dummy.journal_hello "$(journal dummy.json -u sandbox-dummy.service -g hello)"
    record dummy.inside_file "$(run -t 5 cat /tmp/sandbox-dummy-was-here)"
    record dummy.inside_file_on_host "$([ -e /tmp/sandbox-dummy-was-here ] && echo yes || echo no)"
    run -t 15 systemctl stop sandbox-dummy.service >/dev/null
    record dummy.after_stop "$(run -t 5 systemctl show -p ActiveState --value sandbox-dummy.service)"
    record selftest.done 1
    exit 0
fi

# ================================================================================================================
# Herald.
[ -x "$bindir/heraldd" ] && [ -x "$bindir/herald" ] || die "no heraldd/herald in $bindir"
# The binaries and the files `make install` reads are copied into the namespace first (its /tmp and /run are
# private, so a BINDIR or repository there would not be visible), to /run/herald-sandbox/{bin,src}.
sx -t 10 mkdir -p /run/herald-sandbox/bin /run/herald-sandbox/src || die "cannot prepare /run/herald-sandbox"
tar -C "$bindir" -cf - heraldd herald | sx -t 30 tar -C /run/herald-sandbox/bin -xf - ||
    die "cannot copy heraldd and herald into the namespace"
(cd "$repo" && tar -cf - Makefile scripts systemd etc 2>/dev/null) | sx -t 30 tar -C /run/herald-sandbox/src -xf -
install_method=
if [ "${HERALD_SYSD_MAKE_INSTALL:-1}" != 0 ] && grep -q '^install:' "$repo/Makefile" 2>/dev/null; then
    # The real thing, inside: `make install` with the default PREFIX and DESTDIR, so it also runs its post-install
    # step (systemd-sysusers, systemd-tmpfiles --create, systemctl daemon-reload) against the sandbox's systemd.
    # RELEASE_BIN: the binaries under test; SWIFT=false: no build at all (the test runs under `swift test`, which
    # holds the build directory's lock), so man pages are skipped.
    # shellcheck disable=SC2086
    sx -t 90 make -C /run/herald-sandbox/src install RELEASE_BIN=/run/herald-sandbox/bin SWIFT=false \
        ${HERALD_SYSD_MAKE_ARGS:-} >"$out/make-install.log" 2>&1
    st=$?
    record install.make_exit "$st"
    [ "$st" = 0 ] && install_method=make
    record install.make_output "$(tail -n 30 "$out/make-install.log")"
    log "\$ make install RELEASE_BIN=/run/herald-sandbox/bin SWIFT=false -> $st"
    sed 's/^/    /' "$out/make-install.log" >>"$transcript"
fi
if [ -z "$install_method" ]; then
    # No `make install` (yet): by hand, the same layout (PREFIX=/usr/local: /usr/local/bin, /etc/systemd/system,
    # /etc/sysusers.d, /etc/tmpfiles.d), from systemd/ when there, else stand-ins written here.
    install_method=hand
    run -t 30 sh -s >/dev/null <<'EOS'
set -e
src=/run/herald-sandbox/src
mkdir -p /usr/local/bin /etc/systemd/system /etc/sysusers.d /etc/tmpfiles.d /etc/herald
install -m 0755 /run/herald-sandbox/bin/heraldd /run/herald-sandbox/bin/herald /usr/local/bin/
if [ -f $src/systemd/herald.service ]; then
    sed 's|@BINDIR@|/usr/local/bin|g' $src/systemd/herald.service >/etc/systemd/system/herald.service
elif [ -f $src/systemd/herald.service.in ]; then
    sed 's|@BINDIR@|/usr/local/bin|g' $src/systemd/herald.service.in >/etc/systemd/system/herald.service
else
    cat >/etc/systemd/system/herald.service <<'UNIT'
# Test-only stand-in for systemd/herald.service (written by Tests/Support/systemd-sandbox.sh).
[Unit]
Description=Herald social-media publisher (sandbox stand-in unit)
[Service]
Type=notify
NotifyAccess=main
ExecStart=/usr/local/bin/heraldd --config /etc/herald/herald.toml
ExecReload=/bin/kill -HUP $MAINPID
WatchdogSec=30s
Restart=on-failure
User=herald
Group=herald
SupplementaryGroups=herald-submit
StateDirectory=herald
ReadWritePaths=/var/spool/herald
ProtectSystem=strict
PrivateTmp=yes
NoNewPrivileges=yes
UNIT
fi
if [ -f $src/systemd/herald.sysusers ]; then cp $src/systemd/herald.sysusers /etc/sysusers.d/herald.conf
else printf '%s\n' 'u herald - "Herald" /var/lib/herald' 'g herald-submit -' >/etc/sysusers.d/herald.conf; fi
if [ -f $src/systemd/herald.tmpfiles ]; then cp $src/systemd/herald.tmpfiles /etc/tmpfiles.d/herald.conf
else printf '%s\n' 'd /var/spool/herald 0755 herald herald -' \
    'd /var/spool/herald/incoming 3730 herald herald-submit -' \
    'd /var/spool/herald/rejected 2750 herald herald-submit -' >/etc/tmpfiles.d/herald.conf; fi
# Wherever the unit expects heraldd, put it there too.
exe=$(sed -n 's/^ExecStart=[-@:+!]*\([^ ]*\).*/\1/p' /etc/systemd/system/herald.service | head -n 1)
if [ -n "$exe" ] && [ ! -e "$exe" ]; then mkdir -p "$(dirname "$exe")"; install -m 0755 /run/herald-sandbox/bin/heraldd "$exe"; fi
systemd-sysusers /etc/sysusers.d/herald.conf
systemd-tmpfiles --create /etc/tmpfiles.d/herald.conf
EOS
    record install.hand_exit $?
fi
record install.method "$install_method"
run -t 20 systemctl daemon-reload >/dev/null
unit_file=$(run -t 5 systemctl show -p FragmentPath --value herald.service)
record install.unit_file "$unit_file"
record install.files "$(run -t 10 sh -c 'ls -1d /usr/local/bin/heraldd /usr/local/bin/herald /etc/systemd/system/herald.service \
    /etc/sysusers.d/herald.conf /etc/tmpfiles.d/herald.conf /etc/herald/herald.toml \
    /usr/local/share/man/man1/herald* /usr/local/share/bash-completion/completions/herald \
    /usr/local/share/zsh/site-functions/_herald /usr/local/share/fish/vendor_completions.d/herald.fish 2>/dev/null' | tr '\n' ' ')"
[ -n "$unit_file" ] || die "the install has no herald.service"
log "installed by $install_method: unit $unit_file"

# Test users, inside only (the namespace's /etc/passwd is in the overlay): alice is in herald-submit, bob is not.
run -t 20 systemd-sysusers --inline \
    'u herald-alice - "Herald sandbox, member of herald-submit"' \
    'u herald-bob - "Herald sandbox, not a member"' \
    'm herald-alice herald-submit' >/dev/null
record users.herald "$(run -t 5 id herald)"
record users.alice "$(run -t 5 id herald-alice)"
record users.bob "$(run -t 5 id herald-bob)"
record users.host_has_alice "$(grep -q '^herald-alice:' /etc/passwd && echo yes || echo no)"
record spool.layout "$(run -t 5 stat -c '%n %A %U:%G' /var/spool/herald /var/spool/herald/incoming /var/spool/herald/rejected)"

# Configuration: an outbox account in UTC; a second one (news) comes with the valid reload.
config_text() {
    printf '[daemon]\nspool = "/var/spool/herald"\nstate = "/var/lib/herald"\ndefault_account = "brand"\n'
    printf 'max_lateness = "15m"\n\n[[accounts]]\nname = "brand"\nnetwork = "outbox"\ncounts_as = "x"\n'
    printf 'time_zone = "UTC"\n'
    if [ "${1:-}" = news ]; then
        printf '\n[[accounts]]\nname = "news"\nnetwork = "outbox"\ncounts_as = "x"\ntime_zone = "UTC"\n'
    fi
}
write_config() { # write_config TEXT: in place (keeps an installed file's owner and mode), else a new 0644 file
    printf '%s' "$1" | sx -t 10 sh -c 'mkdir -p /etc/herald && if [ -e /etc/herald/herald.toml ]; then
        cat >/etc/herald/herald.toml; else umask 022; cat >/etc/herald/herald.toml; fi'
}
write_config "$(config_text)"
record config.mode "$(run -t 5 stat -c '%A %U:%G' /etc/herald/herald.toml)"

# Drop-in for the sandbox: no default dependencies (no sysinit.target and what it pulls in).
dropins=/etc/systemd/system/herald.service.d
# Plus an observer: every end of the main process is appended to /run/herald-sandbox-exits (SERVICE_RESULT,
# EXIT_CODE, EXIT_STATUS, as systemd passes them to ExecStopPost=; `+`: outside the unit's sandbox). systemctl show
# cannot tell afterwards: a stopped unit is garbage-collected and forgets its exit status.
printf '%s\n' '[Unit]' 'DefaultDependencies=no' '[Service]' \
    'ExecStopPost=+/bin/sh -c '"'"'echo "$$SERVICE_RESULT $$EXIT_CODE $$EXIT_STATUS" >>/run/herald-sandbox-exits'"'" |
    sx -t 10 sh -c "mkdir -p $dropins && cat >$dropins/10-sandbox.conf"
record unit.sandbox_dropin "$(run -t 5 cat $dropins/10-sandbox.conf)"
run -t 20 systemctl daemon-reload >/dev/null
record unit.load_state "$(run -t 5 systemctl show -p LoadState --value herald.service)"
record unit.fragment "$(run -t 5 systemctl show -p FragmentPath --value herald.service)"
record unit.restart "$(run -t 5 systemctl show -p Restart --value herald.service)"
record unit.type "$(run -t 5 systemctl show -p Type --value herald.service)"
record unit.watchdog_usec "$(run -t 5 systemctl show -p WatchdogUSec --value herald.service)"
record unit.user "$(run -t 5 systemctl show -p User --value herald.service)"
record unit.verify "$(sx -t 30 systemd-analyze verify "$unit_file" 2>&1)"
record unit.verify_exit "$(sx -t 30 systemd-analyze verify "$unit_file" >/dev/null 2>&1; echo $?)"

show() { sx -t 10 systemctl show -p "$1" --value herald.service 2>/dev/null; }
props() { # props PREFIX: records the usual properties under PREFIX.*
    local p
    for p in ActiveState SubState StatusText MainPID NRestarts Result ExecMainCode ExecMainStatus; do
        record "$1.${p}" "$(show "$p")"
    done
}
published_count() { journal "$1" -u herald.service HERALD_EVENT=published; }
wait_published() { # wait_published FILE N [MATCH...]: until N published events (matching) exist
    local file=$1 n=$2
    shift 2
    local c
    c=$(journal "$file" -u herald.service HERALD_EVENT=published "$@")
    [ "${c:-0}" -ge "$n" ]
}
drop_post() { # drop_post NAME ACCOUNT TEXT: as root, hidden name then rename
    printf 'Account: %s\nAt: now\n\n%s\n' "$2" "$3" | sx -t 10 sh -c \
        "cat >/var/spool/herald/incoming/.$1.tmp && mv /var/spool/herald/incoming/.$1.tmp /var/spool/herald/incoming/$1"
}

# ---- start ---------------------------------------------------------------------------------------------------
run -t 40 systemctl start herald.service >/dev/null
record start.exit $?
active() { [ "$(show ActiveState)" = active ] && [ "$(show SubState)" = running ]; }
wait_for 10 active
props start
record start.journal_ready "$(journal start-ready.json -u herald.service -g 'ready')"
pid0=$(show MainPID)

# ---- a post dropped into incoming/ is published --------------------------------------------------------------
drop_post sandbox-1.post brand "Hello from the systemd sandbox"
wait_for 20 wait_published publish.json 1 HERALD_ACCOUNT=brand
record publish.count "$(journal publish.json -u herald.service HERALD_EVENT=published HERALD_ACCOUNT=brand)"
record publish.file publish.json
record publish.post_id "$(field HERALD_POST_ID <"$out/publish.json")"
record publish.account "$(field HERALD_ACCOUNT <"$out/publish.json")"
record publish.outbox "$(run -t 5 sh -c 'ls /var/lib/herald/outbox/brand 2>/dev/null' | tr '\n' ' ')"
sleep 0.5
record publish.status_text "$(show StatusText)"

# ---- reload with a valid configuration (adds the account `news`) --------------------------------------------
c=$(cursor)
write_config "$(config_text news)"
run -t 30 systemctl reload herald.service >/dev/null
record reload_ok.exit $?
settled() { [ "$(show ActiveState)" = active ] && [ "$(show SubState)" = running ]; }
wait_for 10 settled
props reload_ok
journal reload-ok.json -u herald.service --after-cursor="$c" >/dev/null
record reload_ok.file reload-ok.json
drop_post sandbox-news.post news "Hello from the news account after a reload"
wait_for 20 wait_published publish-news.json 1 HERALD_ACCOUNT=news
record reload_ok.news_published "$(journal publish-news.json -u herald.service HERALD_EVENT=published HERALD_ACCOUNT=news)"
record reload_ok.main_pid_unchanged "$([ "$(show MainPID)" = "$pid0" ] && echo yes || echo no)"

# ---- reload with a broken configuration: the old one keeps running -------------------------------------------
c=$(cursor)
write_config "$(config_text news)
[[accounts]
name = 'broken
"
run -t 30 systemctl reload herald.service >/dev/null
record reload_bad.exit $?
degraded() { case "$(show StatusText)" in *degraded* | *eload*) return 0 ;; *) return 1 ;; esac; }
wait_for 10 degraded
props reload_bad
record reload_bad.main_pid_unchanged "$([ "$(show MainPID)" = "$pid0" ] && echo yes || echo no)"
# Everything since the reload, filtered here: journalctl 252 often returns nothing for -p combined with
# --after-cursor.
herald_errors() { journal reload-bad.json --after-cursor="$c" >/dev/null
    grep '"_SYSTEMD_UNIT":"herald.service"' "$out/reload-bad.json" | grep -c '"PRIORITY":"[0-3]"' || true; }
errors_logged() { [ "$(herald_errors)" -ge 1 ]; }
wait_for 5 errors_logged
record reload_bad.errors "$(herald_errors)"
record reload_bad.file reload-bad.json
drop_post sandbox-news-2.post news "Still publishing with the old configuration"
wait_for 20 wait_published publish-news.json 2 HERALD_ACCOUNT=news
record reload_bad.old_config_publishes "$(journal publish-news.json -u herald.service HERALD_EVENT=published HERALD_ACCOUNT=news)"
# …and a good configuration again clears the degraded status.
write_config "$(config_text news)"
run -t 30 systemctl reload herald.service >/dev/null
notdegraded() { ! degraded && settled; }
wait_for 10 notdegraded
record reload_fixed.status_text "$(show StatusText)"
record reload_fixed.active_state "$(show ActiveState)"

# ---- herald submit: a member of herald-submit can, anyone else cannot ----------------------------------------
post='At: now\n\nSubmitted by a member of herald-submit\n'
sx -t 10 sh -c "printf '$post' >/tmp/alice.post && printf '$post' >/tmp/bob.post && chmod 0644 /tmp/alice.post /tmp/bob.post"
before_alice=$(published_count submit-all.json)
submit_as() { # submit_as USER FILE PREFIX
    local o s
    o=$(sx -t 20 setpriv --reuid="$1" --regid="$1" --init-groups -- \
        /usr/local/bin/herald submit --config /etc/herald/herald.toml "$2" 2>"$out/.submit-stderr")
    s=$?
    log "submit as $1: exit $s: $o $(cat "$out/.submit-stderr")"
    record "$3.exit" "$s"
    record "$3.stdout" "$o"
    record "$3.stderr" "$(cat "$out/.submit-stderr")"
}
submit_as herald-alice /tmp/alice.post submit_alice
submit_as herald-bob /tmp/bob.post submit_bob
wait_for 20 wait_published submit-all.json $((before_alice + 1))
record submit_alice.published "$(($(published_count submit-all.json) - before_alice))"
record submit.incoming_listing_as_alice "$(sx -t 10 setpriv --reuid=herald-alice --regid=herald-alice --init-groups -- ls /var/spool/herald/incoming 2>&1 | head -n 1)"

# ---- the watchdog: a stalled loop gets the service killed and restarted --------------------------------------
c=$(cursor)
# Test speed only: a short watchdog, a quick restart; the debug hook; no core dump. Nothing else is overridden.
printf '[Service]\nWatchdogSec=2s\nRestartSec=500ms\nEnvironment=HERALD_DEBUG_STALL_SIGNAL=1\nLimitCORE=0\n%b\n' \
    "${HERALD_SYSD_WATCHDOG_DROPIN_EXTRA:-}" | sx -t 10 sh -c "cat >$dropins/20-sandbox-watchdog.conf"
record watchdog.dropin "$(run -t 5 cat $dropins/20-sandbox-watchdog.conf)"
run -t 20 systemctl daemon-reload >/dev/null
run -t 40 systemctl restart herald.service >/dev/null
wait_for 10 active
pid1=$(show MainPID)
restarts1=$(show NRestarts)
record watchdog.usec "$(show WatchdogUSec)"
# Healthy: WATCHDOG=1 keeps coming, nothing happens for 3 × WatchdogSec.
sleep 6
record watchdog.healthy_same_pid "$([ "$(show MainPID)" = "$pid1" ] && echo yes || echo no)"
record watchdog.healthy_nrestarts "$(( $(show NRestarts) - restarts1 ))"
c=$(cursor)
run -t 10 systemctl kill --kill-who=main --signal=SIGUSR2 herald.service >/dev/null
restarted() { local p; p=$(show MainPID); [ -n "$p" ] && [ "$p" != 0 ] && [ "$p" != "$pid1" ] && active; }
wait_for 20 restarted
record watchdog.new_main_pid "$([ "$(show MainPID)" != "$pid1" ] && echo yes || echo no)"
record watchdog.nrestarts "$(( $(show NRestarts) - restarts1 ))"
props watchdog
journal watchdog.json -u herald.service --after-cursor="$c" >/dev/null
record watchdog.timeout_logged "$(grep -c 'Watchdog timeout' "$out/watchdog.json" || true)"
record watchdog.sigabrt_logged "$(grep -c 'SIGABRT' "$out/watchdog.json" || true)"
# The Swift runtime's crash handler (swift-backtrace) catches SIGABRT unless SWIFT_BACKTRACE=enable=no.
record watchdog.backtracer_logged "$(grep -c 'Backtracing\|swift-backtrace' "$out/watchdog.json" || true)"
record watchdog.result_logged "$(grep -o "Failed with result '[a-z-]*'" "$out/watchdog.json" | head -n 1)"
record watchdog.file watchdog.json
record watchdog.exits "$(run -t 5 cat /run/herald-sandbox-exits)"

# ---- stop: a clean exit --------------------------------------------------------------------------------------
# Independent of how the watchdog step went: if heraldd is not up and running, kill what is left and start afresh.
if ! active; then
    record stop.recovered yes
    run -t 10 systemctl kill --signal=SIGKILL herald.service >/dev/null
    not_deactivating() { case "$(show ActiveState)" in deactivating) return 1 ;; *) return 0 ;; esac; }
    wait_for 10 not_deactivating
    run -t 10 systemctl reset-failed herald.service >/dev/null
    run -t 40 systemctl start herald.service >/dev/null
    wait_for 10 active
fi
c=$(cursor)
run -t 25 systemctl stop herald.service >/dev/null
record stop.exit $?
props stop
journal stop.json -u herald.service --after-cursor="$c" >/dev/null
record stop.file stop.json
record stop.exits "$(run -t 5 cat /run/herald-sandbox-exits)"
record stop.last_exit "$(run -t 5 tail -n 1 /run/herald-sandbox-exits)"

sx -t 15 journalctl -u herald.service --no-pager -o short-precise >"$out/herald.log" 2>/dev/null || true
record herald.done 1
# Debugging: HERALD_SYSD_HOLD=SECONDS keeps the namespace up that long (nsenter -t INIT -m -u -i -n -p to look in).
if [ -n "${HERALD_SYSD_HOLD:-}" ]; then
    echo "systemd-sandbox: holding for $HERALD_SYSD_HOLD s; namespace PID 1 is host pid $init" >&2
    sleep "$HERALD_SYSD_HOLD"
fi
exit 0
