#!/usr/bin/env bash
# Installs or uninstalls Herald. Called by `make install` / `make uninstall`, which pass the layout in the
# environment (see the top of the Makefile for what goes where); it can also be run by hand with the same
# variables. Nothing outside $DESTDIR is touched when DESTDIR is set.
#
#   scripts/install.sh install   RELEASE_BIN=DIR [GENERATE_MANUAL=TOOL] [GEN_DIR=DIR]
#   scripts/install.sh uninstall
#
# Layout variables (all absolute, DESTDIR is prepended): PREFIX BINDIR UNITDIR TMPFILESDIR SYSUSERSDIR MANDIR
# DATADIR. POST_INSTALL=yes|no|auto (auto: yes when DESTDIR is empty).
set -euo pipefail
cd "$(dirname "$0")/.."

action=${1:?usage: scripts/install.sh install|uninstall}
DESTDIR=${DESTDIR:-}
PREFIX=${PREFIX:-/usr/local}
BINDIR=${BINDIR:-$PREFIX/bin}
DATADIR=${DATADIR:-$PREFIX/share}
MANDIR=${MANDIR:-$DATADIR/man}
SYSCONFDIR=/etc   # fixed: heraldd, herald and the unit read /etc/herald/herald.toml
if [ "$PREFIX" = /usr ]; then systemd_base=/usr/lib; else systemd_base=/etc; fi
UNITDIR=${UNITDIR:-$systemd_base/systemd/system}
TMPFILESDIR=${TMPFILESDIR:-$systemd_base/tmpfiles.d}
SYSUSERSDIR=${SYSUSERSDIR:-$systemd_base/sysusers.d}
POST_INSTALL=${POST_INSTALL:-auto}
GEN_DIR=${GEN_DIR:-.build-gen}
if [ "$POST_INSTALL" = auto ]; then
    if [ -z "$DESTDIR" ]; then POST_INSTALL=yes; else POST_INSTALL=no; fi
fi

# What install puts, relative to DESTDIR (the sample configuration aside: uninstall never removes it).
bin_files=("$BINDIR/heraldd" "$BINDIR/herald")
unit_file="$UNITDIR/herald.service"
tmpfiles_file="$TMPFILESDIR/herald.conf"
sysusers_file="$SYSUSERSDIR/herald.conf"
man_files=("$MANDIR/man1/heraldd.1" "$MANDIR/man1/herald.1")
completion_files=(
    "$DATADIR/bash-completion/completions/herald"
    "$DATADIR/zsh/site-functions/_herald"
    "$DATADIR/fish/vendor_completions.d/herald.fish"
)
config_file="$SYSCONFDIR/herald/herald.toml"

say() { printf 'install: %s\n' "$*"; }
systemd_running() { [ -z "$DESTDIR" ] && [ -d /run/systemd/system ] && command -v systemctl >/dev/null; }

# Applies sysusers.d and tmpfiles.d for herald's files only, to / or to the staged tree.
post_install() {
    local root_args=()
    [ -n "$DESTDIR" ] && root_args=(--root="$DESTDIR")
    if ! command -v systemd-sysusers >/dev/null || ! command -v systemd-tmpfiles >/dev/null; then
        say "systemd-sysusers/systemd-tmpfiles not found: create user herald, group herald-submit and the spool" \
            "by hand (see $sysusers_file and $tmpfiles_file)"
        return 0
    fi
    if [ -n "$DESTDIR" ]; then mkdir -p "$DESTDIR$SYSCONFDIR"; fi
    say "systemd-sysusers ${root_args[*]} $sysusers_file"
    systemd-sysusers "${root_args[@]}" "$DESTDIR$sysusers_file"
    say "systemd-tmpfiles ${root_args[*]} --create $tmpfiles_file"
    systemd-tmpfiles "${root_args[@]}" --create "$DESTDIR$tmpfiles_file"
    if systemd_running; then
        say "systemctl daemon-reload"
        systemctl daemon-reload
    else
        say "systemd is not running here: no daemon-reload"
    fi
}

