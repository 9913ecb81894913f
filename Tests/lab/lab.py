#!/usr/bin/env python3
"""The device lab: nodeprofile's bundles on a QEMU guest with kernel Open vSwitch and NetworkManager's OVS plugin.

    lab.py [--quick] [--cuts N] [TEST...]     run the named tests (default: all); --quick is make test's variant

Needs root, qemu-system-x86_64 and `make deps`; `make rpm` must have built out/rpm/ (the static agent). Prints
`N passed, N failed` last and exits 1 when a test failed or could not run."""
import argparse
import glob
import os
import shutil
import signal
import subprocess
import sys
import time
import traceback

import cases
import guest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CACHE = os.path.join(REPO, ".build", "lab")


class Lab:
    """What every test shares: the cached root, the accelerator, the agent RPM and the lab's bundles."""

    def __init__(self, cuts):
        self.cuts = cuts
        started = time.monotonic()
        print("lab: checking the cache (building it the first time takes about 8 minutes)", flush=True)
        built = subprocess.run(["bash", os.path.join(HERE, "build-cache.sh"), CACHE], capture_output=True, text=True)
        if built.returncode != 0:
            raise RuntimeError(f"building the lab cache failed:\n{built.stderr}")
        self.root = built.stdout.strip().splitlines()[-1]
        print(f"lab: cache ready in {time.monotonic() - started:.0f} s: {self.root}", flush=True)
        import qemu
        self.accel = qemu.accelerator(self.root, CACHE)
        agents = sorted(glob.glob(os.path.join(REPO, "out", "rpm", "nodeprofile-agent-*.rpm")))
        if not agents:
            raise RuntimeError("no out/rpm/nodeprofile-agent-*.rpm: run `make rpm` first")
        self.agent_rpm = agents[-1]
        self.work = os.path.join(CACHE, "run")
        shutil.rmtree(self.work, ignore_errors=True)
        os.makedirs(self.work)
        self.bundles = os.path.join(self.work, "bundles")
        nodeprofile = subprocess.run(["swift", "build", "--show-bin-path"], cwd=REPO, capture_output=True,
                                     text=True).stdout.strip() + "/nodeprofile"
        for profile in sorted(glob.glob(os.path.join(HERE, "profiles", "*.yaml"))):
            name = os.path.basename(profile)[:-5]
            guest.run([nodeprofile, "package", profile, "-o", os.path.join(self.bundles, name)])
        print(f"lab: accelerator {self.accel}, agent {os.path.basename(self.agent_rpm)}", flush=True)

    def bundle_rpm(self, name):
        return glob.glob(os.path.join(self.bundles, name, "*.noarch.rpm"))[0]

    def device(self, name, rpms, dhcp=None, files=None):
        return cases.Device(self, name, rpms, dhcp, files)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="make test's variant: fewer power cuts")
    parser.add_argument("--cuts", type=int, help="power cuts (default 2 with --quick, else 20)")
    parser.add_argument("tests", nargs="*", help=f"tests to run: {', '.join(cases.TESTS)}")
    options = parser.parse_args()
    # On SIGTERM unwind like on an error: each device's exit kills its QEMU and deletes its namespace.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    unknown = [name for name in options.tests if name not in cases.TESTS]
    if unknown:
        parser.error(f"unknown test {unknown}; known: {', '.join(cases.TESTS)}")
    started = time.monotonic()
    passed = failed = 0
    try:
        lab = Lab(options.cuts if options.cuts is not None else (2 if options.quick else 20))
    except Exception as error:  # a lab that cannot run fails with its reason
        print(f"lab: cannot run: {error}", flush=True)
        print(f"0 passed, {len(options.tests or cases.TESTS)} failed")
        return 1
    for name in options.tests or cases.TESTS:
        test_started = time.monotonic()
        print(f"lab: {name} ...", flush=True)
        try:
            cases.TESTS[name](lab)
            passed += 1
            print(f"lab: {name} passed ({time.monotonic() - test_started:.0f} s)", flush=True)
        except Exception as error:
            failed += 1
            print(f"lab: {name} FAILED ({time.monotonic() - test_started:.0f} s): {error}", flush=True)
            if not isinstance(error, cases.Failed):
                traceback.print_exc()
    print(f"lab: total {time.monotonic() - started:.0f} s")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
