# nodeprofile: `make run` and `make test` work on a fresh Debian 12 machine as root.
SHELL := /bin/bash
SWIFT ?= swift
PREFIX ?= /usr/local
CONFIG ?= debug

# Debian packages the project and its tests use (shared/TESTING.md), plus Python's jsonschema and
# PyYAML for validating blueprints against `nodeprofile schema` with a real JSON Schema validator.
DEB_PACKAGES := rpm librpm-dev libarchive-dev nftables openvswitch-switch network-manager ignition \
	shellcheck iproute2 ethtool systemd-container mmdebstrap python3-jsonschema python3-yaml bsdutils

.PHONY: deps build run test install clean goldens

## deps: install the Debian packages that are missing (needs root and apt-get)
deps:
	@missing=$$(for p in $(DEB_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "make deps: installing $$missing"; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	else \
		echo "make deps: all Debian packages present"; \
	fi

## build: compile nodeprofile and nodeprofile-agent
build:
	$(SWIFT) build -c $(CONFIG)

## run: install what is needed, build, compile the default blueprint into ./out and show what it generated
run: deps build
	@bin=$$($(SWIFT) build -c $(CONFIG) --show-bin-path); \
	echo "+ nodeprofile validate --strict blueprints/*.yaml"; \
	$$bin/nodeprofile validate --strict blueprints/*.yaml && \
	echo "+ nodeprofile build blueprints/default.yaml -o out" && \
	$$bin/nodeprofile build blueprints/default.yaml -o out

## test: install what is needed, then run every test
test: deps build
	$(SWIFT) test

## install: build release binaries and copy them to $(PREFIX)/bin
install:
	$(SWIFT) build -c release
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $$($(SWIFT) build -c release --show-bin-path)/nodeprofile $(DESTDIR)$(PREFIX)/bin/nodeprofile
	install -m 0755 $$($(SWIFT) build -c release --show-bin-path)/nodeprofile-agent $(DESTDIR)$(PREFIX)/bin/nodeprofile-agent

clean:
	rm -rf .build out

## goldens: re-record Tests/Goldens from the blueprints (review the diff before committing)
goldens:
	NODEPROFILE_RECORD_GOLDENS=1 $(SWIFT) test --filter GoldenTests
	git status --short Tests/Goldens
