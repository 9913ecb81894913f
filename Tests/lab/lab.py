#!/usr/bin/env python3
"""The device lab: nodeprofile's bundles on a QEMU guest with kernel Open vSwitch and NetworkManager's OVS plugin.

    lab.py [--quick] [--cuts N] [--jobs N] [TEST...]
        runs the named tests (default: all); --quick is make test's variant (2 power cuts instead of 20, the fleet image on one guest)

Tests run two at a time by default (--jobs): each has its own disk, namespace and QEMU, and one TCG guest leaves
about a third of two cores idle while it waits on its network and disk.

Needs root, qemu-system-x86_64 and `make deps`; `make rpm` must have built out/rpm/ (the static agent). Prints
`N passed, N failed` last and exits 1 when a test failed or could not run."""
import argparse
import concurrent.futures
import glob
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import traceback

import cases
import guest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CACHE = os.path.join(REPO, ".build", "lab")


class Lab:
    """What every test shares: the cached root, the accelerator, the agent RPM and the lab's bundles."""

    def __init__(self, cuts, quick=False):
        self.cuts, self.quick = cuts, quick  # quick: make test's variant, each test booting as few guests as it can
        self.devices, self.devices_lock, self.stopping = set(), threading.Lock(), False
        started = time.monotonic()
        print("lab: checking the cache (building it the first time takes about 8 minutes)", flush=True)
        built = subprocess.run(["bash", os.path.join(HERE, "build-cache.sh"), CACHE], capture_output=True, text=True)
        if built.returncode != 0:
            raise RuntimeError(f"building the lab cache failed:\n{built.stderr}")
        self.root = built.stdout.strip().splitlines()[-1]
        print(f"lab: cache ready in {time.monotonic() - started:.0f} s: {self.root}", flush=True)
        import qemu
        self.accel = qemu.accelerator(self.root, CACHE)
        qemu.kernel_files(self.root)  # extracts the PVH kernel once, before tests start side by side
        agents = sorted(glob.glob(os.path.join(REPO, "out", "rpm", "nodeprofile-agent-*.rpm")))
        if not agents:
            raise RuntimeError("no out/rpm/nodeprofile-agent-*.rpm: run `make rpm` first")
        self.agent_rpm = agents[-1]
        self.work = os.path.join(CACHE, "run")
        shutil.rmtree(self.work, ignore_errors=True)
        os.makedirs(self.work)
        self.bundles = os.path.join(self.work, "bundles")
        self.nodeprofile = nodeprofile = subprocess.run(["swift", "build", "--show-bin-path"], cwd=REPO, capture_output=True,
                                     text=True).stdout.strip() + "/nodeprofile"
        for profile in sorted(glob.glob(os.path.join(HERE, "profiles", "*.yaml"))):
            name = os.path.basename(profile)[:-5]
            guest.run([nodeprofile, "package", profile, "-o", os.path.join(self.bundles, name)])
        print(f"lab: accelerator {self.accel}, agent {os.path.basename(self.agent_rpm)}", flush=True)

    def bundle_rpm(self, name):
        return glob.glob(os.path.join(self.bundles, name, "*.noarch.rpm"))[0]

    def device(self, name, rpms, dhcp=None, files=None, mac=guest.MAC, dmi_serial=None):
        return cases.Device(self, name, rpms, dhcp, files, mac, dmi_serial)

    def started(self, device):
        with self.devices_lock:
            if self.stopping:
                raise RuntimeError("the lab is stopping")
            self.devices.add(device)

    def ended(self, device):
        with self.devices_lock:
            self.devices.discard(device)

    def close(self):
        """Stops what tests still run (on SIGTERM or an interrupt): their QEMUs and namespaces."""
        with self.devices_lock:
            self.stopping, left = True, list(self.devices)
        for device in left:
            device.close()


def run_test(lab, name):
    """One test in its own thread; True when it passed."""
    cases.set_test(name)
    started = time.monotonic()
    cases.say("started")
    try:
        cases.TESTS[name](lab)
        cases.say(f"passed ({time.monotonic() - started:.0f} s)")
        return True
    except Exception as error:
        cases.say(f"FAILED ({time.monotonic() - started:.0f} s): {error}")
        if not isinstance(error, cases.Failed):
            cases.say_block("traceback", traceback.format_exc())
        return False


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="make test's variant: fewer power cuts and guests")
    parser.add_argument("--cuts", type=int, help="power cuts (default 2 with --quick, else 20)")
    parser.add_argument("--jobs", type=int, default=2, help="tests run side by side (default 2)")
    parser.add_argument("tests", nargs="*", help=f"tests to run: {', '.join(cases.TESTS)}")
    options = parser.parse_args()
    # On SIGTERM unwind like on an error: lab.close() kills every QEMU and deletes every namespace, and each test
    # then fails at once in its thread.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    unknown = [name for name in options.tests if name not in cases.TESTS]
    if unknown:
        parser.error(f"unknown test {unknown}; known: {', '.join(cases.TESTS)}")
    started = time.monotonic()
    passed = failed = 0
    try:
        lab = Lab(options.cuts if options.cuts is not None else (2 if options.quick else 20), options.quick)
    except Exception as error:  # a lab that cannot run fails with its reason
        print(f"lab: cannot run: {error}", flush=True)
        print(f"0 passed, {len(options.tests or cases.TESTS)} failed")
        return 1
    # Longest first (TESTS is in that order), so the short ones fill in beside the long ones.
    names = [name for name in cases.TESTS if name in options.tests] if options.tests else list(cases.TESTS)
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=max(1, options.jobs))
    try:
        results = [pool.submit(run_test, lab, name) for name in names]
        for result in results:
            if result.result():
                passed += 1
            else:
                failed += 1
    finally:
        lab.close()
        pool.shutdown(wait=False, cancel_futures=True)
    print(f"lab: total {time.monotonic() - started:.0f} s")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
