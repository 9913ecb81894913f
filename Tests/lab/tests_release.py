"""The 4.14+ network model at boot: MicroShift from 4.14 runs configure-ovs.sh at every boot (a stand-in here:
Tests/lab/stand-ins/configure-ovs-414.sh as microshift-ovs-init.service, ordered like MicroShift's), which deletes
br-ex's keyfiles and builds br-ex with no uplink, unmanaged. One boot with the profile built for 4.18 (our NIC
keyfile, nodeprofile-uplink): the keyfile survives, the node IP stays on eth0, the test host reaches it and a blocked
NodePort is dropped. One boot with the same profile built for 4.13, the negative control: the same checks must fail
there (its keyfiles deleted, the node IP gone), so every run shows the difference is the model, not the stand-in."""
import json
import os

import guest
from cases import Failed, say

DEVICE = "192.168.122.14"   # the profile's address
OTHER = "192.168.122.15"    # an address the NodePort block does not name (added by hand on eth0)
KEYFILES = "/etc/NetworkManager/system-connections/"
STAND_IN = """[Unit]
Description=stand-in for MicroShift's microshift-ovs-init.service (configure-ovs, 4.14 and later)
After=openvswitch.service NetworkManager.service
Before=microshift.service
Requires=openvswitch.service NetworkManager.service
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/bash /usr/local/libexec/configure-ovs-414.sh
TimeoutSec=2m
[Install]
WantedBy=multi-user.target
"""


def stand_in_files():
    """The stand-in unit, its script and the link enabling it, for the device's disk (not the cached root)."""
    script = open(os.path.join(guest.HERE, "stand-ins", "configure-ovs-414.sh")).read()
    unit = "/etc/systemd/system/microshift-ovs-init.service"
    return {unit: (0o644, STAND_IN), "/usr/local/libexec/configure-ovs-414.sh": (0o755, script),
            "/etc/systemd/system/multi-user.target.wants/microshift-ovs-init.service": (None, unit)}


def bundle_keyfiles(lab, name):
    """The NetworkManager keyfiles the bundle NAME writes, from its manifest."""
    found = []

    def walk(value):
        if isinstance(value, dict):
            path = value.get("path")
            if isinstance(path, str) and path.startswith(KEYFILES):
                found.append(path[len(KEYFILES):])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
    walk(json.load(open(os.path.join(lab.bundles, name, "manifest.json"))))
    return sorted(found)


def first_boot(lab, device, name):
    """The first boot of bundle NAME under the stand-in: (report, {check: (passed, detail)}) for the model's checks,
    which pass on a 4.14+ bundle and must fail on a 4.13 one."""
    net = device.network
    device.start("uplink")
    device.machine.wait_mark("traffic", timeout=500)
    model = {"ping": (net.ping(DEVICE), f"the test host pings the node IP {DEVICE}"),
             "nodeport": (net.connect(DEVICE, 30700) == "timeout", "NodePort 30700 on the node IP is dropped"),
             "other": (net.connect(OTHER, 30700) == "answered", f"NodePort 30700 on {OTHER} (not blocked) answers"),
             "8080": (net.connect(DEVICE, 8080) == "answered", "a LoadBalancer-style port (8080) on the node IP answers")}
    device.machine.ack("traffic")
    report = device.finish("uplink")
    written, left = bundle_keyfiles(lab, name), report.get("keyfiles", "").split()
    model.update({
        "keyfiles": (bool(written) and set(written) <= set(left),
                     f"the bundle's keyfiles {written} survive the stand-in (left: {left})"),
        "node-ip": (report.get("node-ip") == "eth0", f"the node IP is on eth0 (on: {report.get('node-ip')!r})"),
        "route": ("via 192.168.122.1 dev eth0" in report.get("route", ""),
                  f"the default route is via eth0: {report.get('route')!r}"),
        "ovs-init": ("Result=success" in report.get("ovs-init", ""),
                     f"nodeprofile-ovs-init succeeded: {report.get('ovs-init')!r}"),
        "greenboot": (report.get("greenboot-check", "").endswith("exit=0"),
                      f"greenboot's required check passes: {report.get('greenboot-check')!r}"),
    })
    # Whatever the bundle, the stand-in must have done its part, or the run proves nothing.
    expect = device.checks.expect
    expect("Result=success" in report.get("agent", ""), f"{name}: the agent applied at boot: {report.get('agent')}")
    # It runs with set -e: success means every command, `nmcli device set br-ex managed no` too, exited 0.
    expect("Result=success" in report.get("stand-in", ""), f"{name}: the stand-in ran: {report.get('stand-in')}")
    expect(report.get("br-ex") == "exists, ports:", f"{name}: br-ex exists with no uplink: {report.get('br-ex')!r}")
    return report, model


