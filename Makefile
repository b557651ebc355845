# Herald — build, run, test and benchmark. See README.md.
SWIFT       ?= swift
CONFIG      ?= etc/herald/herald.toml
RUN_DIR     ?= $(CURDIR)/.run
PREFIX      ?= /usr/local
DESTDIR     ?=
SWIFT_FLAGS ?=

.PHONY: all build release run test deps bench clean

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

# Builds everything and runs every test (Swift Testing). Tests that need root say when they were skipped.
test: deps
	$(SWIFT) build --build-tests $(SWIFT_FLAGS)
	$(SWIFT) test --skip-build $(SWIFT_FLAGS)

# Benchmarks on a release build; prints figures (no pass/fail).
bench: release
	python3 scripts/bench.py --bin $$($(SWIFT) build $(RELEASE_FLAGS) $(SWIFT_FLAGS) --show-bin-path)

clean:
	rm -rf .build $(RUN_DIR)
