"""What a lab test works with: a Device (fresh disk, network namespace, QEMU, 9p share), the report a guest
step writes, and Checks that collect every failed expectation and print the guest's serial log."""
import os
import shutil
import threading
import time

import guest
import qemu

STEPS = os.path.join(guest.HERE, "steps")


class Failed(Exception):
    pass


# Tests may run side by side (lab.py --jobs): each thread names its test, and every line says which test wrote it.
_current = threading.local()
_output = threading.Lock()


def set_test(name):
    _current.name = name


def say(text):
    """Prints one line of the running test's progress as `lab: TEST: text`."""
    with _output:
        print(f"lab: {getattr(_current, 'name', '-')}: {text}", flush=True)


def say_block(header, text):
    """Prints a block (a serial log, a report) in one piece, so a parallel test's lines cannot land inside it."""
    with _output:
        print(f"lab: {getattr(_current, 'name', '-')}: ---- {header} ----\n{text}", flush=True)


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

    def __init__(self, lab, name, rpms, dhcp=None, files=None, mac=guest.MAC, dmi_serial=None):
        self.lab, self.name = lab, name
        self.dir = os.path.join(lab.work, name)
        shutil.rmtree(self.dir, ignore_errors=True)
        self.share = os.path.join(self.dir, "share")
        os.makedirs(os.path.join(self.share, "out"))
        shutil.copytree(STEPS, os.path.join(self.share, "steps"))
        shutil.copytree(lab.bundles, os.path.join(self.share, "bundles"),
                        ignore=shutil.ignore_patterns("*.rpm", "*.tar.gz", "*.tar", "*.spec"))
        self.disk = os.path.join(self.dir, "disk.raw")
        started = time.monotonic()
        guest.make_disk(lab.root, self.disk, rpms, files)
        say(f"fresh disk in {time.monotonic() - started:.0f} s")
        self.network = guest.Network(f"np-lab-{os.getpid()}-{name}", dhcp=dhcp)
        self.serial = os.path.join(self.dir, "serial.log")
        self.machine = qemu.Machine(lab.root, self.disk, self.network, self.share, lab.accel, self.serial, mac, dmi_serial)
        self.checks = Checks(self)
        try:
            lab.started(self)
        except RuntimeError:
            self.network.close()
            raise

    def __enter__(self):
        return self

    def close(self):
        """Kills QEMU and deletes the namespace: by __exit__, or first by lab.py when it is stopped."""
        self.machine.kill()
        self.network.close()
        self.lab.ended(self)

    def __exit__(self, kind, value, trace):
        self.close()
        if kind is not None or self.checks.failures:
            self.checks.print_serial()
        if kind is None:
            self.checks.verdict()
        if kind is None and not self.checks.failures:
            shutil.rmtree(self.dir, ignore_errors=True)  # keep a failed test's disk and logs
        return False

    def start(self, step, *arguments):
        if self.lab.stopping:
            raise RuntimeError("the lab is stopping")
        for stale in os.listdir(os.path.join(self.share, "out")):
            if stale.startswith("ack-"):
                os.remove(os.path.join(self.share, "out", stale))
        self.machine.boot(step, *arguments)

    def finish(self, step, timeout=400):
        """Waits for the guest to power off and returns the step's report sections."""
        seconds = self.machine.wait_poweroff(timeout)
        say(f"boot '{step}' took {seconds:.0f} s")
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
            say(f"FAIL {what}")
        return condition

    def print_serial(self):
        text = open(self.device.serial, errors="replace").read() if os.path.exists(self.device.serial) else ""
        for name in sorted(os.listdir(os.path.join(self.device.share, "out"))):
            if name.endswith(".txt"):
                text += f"\n---- guest report {name} ----\n"
                text += open(os.path.join(self.device.share, "out", name), errors="replace").read()
        say_block(f"guest serial log ({self.device.serial})", text + "\n---- end of guest logs ----")

    def verdict(self):
        if self.failures:
            raise Failed(f"{len(self.failures)} expectation(s) failed: " + "; ".join(self.failures))


from tests_boot import static_device  # noqa: E402  (the tests use the types above)
from tests_confirm import confirm_window  # noqa: E402
from tests_live import firstboot_dhcp, live_dhcp  # noqa: E402
from tests_cuts import power_cuts  # noqa: E402
from tests_modes import gateway_modes  # noqa: E402
from tests_release import release414  # noqa: E402
from tests_bymac import nic_by_mac  # noqa: E402
from tests_fleet import fleet_image  # noqa: E402

# Longest first (their times are in docs/PERFORMANCE.md): lab.py starts them in this order, two at a time, so the
# short ones fill in beside the long ones.
TESTS = {
    "confirm": confirm_window,
    "static": static_device,
    "power-cuts": power_cuts,
    "release414": release414,
    "fleet-image": fleet_image,
    "nic-by-mac": nic_by_mac,
    "gateway-modes": gateway_modes,
    "live-dhcp": live_dhcp,
    "firstboot-dhcp": firstboot_dhcp,
}