install_files() {
    local bin=${RELEASE_BIN:?RELEASE_BIN: the directory of the release build}
    for tool in heraldd herald; do
        [ -x "$bin/$tool" ] || { echo "install: $bin/$tool is missing: make release first" >&2; exit 1; }
    done

    # Binaries, stripped: the static release builds carry ~35 MB of symbols each.
    install -d -m 0755 "$DESTDIR$BINDIR"
    for tool in heraldd herald; do
        say "$DESTDIR$BINDIR/$tool"
        install -m 0755 "$bin/$tool" "$DESTDIR$BINDIR/$tool.new"
        if command -v strip >/dev/null; then strip "$DESTDIR$BINDIR/$tool.new"; fi
        mv -f "$DESTDIR$BINDIR/$tool.new" "$DESTDIR$BINDIR/$tool"
    done

    # The unit, its ExecStart= pointing at the installed daemon.
    install -d -m 0755 "$DESTDIR$UNITDIR" "$DESTDIR$TMPFILESDIR" "$DESTDIR$SYSUSERSDIR"
    say "$DESTDIR$unit_file (ExecStart=$BINDIR/heraldd)"
    sed "s|^ExecStart=/usr/local/bin/heraldd|ExecStart=$BINDIR/heraldd|" systemd/herald.service \
        > "$DESTDIR$unit_file.new"
    grep -q "^ExecStart=$BINDIR/heraldd " "$DESTDIR$unit_file.new" \
        || { echo "install: could not set ExecStart= in $unit_file" >&2; exit 1; }
    chmod 0644 "$DESTDIR$unit_file.new"
    mv -f "$DESTDIR$unit_file.new" "$DESTDIR$unit_file"
    say "$DESTDIR$tmpfiles_file"
    install -m 0644 systemd/herald.tmpfiles "$DESTDIR$tmpfiles_file"
    say "$DESTDIR$sysusers_file"
    install -m 0644 systemd/herald.sysusers "$DESTDIR$sysusers_file"

    # The sample configuration, never over an existing one. 0644: `herald submit` reads it as any user, and it
    # holds no secrets (those come through LoadCredential=).
    install -d -m 0755 "$DESTDIR$SYSCONFDIR/herald"
    if [ -e "$DESTDIR$config_file" ]; then
        say "$DESTDIR$config_file exists: kept as it is"
    else
        say "$DESTDIR$config_file (the sample)"
        install -m 0644 etc/herald/herald.toml "$DESTDIR$config_file"
    fi
    # Data beside it (audience curves, policy lists): files the administrator edits, so existing ones are kept.
    local data file
    for data in etc/herald/*/; do
        data=${data%/}
        install -d -m 0755 "$DESTDIR$SYSCONFDIR/herald/${data##*/}"
        for file in "$data"/*; do
            [ -f "$file" ] || continue
            if [ -e "$DESTDIR$SYSCONFDIR/herald/${data##*/}/${file##*/}" ]; then
                say "$DESTDIR$SYSCONFDIR/herald/${data##*/}/${file##*/} exists: kept as it is"
            else
                say "$DESTDIR$SYSCONFDIR/herald/${data##*/}/${file##*/}"
                install -m 0644 "$file" "$DESTDIR$SYSCONFDIR/herald/${data##*/}/${file##*/}"
            fi
        done
    done

    # Man pages from swift-argument-parser's generate-manual (built by make); none when it is unavailable.
    mkdir -p "$GEN_DIR/man" "$GEN_DIR/completions"
    local date
    date=$(git log -1 --format=%cs 2>/dev/null || date -u +%F)
    if [ -n "${GENERATE_MANUAL:-}" ] && [ -x "$GENERATE_MANUAL" ] \
        && "$GENERATE_MANUAL" "$bin/heraldd" --date "$date" --output-directory "$GEN_DIR/man" \
        && "$GENERATE_MANUAL" "$bin/herald" --date "$date" --output-directory "$GEN_DIR/man"; then
        install -d -m 0755 "$DESTDIR$MANDIR/man1"
        for page in heraldd.1 herald.1; do
            say "$DESTDIR$MANDIR/man1/$page"
            install -m 0644 "$GEN_DIR/man/$page" "$DESTDIR$MANDIR/man1/$page"
        done
    else
        say "no man pages: generate-manual did not build or run (or GENERATE_MANUAL=none)"
    fi

    # Shell completions, from the CLI itself.
    "$bin/herald" --generate-completion-script bash > "$GEN_DIR/completions/herald.bash"
    "$bin/herald" --generate-completion-script zsh > "$GEN_DIR/completions/_herald"
    "$bin/herald" --generate-completion-script fish > "$GEN_DIR/completions/herald.fish"
    local sources=(herald.bash _herald herald.fish) i
    for i in 0 1 2; do
        say "$DESTDIR${completion_files[$i]}"
        install -d -m 0755 "$DESTDIR$(dirname "${completion_files[$i]}")"
        install -m 0644 "$GEN_DIR/completions/${sources[$i]}" "$DESTDIR${completion_files[$i]}"
    done

    if [ "$POST_INSTALL" = yes ]; then post_install; fi
    if [ -z "$DESTDIR" ]; then
        say "done. Next: edit $config_file, then systemctl enable --now herald (README: Running as a service)"
    fi
}

uninstall_files() {
    if systemd_running && systemctl cat herald.service >/dev/null 2>&1; then
        say "systemctl disable --now herald.service"
        systemctl disable --now herald.service || true
    fi
    local file
    for file in "${bin_files[@]}" "$unit_file" "$tmpfiles_file" "$sysusers_file" "${man_files[@]}" \
        "${completion_files[@]}"; do
        if [ -e "$DESTDIR$file" ] || [ -L "$DESTDIR$file" ]; then
            say "removing $DESTDIR$file"
            rm -f "$DESTDIR$file"
        fi
    done
    if systemd_running; then systemctl daemon-reload; fi
    say "kept: $DESTDIR$SYSCONFDIR/herald/ (config, curves, lists), /var/lib/herald, /var/spool/herald, user herald and group herald-submit" \
        "(remove them by hand if you mean it)"
}

case "$action" in
    install) install_files ;;
    uninstall) uninstall_files ;;
    *) echo "usage: scripts/install.sh install|uninstall" >&2; exit 64 ;;
esac