def release414(lab):
    same = [open(os.path.join(guest.HERE, "profiles", f"uplink{release}.yaml")).read().splitlines()
            for release in ("413", "418")]
    if [line for line in same[0] if not line.startswith("#")] != \
            [line.replace('"4.18"', '"4.13"') for line in same[1] if not line.startswith("#")]:
        raise RuntimeError("profiles/uplink413.yaml must be uplink418.yaml with only the target changed")
    # Failing first, in every run: the same profile built for 4.13, under the same stand-in. Its verdict waits
    # for the 4.18 boot, so one run shows both.
    control = None
    try:
        negative_control(lab)
    except Failed as failed:
        control = failed
    with lab.device("uplink418", [lab.agent_rpm, lab.bundle_rpm("uplink418")], files=stand_in_files()) as device:
        model_holds(lab, device)
    if control is not None:
        raise control


def negative_control(lab):
    """The 4.13 bundle of the same profile: the stand-in deletes its keyfiles and the node IP goes with them."""
    with lab.device("uplink413", [lab.agent_rpm, lab.bundle_rpm("uplink413")], files=stand_in_files()) as device:
        report, model = first_boot(lab, device, "uplink413")
        expect = device.checks.expect
        removed = report.get("stand-in-log", "")
        for name in ("br-ex", "ovs-if-br-ex", "ovs-port-br-ex", "ovs-if-phys0", "ovs-port-phys0"):
            expect(f"removed {KEYFILES}{name}.nmconnection\n" in removed + "\n", f"4.13: the stand-in deleted {name}: {removed}")
        for check in ("keyfiles", "node-ip", "ping"):
            passed, what = model[check]
            expect(not passed, f"4.13 (negative control) must fail: {what}")
        failed = sorted(check for check, (passed, _) in model.items() if not passed)
        say(f"4.13 under the stand-in fails, as it must: {', '.join(failed)}")


def model_holds(lab, device):
    """The 4.18 bundle: every check of the model passes under the stand-in."""
    report, model = first_boot(lab, device, "uplink418")
    expect = device.checks.expect
    for check, (passed, what) in model.items():
        expect(passed, f"4.18: {what}")
    expect(report.get("keyfiles") == "nodeprofile-uplink.nmconnection",
           f"4.18: our NIC keyfile alone, no br-ex keyfile: {report.get('keyfiles')!r}")
    expect("removed " not in report.get("stand-in-log", ""),
           f"4.18: the stand-in found nothing to delete: {report.get('stand-in-log')}")
    expect(report.get("mtu") == "1400", f"4.18: eth0 has the profile's MTU 1400: {report.get('mtu')}")
    expect(report.get("other-config") == '{n-handler-threads="2", n-revalidator-threads="2"}',
           f"4.18: the profile's thread limits hold over the stand-in's 1: {report.get('other-config')}")
    units = {line.split()[0]: [int(x) for x in line.split()[1:]] for line in report.get("order", "").splitlines()}
    expect(units.get("nodeprofile-ovs-init", [0])[0] >= units.get("microshift-ovs-init", [0, 1 << 62])[1],
           f"4.18: our OVS init ran after microshift-ovs-init: {units}")
    nft = report.get("nft", "")
    expect(DEVICE in nft and "30700" in nft and "packets 0 " not in nft, f"4.18: the drop rule counted: {nft}")
