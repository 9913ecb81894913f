"""What a lab test works with: a Device (fresh disk, network namespace, QEMU, 9p share), the report a guest
step writes, and Checks that collect every failed expectation and print the guest's serial log."""
import os
import shutil
import time

import guest
import qemu

STEPS = os.path.join(guest.HERE, "steps")


class Failed(Exception):
    pass


def sections(text):
    """A step's report as {name: text}, from its `== name` lines."""
    found, name = {}, None
    for line in text.splitlines():
        if line.startswith("== "):
            name = line[3:].strip()
            found[name] = []
        elif name is not None:
            found[name].append(line)
    return {key: "\n".join(lines).strip() for key, lines in found.items()}


class Device:
    """One device for one test: `with lab.device(...) as device:`; `device.boot(step)` runs a step to its end."""

    def __init__(self, lab, name, rpms, dhcp=None, files=None):
        self.lab, self.name = lab, name
        self.dir = os.path.join(lab.work, name)
        shutil.rmtree(self.dir, ignore_errors=True)
        self.share = os.path.join(self.dir, "share")
        os.makedirs(os.path.join(self.share, "out"))
        shutil.copytree(STEPS, os.path.join(self.share, "steps"))
        shutil.copytree(lab.bundles, os.path.join(self.share, "bundles"),
                        ignore=shutil.ignore_patterns("*.rpm", "*.tar.gz", "*.spec"))
        self.disk = os.path.join(self.dir, "disk.raw")
        started = time.monotonic()
        guest.make_disk(lab.root, self.disk, rpms, files)
        print(f"lab:   fresh disk in {time.monotonic() - started:.0f} s", flush=True)
        self.network = guest.Network(f"np-lab-{os.getpid()}", dhcp=dhcp)
        self.serial = os.path.join(self.dir, "serial.log")
        self.machine = qemu.Machine(lab.root, self.disk, self.network, self.share, lab.accel, self.serial)
        self.checks = Checks(self)

    def __enter__(self):
        return self

    def __exit__(self, kind, value, trace):
        self.machine.kill()
        self.network.close()
        if kind is not None or self.checks.failures:
            self.checks.print_serial()
        if kind is None:
            self.checks.verdict()
        if kind is None and not self.checks.failures:
            shutil.rmtree(self.dir, ignore_errors=True)  # keep a failed test's disk and logs
        return False

    def start(self, step, *arguments):
        for stale in os.listdir(os.path.join(self.share, "out")):
            if stale.startswith("ack-"):
                os.remove(os.path.join(self.share, "out", stale))
        self.machine.boot(step, *arguments)

    def finish(self, step, timeout=400):
        """Waits for the guest to power off and returns the step's report sections."""
        seconds = self.machine.wait_poweroff(timeout)
        print(f"lab:   boot '{step}' took {seconds:.0f} s", flush=True)
        report = os.path.join(self.share, "out", f"{step}.txt")
        if not os.path.exists(report):
            raise Failed(f"the guest wrote no report for step {step}")
        self.report_text = open(report).read()
        return sections(self.report_text)

    def report(self, step):
        path = os.path.join(self.share, "out", f"{step}.txt")
        return sections(open(path).read()) if os.path.exists(path) else {}


class Checks:
    def __init__(self, device):
        self.device, self.failures = device, []

    def expect(self, condition, what):
        if not condition:
            self.failures.append(what)
            print(f"lab:   FAIL {what}", flush=True)
        return condition

    def print_serial(self):
        print(f"lab: ---- guest serial log ({self.device.serial}) ----")
        if os.path.exists(self.device.serial):
            print(open(self.device.serial, errors="replace").read())
        for name in sorted(os.listdir(os.path.join(self.device.share, "out"))):
            if name.endswith(".txt"):
                print(f"lab: ---- guest report {name} ----")
                print(open(os.path.join(self.device.share, "out", name), errors="replace").read())
        print("lab: ---- end of guest logs ----", flush=True)

    def verdict(self):
        if self.failures:
            raise Failed(f"{len(self.failures)} expectation(s) failed: " + "; ".join(self.failures))


from tests_boot import static_device  # noqa: E402  (the tests use the types above)
from tests_live import firstboot_dhcp, live_dhcp  # noqa: E402
from tests_cuts import power_cuts  # noqa: E402
from tests_modes import gateway_modes  # noqa: E402

TESTS = {
    "static": static_device,
    "firstboot-dhcp": firstboot_dhcp,
    "live-dhcp": live_dhcp,
    "power-cuts": power_cuts,
    "gateway-modes": gateway_modes,
}
