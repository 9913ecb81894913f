# nodeprofile: `make run` and `make test` work on a fresh Debian 12 machine as root.
SHELL := /bin/bash
SWIFT ?= swift
PREFIX ?= /usr/local
CONFIG ?= debug

# Debian packages the project and its tests use (shared/TESTING.md), plus Python's jsonschema and
# PyYAML for validating blueprints against `nodeprofile schema` with a real JSON Schema validator, and Go with
# the libraries MicroShift and CRI-O read their files with (Tests/readers: ghodss/yaml, which
# sigs.k8s.io/yaml forked; yaml.v2 2.4.0; go-cidr 1.1.0; BurntSushi/toml; evanphx/json-patch, the merge patch
# MicroShift 4.18 and later apply to config.d).
DEB_PACKAGES := rpm librpm-dev libarchive-dev libssl-dev nftables openvswitch-switch network-manager ignition \
	shellcheck iproute2 ethtool systemd-container mmdebstrap python3-jsonschema python3-yaml bsdutils \
	openssl golang-go golang-github-ghodss-yaml-dev golang-gopkg-yaml.v2-dev golang-github-apparentlymart-go-cidr-dev \
	golang-github-burntsushi-toml-dev golang-github-evanphx-json-patch-dev python3-venv ostree strace
PYTHON_TOOLS := .build/python-tools
PYPI_PACKAGES := pykickstart==3.78 dockerfile-parse==2.0.1
PYPI_CHECK := import importlib.metadata as m; assert m.version("pykickstart") == "3.78" and m.version("dockerfile-parse") == "2.0.1"

# The device lab (Tests/lab) boots QEMU guests and rebuilds NetworkManager from Debian's source package with its OVS
# plugin: it needs QEMU, a deb-src entry for bookworm and the package's build dependencies (make lab-deps).
LAB_PACKAGES := qemu-system-x86 qemu-utils dnsmasq-base iputils-ping
LAB_SOURCES := /etc/apt/sources.list.d/nodeprofile-lab-src.sources

.PHONY: lint deps lab-deps build run check test test-conformance test-boot install clean goldens rpm rpm-package agent-static fuzz bench \
	release lab lab-quick lab-cache test-suites

