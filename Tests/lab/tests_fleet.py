"""The fleet image (profiles/fleet.yaml: three nodes over the static device's profile, each with its own address):
one RPM from `nodeprofile package FLEET`, installed in the guest beside the agent, and the guest's NIC MAC (QEMU's
mac=) and DMI serial (-smbios type=1,serial=) choose the node at boot.

Both variants, on the host first: `package` of a fleet where two nodes share a MAC is refused, naming both nodes.

--quick (make test): one disk, two boots. Boot 1 as shop-both (MAC and serial, so the agent reads both kinds): the
agent names shop-both, records it, applies its address (the test host pings 192.168.122.23) and greenboot's check
passes. Boot 2, the same disk as an unknown device (a MAC and a serial no node has): the agent applies nothing
(no `applied generation`, the record and shop-both's files stay, as AGENT.md says of a device whose node no longer
matches), result.json says step `identity` naming the MAC and serial it read, and greenboot's check fails with
that reason.

Full (make lab): a fresh disk per device, four boots: shop-mac (its MAC, QEMU's default serial), shop-serial (the
lab's default MAC, its serial) and shop-both each come up as their node at their own address; an unknown device
on a fresh disk applies nothing at all (no node recorded, no br-ex, none of the image's keyfiles), with step
`identity` in result.json and a failing greenboot check."""
import json
import os
import subprocess
import tempfile

import guest

UNKNOWN_MAC, UNKNOWN_SERIAL = "52:54:00:0f:00:99", "LAB-UNKNOWN-9"
# name, MAC, serial, address
NODES = [("shop-mac", "52:54:00:0f:00:01", None, "192.168.122.21"),
         ("shop-serial", guest.MAC, "LAB-SERIAL-2", "192.168.122.22"),
         ("shop-both", "52:54:00:0f:00:03", "LAB-SERIAL-3", "192.168.122.23")]
SHARED_MAC = """apiVersion: nodeprofile/v1
kind: NodeFleet
metadata: {name: twins}
base: %s
nodes:
  - name: twin-a
    identity: {macs: ["52:54:00:0f:00:01"]}
  - name: twin-b
    identity: {macs: ["52:54:00:0F:00:01"]}
"""


def fleet_image(lab):
    shared_mac_refused(lab)
    if lab.quick:
        with lab.device("fleet", [lab.agent_rpm, lab.bundle_rpm("fleet")], mac=NODES[2][1],
                        dmi_serial=NODES[2][2]) as device:
            known(device, *NODES[2])
            device.machine.mac, device.machine.serial = UNKNOWN_MAC, UNKNOWN_SERIAL
            unknown(device, fresh=False)
        return
    for name, mac, serial, address in NODES:
        with lab.device(f"fleet-{name}", [lab.agent_rpm, lab.bundle_rpm("fleet")], mac=mac,
                        dmi_serial=serial) as device:
            known(device, name, mac, serial, address)
    with lab.device("fleet-unknown", [lab.agent_rpm, lab.bundle_rpm("fleet")], mac=UNKNOWN_MAC,
                    dmi_serial=UNKNOWN_SERIAL) as device:
        unknown(device, fresh=True)


def shared_mac_refused(lab):
    """Two nodes naming one MAC (written differently) would both match a device with it: refused at build time."""
    with tempfile.TemporaryDirectory(prefix="np-lab-fleet-") as work:
        fleet = os.path.join(work, "twins.yaml")
        with open(fleet, "w") as file:
            file.write(SHARED_MAC % os.path.join(guest.HERE, "profiles", "static.yaml"))
        built = subprocess.run([lab.nodeprofile, "package", fleet, "-o", os.path.join(work, "out")],
                               capture_output=True, text=True)
        if built.returncode == 0 or "twin-a" not in built.stderr or "twin-b" not in built.stderr \
                or "52:54:00:0f:00:01" not in built.stderr or os.path.exists(os.path.join(work, "out")):
            raise RuntimeError(f"package of a fleet whose two nodes share a MAC: exit {built.returncode}, wrote "
                               f"{os.path.exists(os.path.join(work, 'out'))}, stderr {built.stderr!r}")


def boot(device, address=None):
    device.start("fleet")
    device.machine.wait_mark("traffic", timeout=500)
    reached = device.network.ping(address) if address else None
    device.machine.ack("traffic")
    return device.finish("fleet"), reached


def known(device, name, mac, serial, address):
    report, reached = boot(device, address)
    expect = device.checks.expect
    expect(f"mac {mac}" in report.get("identity", "") and (serial is None or f"serial {serial}" in report["identity"]),
           f"{name}: the guest has the identity QEMU gave it: {report.get('identity')!r}")
    expect("Result=success" in report.get("agent", ""), f"{name}: the agent applied at boot: {report.get('agent')}")
    log = report.get("agent-log", "")
    expect(f"this device is node {name}" in log and log.count("applied generation") == 1,
           f"{name}: the agent picked {name} and applied it once: {log!r}")
    record = report.get("fleet-node", "").split("\t")
    expect(record[:2] == ["labfleet", name] and len(record) == 3 and record[2],
           f"{name}: the choice is recorded, with the identity that made it: {report.get('fleet-node')!r}")
    expect(report.get("addr") == f"{address}/24", f"{name}: br-ex holds {address}: {report.get('addr')!r}")
    check = report.get("greenboot-check", "")
    expect(check.endswith("exit=0") and f"ok: {address} on br-ex is present" in check,
           f"{name}: greenboot's required check passes: {check!r}")
    expect(reached, f"{name}: the test host pings the node at {address}")


def unknown(device, fresh):
    report, _ = boot(device)
    expect = device.checks.expect
    result = json.loads(report.get("result") or "{}") if report.get("result", "none") != "none" else {}
    error = result.get("error", "")
    expect(result.get("status") == "failed" and result.get("step") == "identity"
           and f"MAC {UNKNOWN_MAC}" in error and UNKNOWN_SERIAL in error,
           f"unknown: result.json says step identity naming the MAC and serial read: {report.get('result')!r}")
    expect("applied generation" not in report.get("agent-log", ""),
           f"unknown: the agent applied nothing: {report.get('agent-log')!r}")
    check = report.get("greenboot-check", "")
    expect(not check.endswith("exit=0") and "step identity" in check and UNKNOWN_SERIAL in check,
           f"unknown: greenboot's required check fails naming the identity: {check!r}")
    if fresh:
        expect(report.get("fleet-node") == "none", f"unknown: no node recorded: {report.get('fleet-node')!r}")
        expect(report.get("addr") == "", f"unknown: no br-ex: {report.get('addr')!r}")
        expect("br-ex.nmconnection" not in report.get("keyfiles", ""),
               f"unknown: none of the image's keyfiles: {report.get('keyfiles')!r}")
    else:
        expect(report.get("fleet-node", "").split("\t")[:2] == ["labfleet", "shop-both"],
               f"unknown: the device keeps the node it was: {report.get('fleet-node')!r}")
