# Herald — build, run, test, benchmark and install. See README.md ("Running as a service" for install).
SWIFT       ?= swift
CONFIG      ?= etc/herald/herald.toml
RUN_DIR     ?= $(CURDIR)/.run
PREFIX      ?= /usr/local
DESTDIR     ?=
SWIFT_FLAGS ?=
TEST_VENV   ?= $(CURDIR)/.build/test-venv

# make install / make uninstall: what goes where. Every path is a variable (override on the command line) and
# DESTDIR is prepended to each; the unit's ExecStart= becomes $(BINDIR)/heraldd.
#
#   what                                   PREFIX=/usr/local (default)                   PREFIX=/usr
#   heraldd, herald (stripped release)     BINDIR      /usr/local/bin                    /usr/bin
#   systemd/herald.service                 UNITDIR     /etc/systemd/system               /usr/lib/systemd/system
#   systemd/herald.tmpfiles  → herald.conf TMPFILESDIR /etc/tmpfiles.d                   /usr/lib/tmpfiles.d
#   systemd/herald.sysusers  → herald.conf SYSUSERSDIR /etc/sysusers.d                   /usr/lib/sysusers.d
#   heraldd.1, herald.1                    MANDIR/man1 /usr/local/share/man/man1         /usr/share/man/man1
#   completions: bash-completion/completions/herald, zsh/site-functions/_herald, fish/vendor_completions.d/herald.fish
#                                          DATADIR     /usr/local/share                  /usr/share
#   etc/herald/herald.toml (the sample)    /etc/herald/herald.toml, only when there is none: never overwritten
#   etc/herald/policy/* (word lists, terms) /etc/herald/policy/, each only when there is none: never overwritten
#
# POST_INSTALL (auto: yes when DESTDIR is empty, else no): after copying, run systemd-sysusers and
# systemd-tmpfiles --create on herald's two files (user herald, group herald-submit, /var/spool/herald) and, when
# systemd is running, systemctl daemon-reload. POST_INSTALL=yes with a DESTDIR applies sysusers and tmpfiles to
# that tree instead (--root=$(DESTDIR)); POST_INSTALL=no copies files only. `make uninstall` (same variables)
# removes what install copied; never the configuration, the state, the spool, the user or the group.
#
#   make release && sudo make install          the usual; then: systemctl enable --now herald
#   make install DESTDIR=/tmp/stage            staged: touches nothing outside /tmp/stage, runs nothing
#   make install RELEASE_BIN=.build/debug      install these binaries instead of building the release ones, and
#                                              no man pages unless GENERATE_MANUAL=PATH: no swift command at all
SYSTEMD_BASE = $(if $(filter /usr,$(PREFIX)),/usr/lib,/etc)
BINDIR       ?= $(PREFIX)/bin
DATADIR      ?= $(PREFIX)/share
MANDIR       ?= $(DATADIR)/man
UNITDIR      ?= $(SYSTEMD_BASE)/systemd/system
TMPFILESDIR  ?= $(SYSTEMD_BASE)/tmpfiles.d
SYSUSERSDIR  ?= $(SYSTEMD_BASE)/sysusers.d
POST_INSTALL ?= auto
RELEASE_BIN  ?=
GENERATE_MANUAL ?=
GEN_DIR      ?= $(CURDIR)/.build-gen

.PHONY: all build release run test test-deps deps bench clean install uninstall check-unit

all: build

# System packages the build needs (libsystemd-dev for CSystemd). Installs them when it can (root + apt-get),
# otherwise says what is missing.
deps:
	@if ! pkg-config --exists libsystemd 2>/dev/null; then \
	    if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	        echo "make: installing libsystemd-dev"; \
	        (apt-get install -y -qq libsystemd-dev pkg-config >/dev/null 2>&1 || \
	         (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libsystemd-dev pkg-config)); \
	    else \
	        echo "make: libsystemd-dev is missing: sudo apt-get install libsystemd-dev pkg-config" >&2; exit 1; \
	    fi; \
	fi

build: deps
	$(SWIFT) build $(SWIFT_FLAGS)

# Release builds link the Swift runtime and Foundation statically: fewer shared pages to map keeps an idle
# daemon's resident memory under 30 MB.
RELEASE_FLAGS ?= -c release --static-swift-stdlib

release: deps
	$(SWIFT) build $(RELEASE_FLAGS) $(SWIFT_FLAGS)

# Runs heraldd in the foreground on ./.run with the sample configuration (an outbox account).
run: build
	@mkdir -p $(RUN_DIR)/spool $(RUN_DIR)/state
	@echo "heraldd: drop post files into $(RUN_DIR)/spool/incoming/"
	@echo "         published statuses appear in $(RUN_DIR)/state/outbox/brand/"
	@echo "         try: printf 'At: now\n\nHello from Herald\n' > $(RUN_DIR)/spool/incoming/hello.post"
	exec $$($(SWIFT) build $(SWIFT_FLAGS) --show-bin-path)/heraldd --config $(CONFIG) \
	    --spool $(RUN_DIR)/spool --state $(RUN_DIR)/state

