#!/usr/bin/env bash
# The tests' own Python (make test-deps; part of make test): a virtual environment, .build/test-venv unless --venv
# says otherwise, holding exactly Tests/Support/fakes/requirements.txt, for the fake network servers. make test
# hands its interpreter to the tests as HERALD_TEST_PYTHON.
#
#  - nothing to do when VENV/bin/python3 runs and VENV/requirements.installed (the copy written after the last
#    install) equals the requirements file: a second run installs nothing;
#  - otherwise VENV is created afresh with `python3 -m venv` and the requirements are installed with its pip
#    (from PyPI, or pip's configured index);
#  - no python3, or no venv module (Debian's python3 without python3-venv): installed with apt-get when root,
#    otherwise it fails saying what to install.
#
#   scripts/test-deps.sh [--venv DIR]
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.build/test-venv
requirements=Tests/Support/fakes/requirements.txt
while [ $# -gt 0 ]; do
    case "$1" in
        --venv) venv=$2; shift 2 ;;
        *) echo "usage: scripts/test-deps.sh [--venv DIR]" >&2; exit 64 ;;
    esac
done
stamp=$venv/requirements.installed

fail() { printf 'test-deps: %s\n' "$*" >&2; exit 1; }

if "$venv/bin/python3" -c 'import sys' >/dev/null 2>&1 && cmp -s "$requirements" "$stamp"; then
    echo "test-deps: $venv is up to date with $requirements"
    exit 0
fi

can_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; }

apt_install() {
    echo "test-deps: installing $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1 ||
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null)
}

if ! command -v python3 >/dev/null; then
    can_apt || fail "python3 is missing: sudo apt-get install python3 python3-venv"
    apt_install python3 python3-venv
fi

# Only a virtual environment (or nothing) is ever removed: --venv must not name a directory with other things in it.
if [ -e "$venv" ] && [ ! -e "$venv/pyvenv.cfg" ] && [ -n "$(ls -A "$venv" 2>/dev/null)" ]; then
    fail "$venv exists and is not a virtual environment (no pyvenv.cfg): not replacing it"
fi

# Creates $venv afresh; on failure, says why on stderr and leaves no half-made environment behind.
create_venv() {
    rm -rf "$venv"
    mkdir -p "$(dirname "$venv")"
    python3 -m venv "$venv" || { rm -rf "$venv"; return 1; }
}

echo "test-deps: creating $venv"
if ! said=$(create_venv 2>&1); then
    if can_apt; then
        apt_install python3-venv
        create_venv || fail "python3 -m venv $venv failed even with python3-venv installed (see above)"
    else
        printf '%s\n' "$said" | sed 's/^/test-deps: python3 -m venv: /' >&2
        fail "python3 -m venv does not work here: sudo apt-get install python3-venv (Debian, Ubuntu)"
    fi
fi

echo "test-deps: installing $requirements into $venv"
"$venv/bin/python3" -m pip install --quiet --disable-pip-version-check --no-input -r "$requirements" ||
    fail "pip could not install $requirements into $venv (see above)"
cp "$requirements" "$stamp"