## deps: install the Debian packages that are missing (needs root and apt-get) and the PyPI tools into .build/python-tools
deps:
	@missing=$$(for p in $(DEB_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "make deps: installing $$missing"; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	else \
		echo "make deps: all Debian packages present"; \
	fi
	@if ! $(PYTHON_TOOLS)/bin/python -c '$(PYPI_CHECK)' 2>/dev/null; then \
		echo "make deps: installing $(PYPI_PACKAGES) into $(PYTHON_TOOLS)"; \
		rm -rf $(PYTHON_TOOLS) && /usr/bin/python3 -m venv $(PYTHON_TOOLS) && \
		$(PYTHON_TOOLS)/bin/pip install -q --disable-pip-version-check $(PYPI_PACKAGES); \
	else \
		echo "make deps: $(PYPI_PACKAGES) present in $(PYTHON_TOOLS)"; \
	fi

## lab-deps: what the device lab needs besides deps: QEMU, and NetworkManager's build dependencies from deb-src
lab-deps: deps
	@missing=$$(for p in $(LAB_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "make lab-deps: installing $$missing"; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
	@installed=$$(dpkg-query -W -f='$${Status}\n' libjansson-dev libdbus-1-dev meson dpkg-dev 2>/dev/null | grep -c "^install ok installed"); \
	if [ -f $(LAB_SOURCES) ] && [ "$$installed" = 4 ]; then echo "make lab-deps: NetworkManager build dependencies present"; else \
		echo "make lab-deps: adding deb-src for bookworm and NetworkManager's build dependencies"; \
		mirror=$$(bash Tests/debian-mirror.sh) || exit 1; \
		printf 'Types: deb-src\nURIs: %s\nSuites: bookworm\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
			"$$mirror" > $(LAB_SOURCES); \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -qq && apt-get build-dep -y -qq network-manager >/dev/null && \
		apt-get install -y -qq --no-install-recommends libjansson-dev libdbus-1-dev meson dpkg-dev >/dev/null; \
	fi

## build: compile nodeprofile and nodeprofile-agent
build:
	$(SWIFT) build -c $(CONFIG)

## run: install what is needed, build, compile the default blueprint into ./out/default and show what it generated
run: deps build
	@# git checks files out 0644, and a password file others can read fails --strict: the example's is the owner's alone.
	@chmod 600 blueprints/secrets/*.pass
	@bin=$$($(SWIFT) build -c $(CONFIG) --show-bin-path); \
	echo "+ nodeprofile validate --strict blueprints/*.yaml blueprints/fleets/*.yaml"; \
	$$bin/nodeprofile validate --strict blueprints/*.yaml blueprints/fleets/*.yaml && \
	echo "+ nodeprofile build blueprints/default.yaml -o out/default" && \
	$$bin/nodeprofile build blueprints/default.yaml -o out/default

# Every swift test runs with a TMPDIR of its own, removed when the tests pass (Tests/scratch.sh).
SCRATCH := bash $(CURDIR)/Tests/scratch.sh

## check: the fast inner loop: the unit and CLI test targets (docs/TESTING.md); no release build, no boot, no lab.
## swift test builds what they run; no make build first: SwiftPM plans swift build and swift test apart, and each
## switch from one to the other relinks TemplateEmbedder and recompiles the embedded templates (5-20 s here).
CHECK_TARGETS := NodeProfileCoreTests|NodeProfileAgentTests|NodeProfileCLITests
check: deps
	$(SCRATCH) $(SWIFT) test --filter '^($(CHECK_TARGETS))\.'

# The static agent and its RPM, which the conformance and boot tests install: make builds them (make rpm, make
# agent-static) before those tests run and passes their paths in; no test builds them.
STATIC_AGENT := $(CURDIR)/.build-release/release/nodeprofile-agent
AGENT_PATHS = NODEPROFILE_AGENT_STATIC=$(STATIC_AGENT) NODEPROFILE_AGENT_RPM=$$(ls $(CURDIR)/out/rpm/nodeprofile-agent-*.rpm)

## test: install what is needed, lint, then run every test target (and fuzz for 60 s, and the device lab's quick variant),
## with the static agent and its RPM built first. The lab's cache (a guest root and a NetworkManager build, about 4
## minutes on a fresh clone) is built beside the Swift builds and suites, which leave part of the two cores idle.
test: deps lab-deps
	$(MAKE) -j2 test-suites lab-cache
	python3 Tests/lab/lab.py --quick $(LAB_TESTS)

# make test's Swift half: lint, every test target, fuzz (make test runs it beside lab-cache)
test-suites: build rpm
	$(MAKE) lint
	$(AGENT_PATHS) $(SCRATCH) $(SWIFT) test
	$(MAKE) fuzz FUZZ_SECONDS=60 FUZZ_SEED=1

## lab-cache: build the device lab's cache alone (Tests/lab/build-cache.sh; its log in .build/lab/cache.log)
lab-cache: lab-deps
	@mkdir -p .build/lab; start=$$(date +%s); \
	if bash Tests/lab/build-cache.sh .build/lab >.build/lab/cache.log 2>&1; then \
		echo "lab cache: ready in $$(( $$(date +%s) - start )) s: $$(tail -n 1 .build/lab/cache.log)"; \
	else tail -n 40 .build/lab/cache.log; echo "lab cache: building it failed (.build/lab/cache.log)"; exit 1; fi

## lab: the device lab (Tests/lab, needs root): QEMU guests with kernel Open vSwitch and NetworkManager's OVS plugin
## running the static agent from `make rpm`; 20 power cuts. LAB_TESTS="static" runs one test; see docs/TESTING.md.
LAB_TESTS ?=
lab: lab-deps rpm
	python3 Tests/lab/lab.py $(LAB_TESTS)

## lab-quick: the lab as `make test` runs it (fewer power cuts; make test runs lab.py itself, with the build and the
## RPM test-suites made, instead of packaging the agent a second time)
lab-quick: lab-deps rpm
	python3 Tests/lab/lab.py --quick $(LAB_TESTS)

## test-conformance, test-boot: one costly test target alone, with what it installs built first
test-conformance: deps build rpm
	$(AGENT_PATHS) $(SCRATCH) $(SWIFT) test --filter '^NodeProfileConformanceTests\.'
test-boot: deps build agent-static
	NODEPROFILE_AGENT_STATIC=$(STATIC_AGENT) $(SCRATCH) $(SWIFT) test --filter '^NodeProfileBootTests\.'

## lint: swift-format with the house style in .swift-format (4 spaces, 120 columns, a doc comment on every public
## declaration); warnings fail. `swift format -i -r Sources Tests Package.swift` fixes what it can.
lint:
	$(SWIFT) format lint --strict --parallel -r Sources Tests Package.swift

## release: both binaries in release with the static Swift standard library, in .build-release: they start in
## about half the time of dynamically linked ones and run where no Swift runtime is installed
release:
	$(SWIFT) build -c release --product nodeprofile --static-swift-stdlib --scratch-path .build-release
	$(SWIFT) build -c release --product nodeprofile-agent --static-swift-stdlib --scratch-path .build-release

## install: build the release binaries and copy them to $(PREFIX)/bin
install: release
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 .build-release/release/nodeprofile $(DESTDIR)$(PREFIX)/bin/nodeprofile
	install -m 0755 .build-release/release/nodeprofile-agent $(DESTDIR)$(PREFIX)/bin/nodeprofile-agent

## rpm: build nodeprofile-agent as its own RPM (static Swift standard library, its unit) into out/rpm
VERSION := $(shell sed -n 's/.*static let current = "\(.*\)"/\1/p' Sources/NodeProfileManifest/Version.swift)
rpm: deps build
	$(MAKE) rpm-package NODEPROFILE=$$($(SWIFT) build -c $(CONFIG) --show-bin-path)/nodeprofile

# The agent with the static Swift standard library (runs on a device with no Swift), in .build-release. It links no
# Foundation (docs/PERFORMANCE.md: A small agent); AgentRPMTests checks its symbols and its installed size.
agent-static:
	$(SWIFT) build -c release --product nodeprofile-agent --static-swift-stdlib --scratch-path .build-release

# The packaging step alone, given a built nodeprofile (make rpm and the lab targets pass the debug one).
rpm-package: agent-static
	@rm -rf out/rpm out/agent-unit && mkdir -p out/rpm
	@$(NODEPROFILE) build blueprints/default.yaml -o out/agent-unit >/dev/null
	SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-946684800} rpmbuild -bb --nodeps --quiet \
		--define "_topdir $(CURDIR)/out/rpm/.build" --define "_rpmdir $(CURDIR)/out/rpm" \
		--define "_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm" \
		--define "use_source_date_epoch_as_buildtime 1" --define "clamp_mtime_to_source_date_epoch 1" \
		--define "_buildhost reproducible" --define "_build_id_links none" --define "np_version $(VERSION)" \
		--define "np_bindir $(CURDIR)/.build-release/release" \
		--define "np_unit $(CURDIR)/out/agent-unit/root/usr/lib/systemd/system/nodeprofile-agent.service" \
		--define "np_greenboot $(CURDIR)/packaging/greenboot" \
		packaging/nodeprofile-agent.spec
	@rm -rf out/rpm/.build
	@ls out/rpm/*.rpm

## fuzz: parse + validate + render under libFuzzer with ASan for FUZZ_SECONDS (default 300)
# Every module is compiled with ASan and libFuzzer's coverage (through -Xfrontend, so build tools link no
# libFuzzer main); libFuzzer's driver is linked into NodeProfileFuzz only. LeakSanitizer is off: Swift's lazily
# initialised globals and runtime caches are reported as leaks at exit. A crash writes .build-fuzz/artifacts/;
# copy it into Tests/FuzzRegressions/, where the test suite replays every file. FUZZ_SEED=0 picks a random
# seed; `make test` fixes it so CI explores the same way each time.
FUZZ_SECONDS ?= 300
FUZZ_SEED ?= 0
SWIFT_BIN := $(dir $(shell command -v $(SWIFT) 2>/dev/null))
FUZZER_LIB := $(firstword $(wildcard $(SWIFT_BIN)../lib/swift/clang/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a))
fuzz:
	@test -n "$(FUZZER_LIB)" || { echo "make fuzz: libclang_rt.fuzzer_no_main not found beside $(SWIFT)"; exit 1; }
	$(SWIFT) build -c release --product NodeProfileFuzz --traits Fuzzing --scratch-path .build-fuzz \
		-Xswiftc -sanitize=address -Xswiftc -Xfrontend -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld \
		-Xlinker $(FUZZER_LIB) -Xlinker -lstdc++
	@rm -rf .build-fuzz/corpus .build-fuzz/artifacts && mkdir -p .build-fuzz/corpus .build-fuzz/artifacts
	@cp blueprints/*.yaml Tests/FuzzRegressions/* .build-fuzz/corpus/
	ASAN_OPTIONS=detect_leaks=0 .build-fuzz/release/NodeProfileFuzz .build-fuzz/corpus -max_total_time=$(FUZZ_SECONDS) -seed=$(FUZZ_SEED) -max_len=8192 -timeout=10 \
		-rss_limit_mb=2048 -detect_leaks=0 -print_final_stats=1 -artifact_prefix=.build-fuzz/artifacts/ 2>&1 \
		| grep -E '^(INFO: seed corpus|#[0-9]+ +DONE|Done|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY)' ; \
		status=$${PIPESTATUS[0]}; echo "fuzz corpus: $$(ls .build-fuzz/corpus | wc -l) inputs"; exit $$status

## bench: time nodeprofile, its agent, Ignition's files stage and nmcli --offline on the same work; prints a
## table of medians and one of installed sizes (the agent and its RPM beside Ignition and NetworkManager), and writes
## bench/results.md (a benchmark, not a test: run it on a quiet machine)
bench: deps release
	$(MAKE) rpm-package NODEPROFILE=$(CURDIR)/.build-release/release/nodeprofile >/dev/null
	python3 bench/bench.py .build-release/release .build-release/release/nodeprofile-agent

clean:
	rm -rf .build .build-release .build-fuzz out

## goldens: re-record Tests/Goldens from the blueprints (review the diff before committing)
goldens:
	NODEPROFILE_RECORD_GOLDENS=1 $(SWIFT) test --filter GoldenTests
	git status --short Tests/Goldens