# The tests' own Python for the fake network servers: a virtual environment holding the exact pins of
# Tests/Support/fakes/requirements.txt (in TEST_VENV), recreated only when that file changes. See
# scripts/test-deps.sh.
test-deps:
	scripts/test-deps.sh --venv "$(TEST_VENV)"

# Builds everything and runs every test (Swift Testing) with the fakes run by $(TEST_VENV)/bin/python3
# (HERALD_TEST_PYTHON) and a private PostgreSQL in $(TEST_PG_DIR) (HERALD_TEST_POSTGRES: its URL;
# HERALD_TEST_POSTGRES_PASSWORD: the file holding its password), started for the run and stopped after it, pass
# or fail (scripts/test-postgres.sh). The store's tests then run a second time with HERALD_TEST_STORE=postgres:
# every store operation on PostgreSQL too. A test whose dependencies are missing fails; only tests that need root
# say they were skipped. The unit checks (check-unit) run first.
TEST_PG_DIR ?= $(CURDIR)/.build/test-postgres

test: deps test-deps check-unit
	$(SWIFT) build --build-tests $(SWIFT_FLAGS)
	@url=$$(scripts/test-postgres.sh start --dir "$(TEST_PG_DIR)") || exit 1; \
	export HERALD_TEST_PYTHON="$(abspath $(TEST_VENV))/bin/python3" HERALD_TEST_POSTGRES="$$url" \
	    HERALD_TEST_POSTGRES_PASSWORD="$(TEST_PG_DIR)/password"; \
	$(SWIFT) test --skip-build $(SWIFT_FLAGS) && \
	echo "make test: the store's tests again, on PostgreSQL" && \
	HERALD_TEST_STORE=postgres $(SWIFT) test --skip-build $(SWIFT_FLAGS) --filter HeraldStoreTests; status=$$?; \
	scripts/test-postgres.sh stop --dir "$(TEST_PG_DIR)"; exit $$status

# Benchmarks on a release build; prints figures (no pass/fail). The planner's figures come from herald-bench, a
# bench-only binary (Sources/herald-bench) that install leaves out.
bench: release
	$(SWIFT) build $(RELEASE_FLAGS) $(SWIFT_FLAGS) --product herald-bench
	python3 scripts/bench.py --bin $$($(SWIFT) build $(RELEASE_FLAGS) $(SWIFT_FLAGS) --show-bin-path)

# systemd/herald.service: exposure (systemd-analyze security --offline=true) at most 1.5, systemd-analyze verify
# clean, and as root the sysusers/tmpfiles spool layout tried with real uids. See scripts/check-unit.sh.
check-unit: build
	B=$$($(SWIFT) build $(SWIFT_FLAGS) --show-bin-path) && \
	    scripts/check-unit.sh --heraldd "$$B/heraldd" --herald "$$B/herald"

# Release binaries, unit, tmpfiles, sysusers, sample configuration, man pages, completions: see the table at the
# top. Man pages come from swift-argument-parser's generate-manual tool (built in debug, run on the release
# binaries); when it does not build, install goes on without them.
# RELEASE_BIN=DIR installs the heraldd and herald found in DIR instead (no release build), e.g. a debug build;
# GENERATE_MANUAL=PATH uses that generate-manual tool (none: no man pages). With both, install runs no swift at all.
install: $(if $(RELEASE_BIN),deps,release)
	@GM="$(GENERATE_MANUAL)"; \
	if [ -z "$$GM" ] && [ -n "$(RELEASE_BIN)" ]; then GM=none; fi; \
	if [ -z "$$GM" ] && $(SWIFT) build $(SWIFT_FLAGS) --product generate-manual >/dev/null 2>&1; then \
	    GM="$$($(SWIFT) build $(SWIFT_FLAGS) --show-bin-path)/generate-manual"; \
	fi; \
	RELEASE_BIN="$(or $(RELEASE_BIN),$$($(SWIFT) build $(RELEASE_FLAGS) $(SWIFT_FLAGS) --show-bin-path))" \
	GENERATE_MANUAL="$$GM" \
	GEN_DIR="$(GEN_DIR)" DESTDIR="$(DESTDIR)" PREFIX="$(PREFIX)" BINDIR="$(BINDIR)" DATADIR="$(DATADIR)" \
	MANDIR="$(MANDIR)" UNITDIR="$(UNITDIR)" TMPFILESDIR="$(TMPFILESDIR)" SYSUSERSDIR="$(SYSUSERSDIR)" \
	POST_INSTALL="$(POST_INSTALL)" scripts/install.sh install

uninstall:
	@DESTDIR="$(DESTDIR)" PREFIX="$(PREFIX)" BINDIR="$(BINDIR)" DATADIR="$(DATADIR)" MANDIR="$(MANDIR)" \
	UNITDIR="$(UNITDIR)" TMPFILESDIR="$(TMPFILESDIR)" SYSUSERSDIR="$(SYSUSERSDIR)" scripts/install.sh uninstall

clean:
	rm -rf .build $(RUN_DIR) $(GEN_DIR)
